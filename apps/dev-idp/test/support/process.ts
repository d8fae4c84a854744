// Runs `src/main.ts` as a real process (through tsx).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

export interface DevIdpProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first JSON log line whose `msg` contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** `env` is the child's whole environment. */
export function runMain(env: Record<string, string | undefined>): DevIdpProcess {
  const child = spawn(process.execPath, ['--conditions=@procura/source', '--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const findLog = (text: string) =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => String(entry.msg).includes(text));

  // The dev IdP compiles its XML validator at start: seconds of CPU, far more on a loaded machine.
  const waitForLog = (text: string, timeoutMs = 100_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const found = findLog(text);
        if (found) {
          clearInterval(poll);
          resolve(found);
        } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`no log "${text}"; stdout:\n${stdout}\nstderr:\n${stderr}`));
        }
      }, 50);
    });

  return { child, stdout: () => stdout, stderr: () => stderr, exited, waitForLog };
}
