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

interface EnvVariable {
  /** The names that satisfy it: NAME, or NAME and NAME_FILE for a PEM given inline or as a file. */
  names: string[];
  /** No default: the service refuses to start without it. */
  required: boolean;
}

/** Zod schema keys (`NAME: z…`), `pemFrom(env, 'NAME')` and `process.env.NAME` in TypeScript source. */
function variablesIn(source: string, { schemaKeys }: { schemaKeys: boolean }): EnvVariable[] {
  const found: EnvVariable[] = [];
  if (schemaKeys) {
    // A key at the start of a line, or first in an inline object (`.extend({ PORT: … })`).
    for (const [, name, definition] of source.matchAll(/(?:^\s+|\{\s*)([A-Z][A-Z0-9_]*):\s*(.+)$/gm)) {
      found.push({ names: [name as string], required: !/\.(default|optional)\(/.test(definition as string) });
    }
  }
  for (const [, name] of source.matchAll(/pemFrom\(\s*\w+\s*,\s*'([A-Z][A-Z0-9_]*)'\s*\)/g)) {
    found.push({ names: [name as string, `${name}_FILE`], required: true });
  }
  for (const [, name] of source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) {
    found.push({ names: [name as string], required: false });
  }
  return found;
}

const runtimeConfig = readRepo('packages/runtime/src/service-config.ts');
const [sharedConfig = '', serviceConfig = ''] = runtimeConfig.split('export function parseServiceConfig');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The variables a service's configuration reads, from its config.ts and the runtime it uses. */
function variablesOf(service: string): EnvVariable[] {
  const config = readRepo(`apps/${service}/src/config.ts`);
  const found = variablesIn(config, { schemaKeys: true });
  if (config.includes('parseServiceConfig(')) {
    found.push(...variablesIn(sharedConfig, { schemaKeys: true }));
    found.push(...variablesIn(serviceConfig, { schemaKeys: true }));
  } else if (config.includes('ZServiceEnv')) {
    found.push(...variablesIn(sharedConfig, { schemaKeys: true }));
  }
  for (const file of sourceFiles(join(appsDir, service, 'src'))) {
    found.push(...variablesIn(readFileSync(file, 'utf8'), { schemaKeys: false }));
  }
  return found;
}

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
    /\b[\w.-]*(?:password|passwd|secret_?key|api_?key|access_?token)(?::[ \t]+|[ \t]*=[ \t]*)(\$\{[^}]*\}|[^\s#]*)/gi,
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
    const names = variablesOf(service).flatMap((variable) => variable.names);
    expect(names).toContain('DATABASE_URL');
    expect(names).toContain('PORT');
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
      for (const variable of variablesOf(service).filter((v) => v.required)) {
        expect(
          variable.names.some((name) => given.includes(name)),
          `${service}: set ${variable.names.join(' or ')} in compose.yaml`,
        ).toBe(true);
      }
      expect(environment.get('HOST')?.value).toBe('0.0.0.0');
      expect(environment.get('NODE_ENV')?.value).toBe('production');
    });

    it('mounts the key files it is told to read as secrets', () => {
      const mounted = (blockUnder(block, 'secrets') ?? []).map((line) => /^\s+- ([\w-]+)/.exec(line)?.[1]);
      const declared = mapping(blockAt(compose, 'secrets') ?? [], 2);
      for (const [name, { value }] of environment) {
        const secret = /^\/run\/secrets\/([\w-]+)$/.exec(value)?.[1];
        if (!name.endsWith('_FILE') || !secret) continue;
        expect(mounted, `${service}: ${name} needs the secret ${secret}`).toContain(secret);
        const file = mapping(declared.get(secret)?.block ?? [], 4).get('file')?.value ?? '';
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
  const configMapKeys = k8sOfKind('ConfigMap').flatMap((doc) => [
    ...mapping(blockAt(doc.lines, 'data') ?? [], 2).keys(),
  ]);

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
      given.push(...configMapKeys);
      for (const variable of variablesOf(service).filter((v) => v.required)) {
        expect(
          variable.names.some((name) => given.includes(name)),
          `${service}: set ${variable.names.join(' or ')} in infra/k8s/${doc?.file}`,
        ).toBe(true);
      }
      expect(text).toMatch(/secretKeyRef:/);
    });
  });
});

describe('.env.example', () => {
  const example = readInfra('.env.example');

  it.each(services)("lists every variable %s's configuration reads", (service) => {
    for (const variable of variablesOf(service)) {
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

  it('are generated by a script with openssl, never committed', () => {
    const script = readInfra('scripts/generate-identity-keys.sh');
    expect(script).toMatch(/openssl genpkey -algorithm ed25519/);
    expect(script).toMatch(/openssl pkey [^\n]*-pubout/);
  });

  // Written in pieces, so that this file does not hold what it looks for.
  it('are recognised by the scan below', () => {
    const samples = [
      ['-----BEGIN ', 'PRIVATE KEY-----'],
      ['PASS', 'WORD=hunter2'],
      ['pass', 'word: hunter2'],
      ['alter role x pass', "word 'hunter2'"],
      ['postgres://procura:hunter2', '@db/procura'],
    ];
    const placeholders = [
      ['PASS', 'WORD='],
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
