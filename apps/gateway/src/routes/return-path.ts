/**
 * Where to send the browser after login: only a path on this site. Anything that a browser could
 * read as another host (`//evil`, `/\evil`, `https://…`, control characters) falls back to `/`.
 */
export function safeReturnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  const parsed = new URL(value, 'http://procura.invalid');
  if (parsed.host !== 'procura.invalid') return undefined;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
