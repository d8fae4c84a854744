import { demoUserEmails, demoUsers } from '@procura/demo-data';
import { describe, expect, it } from 'vitest';
import { samlAttributesOf } from '../src/users.js';

function attributesOf(email: string) {
  const user = demoUsers.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`no demo user ${email}`);
  return samlAttributesOf(user);
}

describe('SAML attributes of the demo users', () => {
  it('maps roles to IdP groups, cost centres and entity to their codes, the manager to an e-mail', () => {
    expect(attributesOf(demoUserEmails.employee)).toEqual({
      email: 'lea.moreau@altiva.example',
      displayName: 'Léa Moreau',
      groups: ['procura-employees'],
      costCentre: ['ALT-MKT'],
      manager: 'julien.lefevre@altiva.example',
      entity: 'ALTIVA',
      locale: 'fr',
    });
    expect(attributesOf(demoUserEmails.buyer)).toEqual({
      email: 'sophie.garnier@altiva.example',
      displayName: 'Sophie Garnier',
      groups: ['procura-employees', 'procura-buyers'],
      costCentre: ['ALT-SG'],
      manager: 'julien.lefevre@altiva.example',
      entity: 'ALTIVA',
      locale: 'fr',
    });
    expect(attributesOf(demoUserEmails.administrator)).toEqual({
      email: 'antoine.lambert@altiva.example',
      displayName: 'Antoine Lambert',
      groups: ['procura-employees', 'procura-administrators'],
      costCentre: ['ALO-OPS'],
      manager: 'julien.lefevre@altiva.example',
      entity: 'ALTIVA-OUEST',
      locale: 'en',
    });
  });

  it('leaves the manager out for users who have none', () => {
    expect(attributesOf(demoUserEmails.director)).toEqual({
      email: 'claire.dubois@altiva.example',
      displayName: 'Claire Dubois',
      groups: ['procura-employees', 'procura-managers'],
      costCentre: ['ALT-FIN'],
      entity: 'ALTIVA',
      locale: 'fr',
    });
    expect(attributesOf(demoUserEmails.accountant)).toEqual({
      email: 'thomas.petit@altiva.example',
      displayName: 'Thomas Petit',
      groups: ['procura-employees', 'procura-accountants'],
      costCentre: ['ALT-FIN'],
      entity: 'ALTIVA',
      locale: 'fr',
    });
  });
});
