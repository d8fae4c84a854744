// A realistic large catalog, generated deterministically: 500 suppliers and 200,000 items whose
// names combine a product (French and English), a brand, a series name and a variant, like the
// catalogs of office-supply and IT wholesalers.

export interface GeneratedItem {
  id: string;
  supplierId: string;
  sku: string;
  nameFr: string;
  nameEn: string;
  descriptionFr: string;
  descriptionEn: string;
  categoryCode: string;
  unitPrice: string;
  /** What a person would type to find this item. */
  series: string;
  productFr: string;
  productEn: string;
  brand: string;
}

/** mulberry32: a small, fast, seedable generator, so every run benchmarks the same catalog. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const products: [fr: string, en: string, category: string, minPrice: number, maxPrice: number][] = [
  ['Écran', 'Monitor', '43211902', 90, 900],
  ['Ordinateur portable', 'Laptop', '43211503', 450, 2800],
  ['Clavier sans fil', 'Wireless keyboard', '43211706', 15, 160],
  ['Souris ergonomique', 'Ergonomic mouse', '43211708', 10, 120],
  ['Casque audio', 'Headset', '43211607', 20, 350],
  ['Station d’accueil', 'Docking station', '43211603', 80, 400],
  ['Câble réseau', 'Network cable', '43202222', 2, 40],
  ['Disque SSD', 'SSD drive', '43201827', 40, 600],
  ['Imprimante laser', 'Laser printer', '43212105', 150, 1800],
  ['Ramette de papier', 'Ream of paper', '14111507', 3, 12],
  ['Stylo à bille', 'Ballpoint pen', '44121701', 0.4, 6],
  ['Surligneur', 'Highlighter', '44121708', 0.6, 4],
  ['Classeur à levier', 'Lever arch file', '44122003', 2, 9],
  ['Chaise de bureau', 'Office chair', '56101504', 120, 1200],
  ['Bureau réglable', 'Adjustable desk', '56101703', 250, 1500],
  ['Cartouche de toner', 'Toner cartridge', '44103103', 30, 280],
  ['Webcam', 'Webcam', '43211714', 30, 250],
  ['Commutateur réseau', 'Network switch', '43222610', 60, 2500],
  ['Borne Wi-Fi', 'Wi-Fi access point', '43222640', 80, 900],
  ['Lampe de bureau', 'Desk lamp', '39111500', 15, 180],
  ['Agrafeuse', 'Stapler', '44121615', 4, 60],
  ['Carnet de notes', 'Notebook', '14111514', 1, 15],
  ['Tableau blanc', 'Whiteboard', '44111905', 30, 600],
  ['Destructeur de documents', 'Paper shredder', '44101603', 60, 900],
  ['Onduleur', 'UPS', '39121011', 80, 1500],
];
const brands = [
  'Lenovo',
  'Dell',
  'Logitech',
  'Jabra',
  'Brother',
  'Canon',
  'Samsung',
  'Kingston',
  'Maped',
  'Bic',
  'Leitz',
  'Fellowes',
  'Steelcase',
  'Netgear',
  'Cisco',
  'Philips',
  'Eaton',
  'Clairefontaine',
  'Exacompta',
  'Stabilo',
];
const syllables = [
  'ka',
  'lo',
  'mi',
  'ra',
  'ven',
  'tis',
  'zor',
  'qua',
  'nel',
  'dra',
  'pho',
  'sil',
  'mar',
  'tek',
  'vo',
  'lun',
  'bri',
  'cor',
  'gal',
  'fen',
  'rix',
  'tan',
  'mos',
  'ela',
];
const variantsFr = ['noir', 'blanc', 'gris', 'bleu', 'argent', 'recyclé', 'compact', 'premium', 'pro', 'éco'];
const variantsEn = [
  'black',
  'white',
  'grey',
  'blue',
  'silver',
  'recycled',
  'compact',
  'premium',
  'pro',
  'eco',
];

/** The categories the generated items use, named after their first product. */
export const benchCategories = [
  ...new Map(products.map(([fr, en, code]) => [code, { code, nameFr: fr, nameEn: en }])).values(),
];

/** A version-4-shaped UUID from a seeded generator: the same catalog gets the same ids every run. */
function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function generateCatalog(options: { suppliers: number; items: number; seed: number }) {
  const random = seededRandom(options.seed);
  // Ids come from their own stream so that the catalog's content does not depend on them.
  const randomIds = seededRandom(options.seed ^ 0x5eed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const supplierIds = Array.from({ length: options.suppliers }, () => seededUuid(randomIds));
  const seriesNames = new Set<string>();
  const items: GeneratedItem[] = [];
  for (let i = 0; i < options.items; i++) {
    const [productFr, productEn, categoryCode, min, max] = pick(products);
    const brand = pick(brands);
    let series = '';
    do {
      const word = Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(syllables)).join('');
      series = `${word[0]?.toUpperCase()}${word.slice(1)}${Math.floor(random() * 900 + 100)}`;
    } while (seriesNames.has(series));
    seriesNames.add(series);
    const variant = Math.floor(random() * variantsFr.length);
    const price = (min + random() * (max - min)).toFixed(2);
    items.push({
      id: seededUuid(randomIds),
      supplierId: supplierIds[i % supplierIds.length] as string,
      sku: `${brand.slice(0, 3).toUpperCase()}-${series.toUpperCase()}-${variant}`,
      nameFr: `${productFr} ${brand} ${series} ${variantsFr[variant]}`,
      nameEn: `${productEn} ${brand} ${series} ${variantsEn[variant]}`,
      descriptionFr: `${productFr} de la gamme ${series} par ${brand}, finition ${variantsFr[variant]}.`,
      descriptionEn: `${productEn} from the ${series} range by ${brand}, ${variantsEn[variant]} finish.`,
      categoryCode,
      unitPrice: price,
      series,
      productFr,
      productEn,
      brand,
    });
  }
  return { supplierIds, items, random };
}

export type QueryKind = 'exact' | 'prefix' | 'misspelt' | 'without accents';

export interface BenchQuery {
  kind: QueryKind;
  q: string;
  intendedId: string;
}

const stripAccents = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '');

function misspell(word: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  const swap = random() < 0.5;
  return swap
    ? `${word.slice(0, at)}${word[at + 1] ?? ''}${word[at]}${word.slice(at + 2)}`
    : `${word.slice(0, at)}${word.slice(at + 1)}`;
}

/** One to three words, French and English, as people type them: whole, cut short, misspelt, without accents. */
export function generateQueries(items: GeneratedItem[], count: number, random: () => number): BenchQuery[] {
  const kinds: QueryKind[] = ['exact', 'exact', 'prefix', 'misspelt', 'without accents'];
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    const item = items[Math.floor(random() * items.length)] as GeneratedItem;
    const english = random() < 0.4;
    const product = english ? item.productEn : item.productFr;
    const kind = kinds[queries.length % kinds.length] as QueryKind;
    const forms = [
      item.series,
      `${item.brand} ${item.series}`,
      `${product.split(' ')[0]} ${item.series}`,
      `${product} ${item.series}`,
    ];
    let q = forms[Math.floor(random() * forms.length)] as string;
    if (kind === 'prefix') q = q.slice(0, q.length - 1 - Math.floor(random() * 2));
    if (kind === 'misspelt') q = q.replace(item.series, misspell(item.series, random));
    if (kind === 'without accents') {
      const accented = item.productFr.match(/\S*[À-ÿ]\S*/u)?.[0];
      q = stripAccents(accented ? `${accented} ${item.series}` : `${item.productFr} ${item.series}`);
    }
    queries.push({ kind, q, intendedId: item.id });
  }
  return queries;
}
