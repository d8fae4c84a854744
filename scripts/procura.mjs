#!/usr/bin/env node
// The entry point behind `npm start`, `npm test` and friends. It needs nothing but Node.js and
// npm: it brings the pinned pnpm into .tools/, installs the workspace, then hands over to
// turborepo (build, lint, typecheck, test) or to the stack launcher (start).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, '');
const toolsDir = join(root, '.tools');
const toolsBin = join(toolsDir, 'node_modules', '.bin');

const env = {
  ...process.env,
  PATH: [toolsBin, join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  COREPACK_ENABLE_STRICT: '0',
};

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function ensurePnpm() {
  const manifest = join(toolsDir, 'node_modules', 'pnpm', 'package.json');
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === pnpmVersion) return;
  console.error(`procura: installing pnpm ${pnpmVersion} into .tools/`);
  mkdirSync(toolsDir, { recursive: true });
  run('npm', [
    'install',
    '--prefix',
    toolsDir,
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    `pnpm@${pnpmVersion}`,
  ]);
}

function ensureDependencies() {
  ensurePnpm();
  // CI installs exactly what the lockfile says; a developer's install may update it.
  const frozen = process.env.CI === 'true' ? ['--frozen-lockfile'] : [];
  run('pnpm', ['install', '--prefer-offline', ...frozen]);
}

const turbo = (...args) => run('pnpm', ['exec', 'turbo', 'run', ...args]);

/**
 * Runs the test pipeline, echoing its output, and ends with one line that totals every runner's
 * results (Vitest per package, Playwright for the browser tests).
 */
async function testAll(args) {
  const child = spawn(
    'pnpm',
    ['exec', 'turbo', 'run', 'test', '--continue=dependencies-successful', ...args],
    {
      cwd: root,
      env: { ...env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    output += chunk.toString();
  });
  const code = await new Promise((resolve) => child.on('close', resolve));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour codes
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  let passed = 0;
  let failed = 0;
  for (const [, failures, passes] of plain.matchAll(/\sTests\s+(?:(\d+) failed[^\n]*?\| )?(\d+) passed/g)) {
    passed += Number(passes);
    failed += Number(failures ?? 0);
  }
  for (const [, count, outcome] of plain.matchAll(/:test:\s+(\d+) (passed|failed) \(/g)) {
    if (outcome === 'passed') passed += Number(count);
    else failed += Number(count);
  }
  if (code !== 0 && failed === 0) failed = 1;
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(code ?? 1);
}

const [command = 'start', ...rest] = process.argv.slice(2);
switch (command) {
  case 'install':
    ensureDependencies();
    break;
  case 'start':
    ensureDependencies();
    turbo('build', '--output-logs=errors-only');
    run('node', [join(root, 'packages', 'stack', 'dist', 'cli.js'), ...rest]);
    break;
  case 'build':
  case 'typecheck':
    ensureDependencies();
    turbo(command, '--continue=dependencies-successful', ...rest);
    break;
  case 'test':
    ensureDependencies();
    await testAll(rest);
    break;
  case 'conformance':
    // The public e-invoice samples and the official XSDs in PROCURA_CONFORMANCE_DIR (by default
    // ../shared/conformance): kept out of `npm test`, which must pass on a machine without them; fails
    // when they are missing. E-invoices parse to their listed facts; SEPA files validate against pain.001.
    ensureDependencies();
    run('pnpm', [
      '--filter',
      '@procura/einvoice',
      '--filter',
      '@procura/invoicing',
      'run',
      'conformance',
      ...rest,
    ]);
    break;
  case 'lint':
    ensureDependencies();
    turbo('lint', 'lint:root', ...rest);
    break;
  case 'format':
    ensureDependencies();
    run('pnpm', ['exec', 'biome', 'check', '--write', '.', ...rest]);
    break;
  default:
    console.error(
      `procura: unknown command "${command}" (start, test, conformance, build, lint, typecheck, format)`,
    );
    process.exit(2);
}
