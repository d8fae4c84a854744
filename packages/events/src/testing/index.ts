// For tests that prove delivery survives a crash: a real relay process, killed with SIGKILL.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type RelayKillPoint = 'before-publish' | 'after-publish';

/**
 * Runs one outbox relay pass for the catalog schema in a separate process that SIGKILLs itself
 * at `killPoint`; resolves with the signal that ended it.
 */
export function runCatalogRelayUntilKilled(
  databaseUrl: string,
  killPoint: RelayKillPoint,
): Promise<NodeJS.Signals | null> {
  const script = fileURLToPath(new URL('./relay-then-die.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@procura/source', '--import', 'tsx', script, databaseUrl, killPoint],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    },
  );
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}
