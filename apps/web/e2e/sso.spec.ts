import { expect, test } from '@playwright/test';
import { gatewayUrl, idpUrl, logIn } from './support.js';

// Each demo user logs in through the development IdP and sees the menu of their roles.
// The cart's link carries the number of lines in the cart.
const cart = /^Panier\s*\d*$/;
// Everyone has their purchase requests, an approvals inbox and the orders they may read.
const requests = ['Mes demandes', 'Approbations', 'Commandes'];
const people = [
  { name: 'Léa Moreau', roles: 'Collaborateur', menu: ['Catalogue', cart, ...requests] },
  {
    name: 'Julien Lefèvre',
    roles: 'Manager',
    menu: ['Catalogue', cart, ...requests, 'Délégations', 'Budgets'],
  },
  {
    name: 'Sophie Garnier',
    roles: 'Acheteur',
    menu: ['Catalogue', cart, ...requests, 'Demandes hors catalogue', 'Fournisseurs', 'Imports de catalogue'],
  },
  {
    name: 'Thomas Petit',
    roles: 'Comptable',
    menu: [
      'Catalogue',
      cart,
      ...requests,
      'Factures',
      'Paiements',
      'Lignes budgétaires',
      'Budgets',
      'Taux de change',
      'Fournisseurs',
    ],
  },
  {
    name: 'Antoine Lambert',
    roles: 'Administrateur',
    menu: [
      'Catalogue',
      cart,
      ...requests,
      'Factures',
      'Paiements',
      'Demandes hors catalogue',
      'Lignes budgétaires',
      'Budgets',
      'Taux de change',
      'Fournisseurs',
      'Imports de catalogue',
      'Administration',
    ],
  },
];

for (const person of people) {
  test(`${person.name} logs in through the IdP and sees the ${person.roles} menu`, async ({ page }) => {
    await logIn(page, person.name);
    await expect(page.getByTestId('current-user')).toContainText(person.roles);
    await expect(page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link')).toHaveText(
      person.menu,
    );
  });
}

test('a visitor sees the login page and comes back to the page asked for', async ({ page }) => {
  await page.goto(`${gatewayUrl()}/suppliers`);
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: /Sophie Garnier/ }).click();
  await expect(page).toHaveURL(`${gatewayUrl()}/suppliers`);
  await expect(page.getByRole('link', { name: 'Fournisseurs' })).toHaveAttribute('aria-current', 'page');
});

test('logout ends the session at the gateway and at the IdP', async ({ page }) => {
  await logIn(page, 'Julien Lefèvre');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByText('Vous êtes déconnecté.')).toBeVisible();
  await expect(page).toHaveURL(`${gatewayUrl()}/?loggedOut=1`);

  // The gateway forgot the session…
  const me = await page.request.get(`${gatewayUrl()}/api/v1/me`);
  expect(me.status()).toBe(401);
  // …and so did the IdP: logging in again asks who you are.
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(new RegExp(`^${idpUrl()}/sso`));
  await expect(page.getByRole('button', { name: /Julien Lefèvre/ })).toBeVisible();
});
