/**
 * Knobs of the endpoint fuzz test, read from the environment by the test only (src/ never sees them):
 *   FUZZ_RUNS=10000 FUZZ_SEED=1234 npx mocha --no-config --exit dist/test/http/fuzz.test.js
 * Default: 300 cases with a fresh seed, printed so that a failure can be replayed.
 */
export interface FuzzSettings {
  readonly runs: number;
  readonly seed: number;
}

export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const runs = Number.parseInt(env.FUZZ_RUNS ?? '', 10);
  const seed = Number.parseInt(env.FUZZ_SEED ?? '', 10);
  return {
    runs: Number.isFinite(runs) && runs > 0 ? runs : 300,
    seed: Number.isFinite(seed) ? seed : Math.floor(Math.random() * 2 ** 31),
  };
}
