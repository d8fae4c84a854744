/**
 * The units of measure a catalog item may be sold by: codes of UN/ECE Recommendation 20 (and the
 * packaging codes of Recommendation 21, prefixed with X, which Rec 20 admits), as EN 16931 and
 * UBL invoices carry them. Only the codes indirect procurement needs; add a row to accept another.
 */
export const unitsOfMeasure = {
  // Counted things
  C62: { fr: 'unité', en: 'one (unit)' },
  H87: { fr: 'pièce', en: 'piece' },
  EA: { fr: 'chaque', en: 'each' },
  PR: { fr: 'paire', en: 'pair' },
  SET: { fr: 'lot', en: 'set' },
  DZN: { fr: 'douzaine', en: 'dozen' },
  IE: { fr: 'personne', en: 'person' },
  E48: { fr: 'unité de service', en: 'service unit' },
  // Packaging (Rec 21 codes as Rec 20 admits them)
  RM: { fr: 'rame', en: 'ream' },
  XBX: { fr: 'boîte', en: 'box' },
  XPK: { fr: 'paquet', en: 'package' },
  XPA: { fr: 'sachet', en: 'packet' },
  XCT: { fr: 'carton', en: 'carton' },
  XBG: { fr: 'sac', en: 'bag' },
  XBO: { fr: 'bouteille', en: 'bottle' },
  XRO: { fr: 'rouleau', en: 'roll' },
  XTU: { fr: 'tube', en: 'tube' },
  XCR: { fr: 'caisse', en: 'crate' },
  XPX: { fr: 'palette', en: 'pallet' },
  // Mass, volume, length, area
  GRM: { fr: 'gramme', en: 'gram' },
  KGM: { fr: 'kilogramme', en: 'kilogram' },
  TNE: { fr: 'tonne', en: 'tonne' },
  MLT: { fr: 'millilitre', en: 'millilitre' },
  LTR: { fr: 'litre', en: 'litre' },
  MTQ: { fr: 'mètre cube', en: 'cubic metre' },
  MMT: { fr: 'millimètre', en: 'millimetre' },
  CMT: { fr: 'centimètre', en: 'centimetre' },
  MTR: { fr: 'mètre', en: 'metre' },
  KMT: { fr: 'kilomètre', en: 'kilometre' },
  MTK: { fr: 'mètre carré', en: 'square metre' },
  // Energy and data
  KWH: { fr: 'kilowattheure', en: 'kilowatt hour' },
  E34: { fr: 'gigaoctet', en: 'gigabyte' },
  // Time (services, rentals, subscriptions)
  MIN: { fr: 'minute', en: 'minute' },
  HUR: { fr: 'heure', en: 'hour' },
  DAY: { fr: 'jour', en: 'day' },
  WEE: { fr: 'semaine', en: 'week' },
  MON: { fr: 'mois', en: 'month' },
  QAN: { fr: 'trimestre', en: 'quarter (of a year)' },
  ANN: { fr: 'année', en: 'year' },
} as const satisfies Record<string, { fr: string; en: string }>;

export type UnitOfMeasureCode = keyof typeof unitsOfMeasure;

export const unitOfMeasureCodes = Object.keys(unitsOfMeasure) as readonly UnitOfMeasureCode[];

/** True for an accepted code, exactly as written (Rec 20 codes are upper case). */
export function isUnitOfMeasureCode(value: unknown): value is UnitOfMeasureCode {
  return typeof value === 'string' && Object.hasOwn(unitsOfMeasure, value);
}
