// `npm run bench -- NAME [--quick]`: runs bench/NAME.ts, prints its table and writes bench/results/NAME.json
// (NAME.quick.json for a quick run, which git ignores).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface BenchOutcome {
  figures: Record<string, number>;
  /** Rows of the printed table: label, then values. */
  table: (string | number)[][];
}

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--'));
const quick = args.includes('--quick');
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('Usage: npm run bench -- NAME [--quick]   (NAME: a file of bench/, such as assign)');
  process.exit(2);
}
const bench = (await import(`./${name}.ts`)) as { run(options: { quick: boolean }): Promise<BenchOutcome> };
const outcome = await bench.run({ quick });

const widths = outcome.table[0]!.map((_, i) =>
  Math.max(...outcome.table.map((row) => String(row[i] ?? '').length)),
);
for (const row of outcome.table)
  console.log(row.map((cell, i) => String(cell).padEnd(widths[i]!)).join('  '));

const file = path.join(import.meta.dirname, 'results', `${name}${quick ? '.quick' : ''}.json`);
writeFileSync(file, `${JSON.stringify({ name, quick, figures: outcome.figures }, null, 2)}\n`);
console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
process.exit(0);
