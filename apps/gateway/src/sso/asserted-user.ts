// What the identity provider asserts about the user, read through the configured attribute names.
import type { Profile } from '@node-saml/node-saml';

export interface AttributeMapping {
  email: string[];
  displayName: string[];
  groups: string[];
  costCentre: string[];
  manager: string[];
  entity: string[];
  locale: string[];
}

export interface AssertedUser {
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | undefined;
  issuer: string;
  email: string;
  displayName: string;
  groups: string[];
  costCentreCodes: string[];
  managerEmail: string | undefined;
  entityCode: string | undefined;
  locale: 'fr' | 'en' | undefined;
}

const asStrings = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .map((v) =>
      typeof v === 'string' ? v : typeof v === 'object' && v !== null && '_' in v ? String(v._) : String(v),
    )
    .map((v) => v.trim())
    .filter(Boolean);

function first(profile: Profile, names: string[]): string[] {
  const attributes = (profile.attributes ?? profile) as Record<string, unknown>;
  for (const name of names) {
    const values = asStrings(attributes[name]);
    if (values.length > 0) return values;
  }
  return [];
}

export class AssertionProblem extends Error {
  override name = 'AssertionProblem';
}

export function readAssertedUser(profile: Profile, mapping: AttributeMapping): AssertedUser {
  const nameId = profile.nameID;
  if (!nameId) throw new AssertionProblem('the assertion has no NameID');
  const email = (first(profile, mapping.email)[0] ?? (nameId.includes('@') ? nameId : '')).toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new AssertionProblem('the assertion carries no e-mail address');
  const locale = first(profile, mapping.locale)[0]?.slice(0, 2).toLowerCase();
  return {
    nameId,
    nameIdFormat: profile.nameIDFormat ?? null,
    sessionIndex: profile.sessionIndex ?? undefined,
    issuer: profile.issuer ?? '',
    email,
    displayName: first(profile, mapping.displayName)[0] ?? email,
    groups: first(profile, mapping.groups),
    costCentreCodes: first(profile, mapping.costCentre),
    managerEmail: first(profile, mapping.manager)[0]?.toLowerCase(),
    entityCode: first(profile, mapping.entity)[0],
    locale: locale === 'fr' || locale === 'en' ? locale : undefined,
  };
}
