/**
 * How long the fuzz tests run: FUZZ_RUNS runs per property (default 200, bounded for CI) from
 * FUZZ_SEED (default fixed). `npm run fuzz -- --runs 100000` sets both; FUZZ_SEED=N replays a failure.
 */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
export const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261120;
