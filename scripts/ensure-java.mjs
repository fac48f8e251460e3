// DynamoDB Local is Amazon's Java jar: it needs Java 17+. Install it from Debian when we can, else say what to do.
import { execSync, spawnSync } from 'node:child_process';

function javaMajor() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return 0;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return 0;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

if (javaMajor() >= 17) process.exit(0);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('apt-get', ['--version']).status === 0;
if (isRoot && hasApt) {
  console.log(
    'zuofeng: Java 17+ is missing; installing openjdk-17-jre-headless from Debian for DynamoDB Local…',
  );
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless',
    {
      stdio: 'inherit',
    },
  );
  if (javaMajor() >= 17) process.exit(0);
}
console.error(
  'zuofeng: DynamoDB Local needs Java 17 or newer: install it (Debian: apt-get install openjdk-17-jre-headless) and retry.',
);
process.exit(1);
