// `npm test`: every check the project has, in order of speed, each timed; the first failure stops the run.
import { spawnSync } from 'node:child_process';

const steps: [name: string, command: string][] = [
  ['typecheck', 'npx tsc --noEmit -p tsconfig.json'],
  ['lint', 'npx eslint . && npx prettier --check .'],
  ['unit and server tests', 'npx vitest run'],
  ['chromium', 'node scripts/ensure-chromium.ts'],
  ['extension build', 'npx wxt build'],
  ['end-to-end tests', 'npx playwright test'],
];

const timings: string[] = [];
const started = Date.now();
for (const [name, command] of steps) {
  console.log(`\n▶ ${name}: ${command}`);
  const stepStart = Date.now();
  const result = spawnSync(command, { stdio: 'inherit', shell: true });
  const seconds = ((Date.now() - stepStart) / 1000).toFixed(1);
  timings.push(`${name.padEnd(24)} ${seconds.padStart(7)} s`);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
console.log(
  `\n${timings.join('\n')}\n${'total'.padEnd(24)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s`,
);
