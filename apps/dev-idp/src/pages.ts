// The few HTML pages of the development IdP, in French and English. Every value that did not come
// from this file goes through `escapeHtml`.

export interface UserChoice {
  id: string;
  displayName: string;
  email: string;
  roles: readonly string[];
  groups: readonly string[];
}

export interface SignedInUser {
  displayName: string;
  email: string;
}

const title = "Procura — fournisseur d'identité de développement / development identity provider";

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const style = `
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 44rem; padding: 0 1rem; color: #1c2430; }
  h1 { font-size: 1.35rem; }
  .dev { background: #fff4d6; border: 1px solid #e0b84c; border-radius: 6px; padding: .75rem 1rem; }
  .users { display: grid; gap: .6rem; margin-top: 1rem; }
  .users button { text-align: left; padding: .7rem 1rem; border: 1px solid #b7c0cc; border-radius: 6px;
    background: #fff; cursor: pointer; font: inherit; }
  .users button:hover, .users button:focus { border-color: #1f5fbf; background: #f2f6fc; }
  .name { font-weight: 600; } .meta { color: #4a5564; font-size: .9rem; }
  .error { background: #fde8e8; border: 1px solid #d05050; border-radius: 6px; padding: .75rem 1rem; }
`;

function page(body: string, options: { nonce?: string; script?: string } = {}): string {
  const script =
    options.script && options.nonce
      ? `<script nonce="${escapeHtml(options.nonce)}">${options.script}</script>`
      : '';
  return (
    '<!doctype html>\n<html lang="fr"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="robots" content="noindex">' +
    `<title>${escapeHtml(title)}</title><style>${style}</style></head><body>` +
    `<h1>${escapeHtml(title)}</h1>${body}${script}</body></html>\n`
  );
}

const devNote =
  '<p class="dev"><strong>Développement uniquement / Development only.</strong> ' +
  "Ce fournisseur d'identité n'existe que pour le développement et les tests de Procura : il connecte " +
  "n'importe qui sous l'identité d'un utilisateur de démonstration, sans mot de passe. " +
  '<span lang="en">This identity provider exists only for developing and testing Procura: it signs anyone ' +
  'in as a demo user, without a password.</span></p>';

/** The user picker shown for an AuthnRequest when the browser has no IdP session yet. */
export function loginPage(input: { pendingId: string; users: readonly UserChoice[] }): string {
  const buttons = input.users
    .map(
      (user) =>
        `<button type="submit" name="user" value="${escapeHtml(user.id)}">` +
        `<span class="name">${escapeHtml(user.displayName)}</span><br>` +
        `<span class="meta">${escapeHtml(user.email)}</span><br>` +
        `<span class="meta">Rôles / roles : ${escapeHtml(user.roles.join(', '))}</span><br>` +
        `<span class="meta">Groupes / groups : ${escapeHtml(user.groups.join(', '))}</span></button>`,
    )
    .join('');
  return page(
    devNote +
      '<p>Choisissez un utilisateur de démonstration / <span lang="en">Choose a demo user</span></p>' +
      `<form method="post" action="login" class="users">` +
      `<input type="hidden" name="request" value="${escapeHtml(input.pendingId)}">${buttons}</form>`,
  );
}

/** Carries a SAML message to the SP with the HTTP-POST binding: a form the browser submits at once. */
export function autoPostPage(input: {
  action: string;
  fields: Record<string, string>;
  nonce: string;
}): string {
  const hidden = Object.entries(input.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    `<form method="post" action="${escapeHtml(input.action)}">${hidden}` +
      '<p>Retour vers Procura… / <span lang="en">Returning to Procura…</span></p>' +
      '<noscript><button type="submit">Continuer / Continue</button></noscript></form>',
    { nonce: input.nonce, script: 'document.forms[0].submit();' },
  );
}

/** `GET /`: who is signed in at the IdP, with the button that starts an IdP-initiated logout. */
export function homePage(input: { user: SignedInUser | undefined }): string {
  if (!input.user) {
    return page(
      `${devNote}<p>Personne n'est connecté à ce fournisseur d'identité. / ` +
        '<span lang="en">Nobody is signed in at this identity provider.</span></p>',
    );
  }
  return page(
    devNote +
      '<p>Connecté en tant que / <span lang="en">Signed in as</span> ' +
      `<strong>${escapeHtml(input.user.displayName)}</strong> (${escapeHtml(input.user.email)})</p>` +
      '<form method="post" action="logout"><button type="submit">Se déconnecter / Sign out</button></form>' +
      '<p class="meta">La déconnexion met aussi fin à la session Procura. / ' +
      '<span lang="en">Signing out also ends the Procura session.</span></p>',
  );
}

export function loggedOutPage(): string {
  return page(
    `<p><strong>Vous êtes déconnecté. / <span lang="en">You are logged out.</span></strong></p>${devNote}`,
  );
}

export function errorPage(input: { messageFr: string; messageEn: string; detail?: string }): string {
  const detail = input.detail ? `<p class="meta"><code>${escapeHtml(input.detail)}</code></p>` : '';
  return page(
    `<div class="error"><p>${escapeHtml(input.messageFr)} / <span lang="en">${escapeHtml(input.messageEn)}</span></p>` +
      `${detail}</div>`,
  );
}
