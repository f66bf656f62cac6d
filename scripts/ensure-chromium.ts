// Finds the Chromium the end-to-end tests drive: CHROMIUM_PATH, else Debian's /usr/bin/chromium, installing
// Debian's package when we are root with apt-get. Prints the path; exits 1 with one line of advice otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEFAULT_PATH = '/usr/bin/chromium';

export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, DEFAULT_PATH].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p)) ?? null;
}

function canInstallWithApt(): boolean {
  return process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function main(): void {
  let found = findChromium();
  if (!found && canInstallWithApt()) {
    console.log('Chromium not found: installing Debian\'s "chromium" package with apt-get…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], { stdio: 'inherit', env });
    found = findChromium();
  }
  if (!found) {
    console.error(
      'Chromium is needed for the end-to-end tests: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to its binary.',
    );
    process.exit(1);
  }
  console.log(`Chromium: ${found}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
