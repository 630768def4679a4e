// `npm run bench -- <name> [options]`: runs bench/<name>.ts, which exports run(args).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Benchmark {
  run(args: string[]): Promise<void>;
}

const BENCH_DIR = import.meta.dirname;

function available(): string[] {
  return fs
    .readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !/\.(test|d)\.ts$/.test(f))
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

function isBenchmark(mod: unknown): mod is Benchmark {
  return (
    typeof mod === 'object' && mod !== null && typeof (mod as { run?: unknown }).run === 'function'
  );
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = available();
  if (!name || !names.includes(name)) {
    if (name && name !== 'help' && name !== '--help') console.error(`Unknown benchmark "${name}".`);
    console.error(
      `Usage: npm run bench -- <name> [options]\n\nAvailable benchmarks:\n${names
        .map((n) => `  ${n}`)
        .join('\n')}\n\nSee bench/README.md.`,
    );
    return 2;
  }
  const mod: unknown = await import(pathToFileURL(path.join(BENCH_DIR, `${name}.ts`)).href);
  if (!isBenchmark(mod)) {
    console.error(`bench/${name}.ts does not export run(args: string[]): Promise<void>`);
    return 2;
  }
  await mod.run(args);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
