// Browser tests drive Debian's Chromium through playwright-core (its own browser downloads cannot reach the
// network here). Install it from Debian when we can, else say what to do.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('apt-get', ['--version']).status === 0;
if (isRoot && hasApt) {
  console.log('zuofeng: Chromium is missing; installing Debian package chromium for the browser tests…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  });
  if (existsSync(CHROMIUM)) process.exit(0);
}
console.error(
  `zuofeng: the browser tests need Chromium at ${CHROMIUM}: install it (Debian: apt-get install chromium) and retry.`,
);
process.exit(1);
