/**
 * `pnpm mutants [filter …]`: a small mutation check of the critical rules. Each
 * mutant in `mutants.ts` (or each whose name contains a filter) is applied, one
 * at a time, as vitest loads the file (never on disk, so Ctrl-C or a crash leaves
 * the sources as they were), and only its own test files run. Exits non-zero,
 * naming them, when a mutant survives (its tests all pass), when its text is no
 * longer in the source, when its tests never load the file, or when the tests
 * fail without any mutant.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANT_ENV, type MutantEnv } from './mutantEnv';
import { mutants, type Mutant } from './mutants';

const root = fileURLToPath(new URL('../..', import.meta.url));
const config = fileURLToPath(new URL('./vitest.config.ts', import.meta.url));
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const work = mkdtempSync(join(tmpdir(), 'redress-mutants-'));
/** A run taking longer than this counts as killed: the mutant made something hang. */
const RUN_LIMIT_MS = 5 * 60_000;
/** The vitest run in progress, stopped with this process. */
let active: ReturnType<typeof spawn> | undefined;

type Outcome = 'passed' | 'failed' | 'broken' | 'timeout';
interface Run {
  readonly outcome: Outcome;
  readonly output: string;
}

interface JsonReport {
  readonly numFailedTests: number;
  readonly numPassedTests: number;
  readonly testResults: readonly { readonly status: string; readonly message?: string }[];
}

/** Run `tests` under vitest, mutated by `env` if given. */
const runTests = (tests: readonly string[], env: MutantEnv | undefined, tag: string): Promise<Run> => {
  const report = join(work, `${tag}.json`);
  // With a mutant, the first failing test is the verdict: stop there.
  const bail = env === undefined ? [] : ['--bail=1'];
  const args = [vitest, 'run', '--config', config, '--reporter=json', `--outputFile=${report}`, ...bail, ...tests];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...(env === undefined ? {} : { [MUTANT_ENV]: JSON.stringify(env) }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  active = child;
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      active = undefined;
      if (signal === 'SIGKILL') return done({ outcome: 'timeout', output });
      if (!existsSync(report)) return done({ outcome: 'broken', output });
      const r = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
      // A failed test file without a failed test did not load: a broken mutant or setup, not a kill.
      const unloaded = r.testResults.some((f) => f.status === 'failed') && r.numFailedTests === 0;
      const outcome: Outcome =
        r.numFailedTests > 0 ? 'failed' : unloaded || r.numPassedTests === 0 ? 'broken' : 'passed';
      done({ outcome, output: output + r.testResults.map((f) => f.message ?? '').join('\n') });
    });
  });
};

/** Why `m` cannot be applied to today's source, or undefined. */
const stale = (m: Mutant): string | undefined => {
  const file = resolve(root, m.file);
  if (!existsSync(file)) return `${m.file} does not exist`;
  const text = readFileSync(file, 'utf8');
  const count = text.split(m.search).length - 1;
  if (count !== 1) return `its text is found ${count} times in ${m.file} (must be once): ${JSON.stringify(m.search)}`;
  const missing = m.tests.filter((t) => !existsSync(resolve(root, t)));
  return missing.length > 0 ? `test files missing: ${missing.join(', ')}` : undefined;
};

const main = async (): Promise<number> => {
  const filters = process.argv.slice(2);
  const chosen = mutants.filter((m) => filters.length === 0 || filters.some((f) => m.name.includes(f)));
  if (chosen.length === 0) {
    console.error(`No mutant's name contains ${filters.map((f) => JSON.stringify(f)).join(' or ')}`);
    return 2;
  }
  const names = new Set(mutants.map((m) => m.name));
  if (names.size !== mutants.length) console.error('mutants: two mutants share a name; names must be unique');
  const problems = chosen.flatMap((m) => {
    const why = stale(m);
    return why === undefined ? [] : [`  ${m.name}: ${why}`];
  });
  if (problems.length > 0 || names.size !== mutants.length) {
    console.error(
      `mutants: out of date with the code; update or drop them in scripts/mutants/mutants.ts:\n${problems.join('\n')}`,
    );
    return 1;
  }

  const tests = [...new Set(chosen.flatMap((m) => m.tests))].sort();
  console.log(
    `mutants: ${chosen.length} mutant(s) over ${tests.length} test file(s); first those tests without any mutant`,
  );
  const baseline = await runTests(tests, undefined, 'baseline');
  if (baseline.outcome !== 'passed') {
    console.error(
      `mutants: the tests do not pass without a mutant (${baseline.outcome}); fix them first.\n${baseline.output}`,
    );
    return 1;
  }

  const failures: string[] = [];
  for (const [i, m] of chosen.entries()) {
    const marker = join(work, `applied-${i}`);
    const started = Date.now();
    const run = await runTests(
      m.tests,
      { file: resolve(root, m.file), search: m.search, replace: m.replace, marker },
      `mutant-${i}`,
    );
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const applied = existsSync(marker);
    let verdict: string;
    if (!applied) verdict = `NOT LOADED: no test in ${m.tests.join(', ')} loads ${m.file}`;
    else if (run.outcome === 'failed' || run.outcome === 'timeout')
      verdict = run.outcome === 'failed' ? 'killed' : 'killed (timed out)';
    else if (run.outcome === 'broken')
      verdict = `BROKEN: the mutated code or its tests did not load\n${run.output.slice(0, 4000)}`;
    else
      verdict = `SURVIVED: every test in ${m.tests.join(', ')} passed with ${m.file}: ${JSON.stringify(m.search)} → ${JSON.stringify(m.replace)}`;
    console.log(`${String(i + 1).padStart(3)}/${chosen.length} ${m.name}: ${verdict} (${secs} s)`);
    if (!verdict.startsWith('killed')) failures.push(`${m.name}: ${verdict.split('\n')[0] ?? ''}`);
  }
  if (failures.length > 0) {
    console.error(
      `\nmutants: ${failures.length} of ${chosen.length} not killed:\n${failures.map((f) => `  ${f}`).join('\n')}`,
    );
    return 1;
  }
  console.log(`\nmutants: all ${chosen.length} killed`);
  return 0;
};

// Interrupted: stop the run in progress, remove the reports, and go. The sources were never changed.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    active?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}
const code = await main().finally(() => rmSync(work, { recursive: true, force: true }));
process.exit(code);
