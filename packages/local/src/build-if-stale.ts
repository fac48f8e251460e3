import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StaleBuild {
  /** Short name, used for the lock directory (outside the repository, so a killed run leaves nothing behind). */
  name: string;
  /** Files and folders the build reads. */
  inputs: readonly string[];
  /** The file the build writes last (or at least writes): older than any input means stale. */
  output: string;
  /** Run the build in this process (synchronously). */
  run: () => void;
  /** A lock older than this was left by a killed run. */
  staleLockMs?: number;
}

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

export function isStale(b: Pick<StaleBuild, 'inputs' | 'output'>): boolean {
  if (!existsSync(b.output)) return true;
  const inputs = b.inputs.filter(existsSync);
  return inputs.length > 0 && statSync(b.output).mtimeMs < Math.max(...inputs.map(newest));
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Run a build when an input is newer than its output. Several processes may ask at once (jest workers, the
 * bench): a lock directory lets one build while the others wait, then find the build fresh.
 */
export function buildIfStale(b: StaleBuild): void {
  if (!isStale(b)) return;
  const lock = join(tmpdir(), `zuofeng-${b.name}-build.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > (b.staleLockMs ?? 5 * 60_000))
        rmSync(lock, { recursive: true, force: true });
      sleep(200);
    }
  }
  try {
    if (isStale(b)) b.run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** `npm run <script>` in the repository, its output shown. */
export const npmRun =
  (cwd: string, script: string, env: NodeJS.ProcessEnv = process.env) =>
  (): void => {
    execFileSync('npm', ['run', script, '--silent'], { cwd, stdio: 'inherit', env });
  };
