import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/global-setup';

/**
 * `npm start` as a newcomer runs it: a real child process on a fresh data folder. It must serve /health,
 * the API docs and the seeded demo data, keep its data across a restart, and leave no Java process behind
 * after Ctrl-C (SIGINT).
 */
const ROOT = join(__dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'zuofeng-start-'));

/** Every `npm start` this file ran: one a failed assertion left running is stopped after the test. */
const started = new Set<ChildProcess>();

afterAll(async () => {
  // Ctrl-C first, so that it stops its DynamoDB Local (Java) too; SIGKILL if it does not answer in 15 s.
  for (const child of started) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    const late = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(late);
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

async function start(ddbPort: number) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    // One process, as `npm start` runs it: tsx as a loader, not tsx's CLI, whose wrapper process relays
    // Ctrl-C to a child and SIGKILLs it (exit 130, Java left behind) when the child is slow to answer.
    ['--import', 'tsx', 'packages/local/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        DDB_PORT: String(ddbPort),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'WARN',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started.add(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const t0 = Date.now();
  while (!out.includes('is running')) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${out}`);
    if (Date.now() - t0 > 60_000) throw new Error(`not running within a minute:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => out, startedInMs: Date.now() - t0 };
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

const javaOnPort = (port: number) => {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps.split('\n').some((l) => l.includes('DynamoDBLocal') && l.includes(`-port ${port}`));
};

async function countyTownships(url: string): Promise<{ townshipId: string; problems: number }[]> {
  const tokenRes = await fetch(`${url}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'county.admin', password: 'zuofeng' }),
  });
  const { token } = (await tokenRes.json()) as { token: string };
  // Up to a minute: the seed's events reach the county's figures through the consumers, slowly on a busy machine
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    const res = await fetch(`${url}/county/overview`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { townships: { townshipId: string; problems: number }[] };
    if (body.townships.length >= 2 && body.townships.every((t) => t.problems > 0)) return body.townships;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the seeded demo data did not reach the county overview');
}

it('starts within a minute with the demo data, survives a restart, and leaves no Java behind on Ctrl-C', async () => {
  const ddbPort = await freePort();
  const first = await start(ddbPort);
  expect(first.startedInMs).toBeLessThan(60_000);
  expect(first.output()).toContain('county.admin');
  expect((await fetch(`${first.url}/health`)).status).toBe(200);
  expect((await fetch(`${first.url}/docs`)).status).toBe(200);
  const seeded = await countyTownships(first.url);
  expect(seeded.map((t) => t.townshipId).sort()).toEqual(['twp-baishui', 'twp-qingshan']);

  expect(await stop(first.child)).toBe(0);
  expect(await portOpen(ddbPort)).toBe(false);
  expect(javaOnPort(ddbPort)).toBe(false);

  const second = await start(ddbPort);
  expect(second.output()).not.toContain('seed: seeded');
  expect(await countyTownships(second.url)).toEqual(seeded);
  expect(await stop(second.child)).toBe(0);
  expect(javaOnPort(ddbPort)).toBe(false);
  // Two starts of up to a minute each and two waits of up to a minute for the county's figures.
}, 300_000);
