// Logs a demo user in through the gateway and the development IdP, as a browser would, for
// system tests and scripts: the whole SAML round trip, with real signatures.
import { demoUsers } from '@procura/demo-data';

export interface BrowserSession {
  /** The gateway's session cookie, `procura.sid=…`. */
  cookie: string;
  csrfToken: string;
}

const hiddenField = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`)
    .exec(html)?.[1]
    ?.replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"');

export async function logInThroughDevIdp(gatewayUrl: string, email: string): Promise<BrowserSession> {
  const user = demoUsers.find((u) => u.email === email);
  if (!user) throw new Error(`${email} is not a demo user`);
  const start = await fetch(`${gatewayUrl}/auth/saml/login?returnTo=/`, { redirect: 'manual' });
  const ssoUrl = start.headers.get('location');
  if (start.status !== 302 || !ssoUrl)
    throw new Error(`the gateway did not redirect to the IdP (${start.status})`);

  const loginPage = await fetch(ssoUrl);
  const pendingId = hiddenField(await loginPage.text(), 'request');
  if (!pendingId) throw new Error('the IdP did not show its login page');
  const chosen = await fetch(new URL('login', ssoUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: pendingId, user: user.id }),
  });
  const form = await chosen.text();
  const samlResponse = hiddenField(form, 'SAMLResponse');
  if (!samlResponse) throw new Error(`the IdP did not answer with a SAML response (${chosen.status})`);

  const callback = await fetch(`${gatewayUrl}/auth/saml/callback`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      SAMLResponse: samlResponse,
      RelayState: hiddenField(form, 'RelayState') ?? '/',
    }),
  });
  const cookie = callback.headers.get('set-cookie')?.split(';')[0];
  if (callback.status !== 303 || !cookie)
    throw new Error(`the gateway refused the login (${callback.status}): ${await callback.text()}`);
  const me = await fetch(`${gatewayUrl}/api/v1/me`, { headers: { cookie } });
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}
