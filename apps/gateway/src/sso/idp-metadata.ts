// Reads what the service provider needs from an identity provider's SAML metadata.
import { DOMParser } from '@xmldom/xmldom';

const md = 'urn:oasis:names:tc:SAML:2.0:metadata';
const ds = 'http://www.w3.org/2000/09/xmldsig#';
const redirectBinding = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export interface IdentityProviderSettings {
  entityId: string;
  ssoUrl: string;
  sloUrl: string | undefined;
  /** Signing certificates, PEM. */
  certificates: string[];
}

function toPem(base64: string): string {
  const body =
    base64
      .replace(/\s+/g, '')
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`;
}

export function parseIdpMetadata(xml: string): IdentityProviderSettings {
  const refuse = (message: string) => {
    throw new Error(`IdP metadata is not valid XML: ${message}`);
  };
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: refuse, fatalError: refuse },
  }).parseFromString(xml, 'text/xml');
  const entity = doc.getElementsByTagNameNS(md, 'EntityDescriptor')[0];
  const idp = doc.getElementsByTagNameNS(md, 'IDPSSODescriptor')[0];
  if (!entity || !idp) throw new Error('IdP metadata has no EntityDescriptor with an IDPSSODescriptor');
  const endpoint = (name: string) =>
    Array.from(idp.getElementsByTagNameNS(md, name))
      .find((e) => e.getAttribute('Binding') === redirectBinding)
      ?.getAttribute('Location') ?? undefined;
  const ssoUrl = endpoint('SingleSignOnService');
  if (!ssoUrl) throw new Error('IdP metadata has no SingleSignOnService with the HTTP-Redirect binding');
  const certificates = Array.from(idp.getElementsByTagNameNS(md, 'KeyDescriptor'))
    .filter((k) => (k.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((k) => Array.from(k.getElementsByTagNameNS(ds, 'X509Certificate')))
    .map((c) => toPem(c.textContent ?? ''));
  if (certificates.length === 0) throw new Error('IdP metadata has no signing certificate');
  return {
    entityId: entity.getAttribute('entityID') ?? '',
    ssoUrl,
    sloUrl: endpoint('SingleLogoutService'),
    certificates,
  };
}

/** Fetches metadata, retrying while the identity provider starts (up to `timeoutMs`). */
export async function fetchIdpMetadata(url: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return await response.text();
      if (Date.now() > deadline) throw new Error(`IdP metadata at ${url} answered ${response.status}`);
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
