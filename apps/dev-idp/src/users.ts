import { demoCostCentres, demoEntities, demoUsers, type Role } from '@procura/demo-data';

export type DemoUser = (typeof demoUsers)[number];

/** The IdP group each Procura role is granted through, as a directory (Entra ID, Okta…) would hold it. */
export const roleGroups: Readonly<Record<Role, string>> = {
  employee: 'procura-employees',
  manager: 'procura-managers',
  buyer: 'procura-buyers',
  accountant: 'procura-accountants',
  administrator: 'procura-administrators',
  auditor: 'procura-auditors',
};

/**
 * What the IdP says about a user in the SAML assertion. The keys are the attribute names, exactly as
 * the gateway expects them by default; `manager` is left out when the user has none.
 */
export interface SamlUserAttributes {
  email: string;
  displayName: string;
  groups: string[];
  costCentre: string[];
  manager?: string;
  entity: string;
  locale: 'fr' | 'en';
}

export function findDemoUser(id: string): DemoUser | undefined {
  return demoUsers.find((user) => user.id === id);
}

export function samlAttributesOf(user: DemoUser): SamlUserAttributes {
  const costCentre = user.costCentreIds.map((id) => {
    const found = demoCostCentres.find((centre) => centre.id === id);
    if (!found) throw new Error(`demo user ${user.email}: unknown cost centre ${id}`);
    return found.code;
  });
  const entity = demoEntities.find((candidate) => candidate.id === user.entityId);
  if (!entity) throw new Error(`demo user ${user.email}: unknown entity ${user.entityId}`);
  let manager: string | undefined;
  if (user.managerUserId) {
    const found = demoUsers.find((candidate) => candidate.id === user.managerUserId);
    if (!found) throw new Error(`demo user ${user.email}: unknown manager ${user.managerUserId}`);
    manager = found.email;
  }
  return {
    email: user.email,
    displayName: user.displayName,
    groups: user.roles.map((role) => roleGroups[role]),
    costCentre,
    ...(manager ? { manager } : {}),
    entity: entity.code,
    locale: user.locale,
  };
}
