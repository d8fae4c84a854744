// Static checks of infra/: they read the files, never run Docker or a cluster. They keep the
// deployment in step with the apps (a new app under apps/ fails here until compose and the
// Kubernetes manifests run it) and keep secrets out of the repository.
//
// The YAML is read with a few line-based helpers rather than a YAML library: the files are written
// in block style with two-space indentation, and that is all the helpers understand.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const infraDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(infraDir, '..');
const appsDir = join(repoRoot, 'apps');

/** Apps that are not deployed as a service of their own. */
const notServices = new Set([
  'web', // built into the gateway image, served by the gateway
  'dev-idp', // development-only identity provider, never deployed
]);

/** Every app under apps/ that runs as a service, discovered now: a new app must be added here. */
const services = readdirSync(appsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !notServices.has(entry.name))
  .filter((entry) => existsSync(join(appsDir, entry.name, 'package.json')))
  .map((entry) => entry.name)
  .sort();

const readInfra = (path: string) => readFileSync(join(infraDir, path), 'utf8');
const readRepo = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

// --- line-based YAML helpers --------------------------------------------------------------------

const indentOf = (line: string) => line.length - line.trimStart().length;
const isContent = (line: string) => line.trim() !== '' && !line.trimStart().startsWith('#');
const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/, '$2');

/** The keys at exactly `indent` spaces, each with the lines nested under it (its block). */
function mapping(lines: string[], indent: number): Map<string, { value: string; block: string[] }> {
  const result = new Map<string, { value: string; block: string[] }>();
  let current: string[] | undefined;
  for (const line of lines) {
    if (!isContent(line)) {
      current?.push(line);
      continue;
    }
    const depth = indentOf(line);
    const key = depth === indent ? /^\s*([\w.<-]+):(?:\s+(.*))?$/.exec(line) : null;
    if (key?.[1]) {
      current = [];
      result.set(key[1], { value: unquote(key[2] ?? ''), block: current });
    } else if (depth > indent) {
      current?.push(line);
    } else {
      current = undefined;
    }
  }
  return result;
}

/** The block under `path` (keys separated by dots), from a document's top level. */
function blockAt(lines: string[], path: string): string[] | undefined {
  let block: string[] | undefined = lines;
  let indent = 0;
  for (const key of path.split('.')) {
    if (!block) return undefined;
    block = mapping(block, indent).get(key)?.block;
    const first = block?.find(isContent);
    indent = first ? indentOf(first) : indent + 2;
  }
  return block;
}

/** The block nested under the first line that is exactly `key:`, wherever it is. */
function blockUnder(lines: string[], key: string): string[] | undefined {
  const start = lines.findIndex((line) => line.trim() === `${key}:`);
  if (start < 0) return undefined;
  const indent = indentOf(lines[start] as string);
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (isContent(line) && indentOf(line) <= indent) break;
    block.push(line);
  }
  return block;
}

const lines = (text: string) => text.split(/\r?\n/);

// --- what the services read from their environment ---------------------------------------------
//
// Read from the TypeScript source of each configuration, with a small scanner (brackets and
// strings, nothing more) instead of a compiler: enough for the zod schemas and the checks after
// them, which are written in a few regular shapes. The self-test in "the configuration reader"
// below shows each shape; a config.ts written another way fails there or here, not in production.

/** One setting, given by any of its names: NAME, or NAME and NAME_FILE for a value pemFrom reads. */
interface EnvVariable {
  names: string[];
}

/** What a service refuses to start without: every variable of at least one of the alternatives. */
interface Requirement {
  anyOf: EnvVariable[][];
}

interface ServiceEnvironment {
  /** Every variable the configuration reads, required or not. */
  reads: EnvVariable[];
  requires: Requirement[];
}

/** The index of the quote that closes the string opened at `start`. */
function endOfString(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
  return i;
}

/** The expression from `start` to the first `,` or `;` at its own depth, or the bracket closing it. */
function expressionAt(source: string, start: number): string {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "'" || c === '"' || c === '`') i = endOfString(source, i);
    else if (c === '/' && source[i + 1] === '/')
      i = source.indexOf('\n', i) < 0 ? source.length : source.indexOf('\n', i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c) && depth-- === 0) return source.slice(start, i);
    else if ((c === ',' || c === ';') && depth === 0) return source.slice(start, i);
  }
  return source.slice(start);
}

/** The operands of `operator` (`&&` or `||`) at the top level of an expression. */
function splitTop(expression: string, operator: '&&' | '||'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i] as string;
    if (c === "'" || c === '"' || c === '`') i = endOfString(expression, i);
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && expression.startsWith(operator, i)) {
      parts.push(expression.slice(from, i).trim());
      from = i + operator.length;
      i = from - 1;
    }
  }
  parts.push(expression.slice(from).trim());
  return parts;
}

/** `(a && b)` → `a && b`, when the brackets enclose the whole expression. */
function withoutBrackets(expression: string): string {
  let text = expression.trim();
  while (text.startsWith('(') && expressionAt(text, 1).length === text.length - 2)
    text = text.slice(1, -1).trim();
  return text;
}

/** The value of `const <name> = …` in the source, if it has one. */
function constantIn(source: string, name: string): string | undefined {
  const match = new RegExp(`\\bconst\\s+${name}\\s*(?::[^=]+)?=\\s*`).exec(source);
  return match ? expressionAt(source, match.index + match[0].length) : undefined;
}

/**
 * The variables an expression reads: `anything.NAME`, `pemFrom(env, 'NAME')` (NAME or NAME_FILE),
 * and, through the constants it uses, whatever their values read.
 */
function namesIn(expression: string, source: string, seen = new Set<string>()): string[] {
  const names = new Set<string>();
  for (const [, name] of expression.matchAll(/pemFrom\(\s*\w+\s*,\s*'([A-Z][A-Z0-9_]*)'\s*\)/g)) {
    names.add(name as string).add(`${name}_FILE`);
  }
  for (const [, name] of expression.matchAll(/\.\s*([A-Z][A-Z0-9_]*)\b/g)) names.add(name as string);
  for (const [, name] of expression.matchAll(/(?<![.\w$])([a-z_$][\w$]*)\b/g)) {
    const value = seen.has(name as string) ? undefined : constantIn(source, name as string);
    if (value !== undefined)
      for (const found of namesIn(value, source, seen.add(name as string))) names.add(found);
  }
  return [...names];
}

/**
 * What a configuration's source reads and requires:
 * - zod schema keys (`NAME: z…`), required unless their definition, or the helper it starts with
 *   (`NAME: ZNames([...])`), has a `.default(` or `.optional(`;
 * - `pemFrom(env, 'NAME')`: NAME or NAME_FILE, optional in itself;
 * - failure checks `if (!a || …)`, `if (!a && !b && !(c && d))`: a is required; one of a, b, or
 *   c with d is required;
 * - `process.env.NAME` (in any source file): read, never required.
 */
function environmentIn(source: string, { config }: { config: boolean }): ServiceEnvironment {
  const reads: EnvVariable[] = [];
  const requires: Requirement[] = [];
  const variable = (names: string[]) => ({ names });
  if (config) {
    // A key at the start of a line, or first in an inline object (`.extend({ PORT: … })`).
    for (const match of source.matchAll(/(?:^[ \t]+|\{\s*)([A-Z][A-Z0-9_]*):[ \t]*/gm)) {
      const name = match[1] as string;
      const definition = expressionAt(source, (match.index ?? 0) + match[0].length);
      const helper = /^([A-Za-z_$][\w$]*)\b/.exec(definition.trim())?.[1];
      const resolved = `${definition} ${helper ? (constantIn(source, helper) ?? '') : ''}`;
      reads.push(variable([name]));
      if (!/\.(default|optional)\(/.test(resolved)) requires.push({ anyOf: [[variable([name])]] });
    }
    for (const [, name] of source.matchAll(/pemFrom\(\s*\w+\s*,\s*'([A-Z][A-Z0-9_]*)'\s*\)/g)) {
      reads.push(variable([name as string, `${name}_FILE`]));
    }
    for (const match of source.matchAll(/\bif\s*\(/g)) {
      const condition = expressionAt(source, (match.index ?? 0) + match[0].length);
      for (const disjunct of splitTop(condition, '||')) {
        const negated = splitTop(disjunct, '&&');
        if (!negated.every((term) => term.startsWith('!') && !term.startsWith('!='))) continue;
        const anyOf = negated.map((term) =>
          splitTop(withoutBrackets(term.slice(1)), '&&').map((part) => variable(namesIn(part, source))),
        );
        // A check of something else than the environment (`!result.success`).
        if (anyOf.some((alternative) => alternative.some((v) => v.names.length === 0))) continue;
        requires.push({ anyOf });
      }
    }
  }
  for (const [, name] of source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g))
    reads.push(variable([name as string]));
  return { reads, requires };
}

const runtimeConfig = readRepo('packages/runtime/src/service-config.ts');
const [sharedConfig = '', serviceConfig = ''] = runtimeConfig.split('export function parseServiceConfig');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** What a service's configuration reads and requires, from its config.ts and the runtime it uses. */
function environmentOf(service: string): ServiceEnvironment {
  const config = readRepo(`apps/${service}/src/config.ts`);
  const parts = [environmentIn(config, { config: true })];
  if (config.includes('parseServiceConfig(')) {
    parts.push(environmentIn(sharedConfig, { config: true }), environmentIn(serviceConfig, { config: true }));
  } else if (config.includes('ZServiceEnv')) {
    parts.push(environmentIn(sharedConfig, { config: true }));
  }
  for (const file of sourceFiles(join(appsDir, service, 'src'))) {
    parts.push(environmentIn(readFileSync(file, 'utf8'), { config: false }));
  }
  return { reads: parts.flatMap((p) => p.reads), requires: parts.flatMap((p) => p.requires) };
}

const isMet = (requirement: Requirement, given: string[]) =>
  requirement.anyOf.some((alternative) =>
    alternative.every((v) => v.names.some((name) => given.includes(name))),
  );

/** `A`, `A or A_FILE`, `A, or B with C or C_FILE`. */
const describeRequirement = (requirement: Requirement) =>
  requirement.anyOf
    .map((alternative) => alternative.map((v) => v.names.join(' or ')).join(' with '))
    .join(', or ');

const mentions = (text: string, name: string) => new RegExp(`(^|[^A-Z0-9_])${name}([^A-Z0-9_]|$)`).test(text);

// --- the Dockerfile -----------------------------------------------------------------------------

/** Instructions with their continuation lines joined, comments dropped. */
function dockerInstructions(text: string): string[] {
  return text
    .replace(/\\\r?\n(\s*#.*\r?\n)*/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The instructions of the last stage: what the image runs. */
function finalStage(instructions: string[]): string[] {
  const lastFrom = instructions.findLastIndex((instruction) => /^FROM\s/i.test(instruction));
  return instructions.slice(lastFrom);
}

/** The file `CMD ["node", "<file>"]` runs. */
function entryPoint(stage: string[]): string | undefined {
  const cmd = stage.findLast((instruction) => /^CMD\s/i.test(instruction));
  const args = cmd ? (JSON.parse(cmd.replace(/^CMD\s+/i, '')) as string[]) : [];
  return args[0] === 'node' ? args.find((arg, i) => i > 0 && !arg.startsWith('-')) : undefined;
}

// --- Kubernetes ---------------------------------------------------------------------------------

interface K8sDocument {
  file: string;
  kind: string;
  name: string;
  lines: string[];
}

const k8sDir = join(infraDir, 'k8s');
const k8sFiles = readdirSync(k8sDir).filter(
  (file) => /\.ya?ml$/.test(file) && !/^kustomization\./.test(file),
);
const k8sDocuments: K8sDocument[] = k8sFiles.flatMap((file) =>
  readFileSync(join(k8sDir, file), 'utf8')
    .split(/^---\s*$/m)
    .map(lines)
    .filter((doc) => doc.some(isContent))
    .map((doc) => {
      const top = mapping(doc, 0);
      const name = mapping(top.get('metadata')?.block ?? [], 2).get('name')?.value ?? '';
      return { file, kind: top.get('kind')?.value ?? '', name, lines: doc };
    }),
);
const k8sOfKind = (kind: string) => k8sDocuments.filter((doc) => doc.kind === kind);

// --- secrets ------------------------------------------------------------------------------------

/** Git-ignored local files (infra/.gitignore) that may hold real secrets on a machine. */
const localSecretPaths = [/^secrets\//, /^\.env$/, /(^|\/)node_modules\//];

function infraFiles(): string[] {
  return readdirSync(infraDir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(infraDir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .filter((path) => !localSecretPaths.some((pattern) => pattern.test(path)));
}

/** A value that stands for a secret without being one. */
function isPlaceholder(raw: string): boolean {
  const value = raw
    .trim()
    .replace(/[,;]$/, '')
    .replace(/^(['"])(.*)\1$/, '$2');
  return (
    value === '' ||
    /^\$\{[^}]*\}$/.test(value) || // ${VARIABLE}, interpolated by compose or the shell
    /^\$[A-Z_][A-Z0-9_]*$/.test(value) ||
    /^<[^>]*>$/.test(value) || // <describe it>
    /^(…|\.\.\.|change-?me|x{3,}|\*{3,})$/i.test(value)
  );
}

/** The places in a text where a credential or a private key is written out. */
function secretLiterals(text: string): string[] {
  const found: string[] = [];
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) found.push('a PEM private key');
  const assignments = [
    // YAML, env files, postgresql.conf: a key that names a credential, then a colon or an equals sign
    /\b[\w.-]*(?:password|passwd|secret(?:_?key)?|api_?key|access_?token)(?::[ \t]+|[ \t]*=[ \t]*)(\$\{[^}]*\}|[^\s#]*)/gi,
    // SQL: the quoted password clause of create/alter role
    /\bpassword[ \t]+('[^']*')/gi,
    // a URL with a user and a password before the host
    /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:(\$\{[^}]*\}|[^\s@/]+)@/gi,
  ];
  for (const pattern of assignments) {
    for (const match of text.matchAll(pattern)) {
      if (!isPlaceholder(match[1] ?? '')) found.push(match[0]);
    }
  }
  return found;
}

// --- the tests ----------------------------------------------------------------------------------

describe('the services', () => {
  it('are discovered under apps/', () => {
    expect(services).toContain('gateway');
    expect(services.length).toBeGreaterThanOrEqual(2);
  });

  it.each(services)('%s has a configuration whose variables can be read', (service) => {
    expect(serviceConfig, 'packages/runtime/src/service-config.ts: parseServiceConfig not found').not.toBe(
      '',
    );
    const { reads, requires } = environmentOf(service);
    const names = reads.flatMap((variable) => variable.names);
    expect(names).toContain('DATABASE_URL');
    expect(names).toContain('PORT');
    expect(requires.map(describeRequirement)).toContain('DATABASE_URL');
  });
});

describe('the configuration reader', () => {
  // Every shape the reader understands, in one made-up configuration.
  const sample = [
    "const ZFlag = z.enum(['yes', 'no']).default('no');",
    '// A helper that always applies a default: what it defines is optional.',
    'const ZNames = (defaults: string[]) =>',
    "  z.string().transform((v) => v.split(',')).default(defaults);",
    'const ZEnv = ZServiceEnv.extend({ PORT: z.coerce.number().default(4000),',
    '  REQUIRED_URL: z.url(),',
    "  // A comment that isn't code.",
    '  IDLE_MINUTES: z.coerce',
    '    .number()',
    '    .default(30),',
    '  NAME: z.string().optional(),',
    '  FLAG: ZFlag,',
    "  ATTR_EMAIL: ZNames(['email', 'http://example.com/claims/email']),",
    '  METADATA_URL: z.url().optional(),',
    '  METADATA_FILE: z.string().optional(),',
    '  SSO_URL: z.url().optional(),',
    '});',
    'const parsed = parseEnv(ZEnv, env);',
    "const signingKey = pemFrom(env, 'SIGNING_KEY');",
    "if (!signingKey) problems.push('SIGNING_KEY: required');",
    "const cookieKey = pemFrom(env, 'COOKIE_SECRET');",
    "if (!cookieKey || cookieKey.length < 32) problems.push('COOKIE_SECRET is too short');",
    "const certs = (pemFrom(env, 'IDP_CERT') ?? '').split(/(?=-----BEGIN)/).filter(Boolean);",
    "const metadata = parsed.METADATA_FILE ? readFileSync(parsed.METADATA_FILE, 'utf8') : undefined;",
    'if (',
    '  !parsed.METADATA_URL &&',
    '  !metadata &&',
    '  !(parsed.SSO_URL && certs.length > 0)',
    ") problems.push('the identity provider is not configured');",
    "const spKey = pemFrom(env, 'SP_KEY');",
    "if (Boolean(spKey) !== Boolean(parsed.NAME)) problems.push('both or neither');",
    'if (!result.success) throw new Error(message);',
    'const debug = process.env.DEBUG_SAML;',
  ].join('\n');
  const { reads, requires } = environmentIn(sample, { config: true });

  it('finds every variable read', () => {
    expect(reads.map((variable) => variable.names.join('|')).sort()).toEqual(
      [
        'ATTR_EMAIL',
        'DEBUG_SAML',
        'FLAG',
        'IDLE_MINUTES',
        'IDP_CERT|IDP_CERT_FILE',
        'METADATA_FILE',
        'METADATA_URL',
        'NAME',
        'PORT',
        'REQUIRED_URL',
        'COOKIE_SECRET|COOKIE_SECRET_FILE',
        'SIGNING_KEY|SIGNING_KEY_FILE',
        'SP_KEY|SP_KEY_FILE',
        'SSO_URL',
      ].sort(),
    );
  });

  it('tells the required ones, and the alternatives, from the rest', () => {
    expect(requires.map(describeRequirement)).toEqual([
      'REQUIRED_URL',
      'SIGNING_KEY or SIGNING_KEY_FILE',
      'COOKIE_SECRET or COOKIE_SECRET_FILE',
      'METADATA_URL, or METADATA_FILE, or SSO_URL with IDP_CERT or IDP_CERT_FILE',
    ]);
  });

  it('counts an alternative as met when every part of one of them is given', () => {
    const [, , , idp] = requires as [Requirement, Requirement, Requirement, Requirement];
    expect(isMet(idp, ['METADATA_FILE'])).toBe(true);
    expect(isMet(idp, ['SSO_URL', 'IDP_CERT_FILE'])).toBe(true);
    expect(isMet(idp, ['SSO_URL'])).toBe(false);
    expect(isMet(idp, ['IDP_CERT', 'METADATA'])).toBe(false);
  });
});

describe('compose.yaml', () => {
  const compose = lines(readInfra('compose.yaml'));
  const composeServices = mapping(blockAt(compose, 'services') ?? [], 2);

  it('runs every app under apps/ (but web and dev-idp)', () => {
    const missing = services.filter((service) => !composeServices.has(service));
    expect(missing, `add these apps to infra/compose.yaml: ${missing.join(', ')}`).toEqual([]);
  });

  it('runs PostgreSQL 17 with a named volume, the settings file and a pg_isready health check', () => {
    const postgres = composeServices.get('postgres')?.block ?? [];
    const text = postgres.join('\n');
    expect(mapping(postgres, 4).get('image')?.value).toMatch(/^postgres:17(\.\d+)?(-|$)/);
    expect(text).toMatch(/pg_isready/);
    expect(text).toMatch(/\.\/postgres\/postgresql\.conf:\/etc\/postgresql\/postgresql\.conf/);
    expect(text).toMatch(/config_file=\/etc\/postgresql\/postgresql\.conf/);
    const volume = /^\s+- ([\w-]+):\/var\/lib\/postgresql\/data/m.exec(text)?.[1];
    expect(volume, 'the data directory must be a named volume').toBeDefined();
    expect(mapping(blockAt(compose, 'volumes') ?? [], 2).has(volume as string)).toBe(true);
  });

  describe.each(services)('%s', (service) => {
    const block = composeServices.get(service)?.block ?? [];
    const settings = mapping(block, 4);
    const build = mapping(settings.get('build')?.block ?? [], 6);
    const args = mapping(build.get('args')?.block ?? [], 8);
    const environment = mapping(settings.get('environment')?.block ?? [], 6);
    const context = resolve(infraDir, build.get('context')?.value ?? '');
    const dockerfile = resolve(context, build.get('dockerfile')?.value ?? 'Dockerfile');

    it('is built from the repository root with a Dockerfile that exists', () => {
      expect(context).toBe(repoRoot);
      expect(existsSync(dockerfile), `${dockerfile} does not exist`).toBe(true);
      const instructions = dockerInstructions(readFileSync(dockerfile, 'utf8'));
      if (instructions.some((instruction) => /^ARG SERVICE\b/.test(instruction))) {
        expect(args.get('SERVICE')?.value).toBe(service);
      }
      if (instructions.some((instruction) => /^ARG PORT\b/.test(instruction))) {
        expect(args.get('PORT')?.value).toBe(environment.get('PORT')?.value);
      }
    });

    it("runs the image's entry point, compiled from the app's src/main.ts", () => {
      const entry = entryPoint(finalStage(dockerInstructions(readFileSync(dockerfile, 'utf8'))));
      expect(entry).toBe('dist/main.js');
      const tsconfig = JSON.parse(readRepo(`apps/${service}/tsconfig.build.json`)) as {
        compilerOptions?: { rootDir?: string; outDir?: string };
      };
      expect(tsconfig.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'dist' });
      const source = (entry as string).replace(/^dist\//, 'src/').replace(/\.js$/, '.ts');
      expect(existsSync(join(appsDir, service, source)), `apps/${service}/${source}`).toBe(true);
    });

    it('is given every variable its configuration requires, listening on all interfaces', () => {
      const given = [...environment.keys()];
      for (const requirement of environmentOf(service).requires) {
        expect(
          isMet(requirement, given),
          `${service}: set ${describeRequirement(requirement)} in compose.yaml`,
        ).toBe(true);
      }
      expect(environment.get('HOST')?.value).toBe('0.0.0.0');
      expect(environment.get('NODE_ENV')?.value).toBe('production');
    });

    it('mounts the key files it is told to read as secrets', () => {
      const mounted = (blockUnder(block, 'secrets') ?? []).map((line) => /^\s+- ([\w-]+)/.exec(line)?.[1]);
      const declared = mapping(blockAt(compose, 'secrets') ?? [], 2);
      for (const [name, { value }] of environment) {
        const secretName = /^\/run\/secrets\/([\w-]+)$/.exec(value)?.[1];
        if (!name.endsWith('_FILE') || !secretName) continue;
        expect(mounted, `${service}: ${name} needs the secret ${secretName}`).toContain(secretName);
        const file = mapping(declared.get(secretName)?.block ?? [], 4).get('file')?.value ?? '';
        expect(resolve(infraDir, file).startsWith(join(infraDir, 'secrets'))).toBe(true);
      }
    });

    it('waits for what it depends on to be healthy', () => {
      const dependsOn = mapping(settings.get('depends_on')?.block ?? [], 6);
      expect(dependsOn.has('postgres')).toBe(true);
      for (const [dependency, { block: condition }] of dependsOn) {
        expect(condition.join('\n'), `${service} → ${dependency}`).toMatch(/condition:\s*service_healthy/);
      }
    });

    it(service === 'gateway' ? 'is published on port 4000' : 'is not published outside', () => {
      const ports = (settings.get('ports')?.block ?? []).filter(isContent).join('\n');
      if (service === 'gateway') expect(ports).toMatch(/:4000"?$/m);
      else expect(ports).toBe('');
    });
  });

  it('waits in the gateway for every other service', () => {
    const gateway = mapping(composeServices.get('gateway')?.block ?? [], 4);
    const dependsOn = mapping(gateway.get('depends_on')?.block ?? [], 6);
    for (const service of services.filter((s) => s !== 'gateway')) expect(dependsOn.has(service)).toBe(true);
  });
});

describe('the Dockerfile', () => {
  const instructions = dockerInstructions(readInfra('docker/Dockerfile'));
  const text = instructions.join('\n');
  const runtime = finalStage(instructions).join('\n');

  it('builds on a pinned node 20 bookworm-slim image, with the pnpm version of package.json', () => {
    expect(text).toMatch(/node:20\.\d+\.\d+-bookworm-slim/);
    const pnpm = (JSON.parse(readRepo('package.json')) as { packageManager: string }).packageManager;
    expect(text).toContain(`PNPM_VERSION=${pnpm.replace(/^pnpm@/, '')}`);
  });

  it('installs from the lockfile, builds with turbo and deploys production dependencies only', () => {
    expect(text).toMatch(/pnpm install [^\n]*--frozen-lockfile/);
    expect(text).toMatch(/turbo run build [^\n]*--filter="?@procura\/\$\{SERVICE\}\.\.\./);
    expect(text).toMatch(/@procura\/web run build/);
    expect(text).toMatch(/deploy [^\n]*--prod/);
  });

  it('runs as a non-root user in production mode, listening on all interfaces, with a health check', () => {
    const user = /^USER\s+(\S+)/m.exec(runtime)?.[1] ?? 'root';
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/HOST=0\.0\.0\.0/);
    expect(runtime).toMatch(/^EXPOSE\s/m);
    expect(runtime).toMatch(/^HEALTHCHECK\s.*fetch\(.*\/healthz/m);
  });

  it('leaves installed, built, local and secret files out of the build context', () => {
    const ignored = lines(readInfra('docker/Dockerfile.dockerignore')).filter(isContent);
    for (const entry of ['node_modules', 'dist', '.data', '.turbo', '.git', 'infra/secrets']) {
      expect(
        ignored.some((line) => line === entry || line === `**/${entry}`),
        `${entry}`,
      ).toBe(true);
    }
  });
});

describe('Kubernetes manifests', () => {
  const deployments = k8sOfKind('Deployment');
  const configMapKeys = new Map(
    k8sOfKind('ConfigMap').map((doc) => [doc.name, [...mapping(blockAt(doc.lines, 'data') ?? [], 2).keys()]]),
  );

  it('run every service with a Deployment, a Service and a PodDisruptionBudget', () => {
    for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget']) {
      const names = k8sOfKind(kind).map((doc) => doc.name);
      const missing = services.filter((service) => !names.includes(service));
      expect(missing, `${kind} missing in infra/k8s for: ${missing.join(', ')}`).toEqual([]);
    }
  });

  it('are all listed in kustomization.yaml, which lists nothing else', () => {
    const kustomization = lines(readInfra('k8s/kustomization.yaml'));
    const resources = (blockAt(kustomization, 'resources') ?? [])
      .map((line) => /^\s+- (\S+)/.exec(line)?.[1])
      .filter((resource): resource is string => resource !== undefined);
    expect([...resources].sort()).toEqual([...k8sFiles].sort());
  });

  it('have a Namespace and an Ingress to the gateway', () => {
    expect(k8sOfKind('Namespace')).toHaveLength(1);
    const ingress = k8sOfKind('Ingress').map((doc) => doc.lines.join('\n'));
    expect(ingress.some((text) => /service:\s*\n\s+name:\s*gateway\b/.test(text))).toBe(true);
  });

  describe.each(services)('%s Deployment', (service) => {
    const doc = deployments.find((deployment) => deployment.name === service);
    const text = doc?.lines.join('\n') ?? '';
    const block = (key: string) => (blockUnder(doc?.lines ?? [], key) ?? []).join('\n');

    it('probes readiness on /readyz and liveness on /healthz', () => {
      expect(block('readinessProbe')).toMatch(/path:\s*\/readyz\b/);
      expect(block('livenessProbe')).toMatch(/path:\s*\/healthz\b/);
    });

    it('runs as non-root, without privilege escalation, on a read-only root filesystem', () => {
      expect(text).toMatch(/runAsNonRoot:\s*true/);
      expect(text).not.toMatch(/runAsNonRoot:\s*false|runAsUser:\s*0\b|privileged:\s*true/);
      expect(text).toMatch(/allowPrivilegeEscalation:\s*false/);
      expect(text).toMatch(/readOnlyRootFilesystem:\s*true/);
    });

    it('has 2 replicas, resources, and time to drain before it stops', () => {
      expect(Number(/^\s+replicas:\s*(\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(2);
      expect(block('resources')).toMatch(/requests:[\s\S]*limits:|limits:[\s\S]*requests:/);
      expect(Number(/terminationGracePeriodSeconds:\s*(\d+)/.exec(text)?.[1])).toBeGreaterThanOrEqual(30);
      expect(block('preStop')).toMatch(/sleep/);
    });

    it('is given every variable its configuration requires', () => {
      const given = [...text.matchAll(/^\s+- name:\s*([A-Z][A-Z0-9_]*)\s*$/gm)].map((m) => m[1] as string);
      // The keys of the ConfigMaps this Deployment takes whole (envFrom), and only those.
      for (const [, name] of text.matchAll(/configMapRef:\s*\n\s+name:\s*(\S+)/g)) {
        given.push(...(configMapKeys.get(name as string) ?? []));
      }
      for (const requirement of environmentOf(service).requires) {
        expect(
          isMet(requirement, given),
          `${service}: set ${describeRequirement(requirement)} in infra/k8s/${doc?.file}`,
        ).toBe(true);
      }
      expect(text).toMatch(/secretKeyRef:/);
    });

    it('mounts the files its _FILE variables point to', () => {
      const mountPaths = [...text.matchAll(/mountPath:\s*(\S+)/g)].map((m) =>
        (m[1] as string).replace(/\/$/, ''),
      );
      for (const [, name, path] of text.matchAll(/- name:\s*([A-Z][A-Z0-9_]*_FILE)\s*\n\s+value:\s*(\S+)/g)) {
        expect(
          mountPaths.some((mount) => (path as string).startsWith(`${mount}/`)),
          `${service}: ${name}=${path} is not under any volumeMount`,
        ).toBe(true);
      }
    });
  });
});

describe('.env.example', () => {
  const example = readInfra('.env.example');

  it.each(services)("lists every variable %s's configuration reads", (service) => {
    for (const variable of environmentOf(service).reads) {
      expect(
        variable.names.some((name) => mentions(example, name)),
        `document ${variable.names.join(' / ')} in infra/.env.example`,
      ).toBe(true);
    }
  });

  it('lists every variable compose.yaml takes from it', () => {
    const compose = readInfra('compose.yaml');
    for (const [, name] of compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
      expect(mentions(example, name as string), `${name} in infra/.env.example`).toBe(true);
    }
  });
});

describe('secrets', () => {
  it('are ignored by git: the generated keys and the local .env', () => {
    const ignored = lines(readInfra('.gitignore')).filter(isContent);
    expect(ignored.some((line) => /^\/?secrets\/?$/.test(line))).toBe(true);
    expect(ignored).toContain('.env');
  });

  it('are generated by scripts with openssl into the ignored folder, never committed', () => {
    const keys = readInfra('scripts/generate-identity-keys.sh');
    expect(keys).toMatch(/openssl genpkey -algorithm ed25519/);
    expect(keys).toMatch(/openssl pkey [^\n]*-pubout/);
    const session = readInfra('scripts/generate-session-secret.sh');
    expect(session).toMatch(/openssl rand -base64 48/);
    for (const script of [keys, session]) {
      expect(script).toMatch(/out=\$\{1:-"\$here\/\.\.\/secrets"\}/);
      expect(script).toMatch(/refusing to overwrite/);
      expect(script).toMatch(/umask 077/);
    }
  });

  it('are the files compose.yaml mounts, and each has a script that makes it', () => {
    const compose = lines(readInfra('compose.yaml'));
    const scripts = ['generate-identity-keys.sh', 'generate-session-secret.sh'].map((s) =>
      readInfra(`scripts/${s}`),
    );
    for (const [name, { block }] of mapping(blockAt(compose, 'secrets') ?? [], 2)) {
      const file = mapping(block, 4).get('file')?.value ?? '';
      const base = file.replace(/^\.\/secrets\//, '');
      expect(
        scripts.some((script) => script.includes(base)),
        `${name}: no script in infra/scripts writes ${file}`,
      ).toBe(true);
    }
  });

  // Written in pieces, so that this file does not hold what it looks for.
  it('are recognised by the scan below', () => {
    const samples = [
      ['-----BEGIN ', 'PRIVATE KEY-----'],
      ['PASS', 'WORD=hunter2'],
      ['pass', 'word: hunter2'],
      ['SESSION_SEC', 'RET=Zm9vYmFyYmF6cXV4'],
      ['session_sec', 'ret: Zm9vYmFyYmF6cXV4'],
      ['alter role x pass', "word 'hunter2'"],
      ['postgres://procura:hunter2', '@db/procura'],
    ];
    const placeholders = [
      ['PASS', 'WORD='],
      ['#SESSION_SEC', 'RET='],
      ['SESSION_SEC', 'RET_FILE=/run/secrets/session_secret'],
      ['POSTGRES_PASS', 'WORD: $', '{POSTGRES_PASSWORD:?set it in infra/.env}'],
      ['create role x pass', "word '…'"],
      ['postgres://procura:<pass', 'word>@db/procura'],
    ];
    for (const sample of samples) expect(secretLiterals(sample.join('')), sample.join('')).not.toEqual([]);
    for (const sample of placeholders) expect(secretLiterals(sample.join('')), sample.join('')).toEqual([]);
  });

  it.each(infraFiles())('are not written in %s', (file) => {
    expect(secretLiterals(readInfra(file))).toEqual([]);
  });
});
