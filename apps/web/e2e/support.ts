import { expect, type Page } from '@playwright/test';

export const gatewayUrl = () => {
  const value = process.env.PROCURA_E2E_URL;
  if (!value) throw new Error('the global setup did not start the system');
  return value;
};

export const idpUrl = () => {
  const value = process.env.PROCURA_E2E_IDP_URL;
  if (!value) throw new Error('the global setup did not start the system');
  return value;
};

/** Logs in from the app's login page through the development IdP, picking the user by name. */
export async function logIn(page: Page, displayName: string, path = '/'): Promise<void> {
  await page.goto(`${gatewayUrl()}${path}`);
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(new RegExp(`^${idpUrl()}/sso`));
  await page.getByRole('button', { name: new RegExp(displayName) }).click();
  await expect(page.getByTestId('current-user')).toContainText(displayName);
}
