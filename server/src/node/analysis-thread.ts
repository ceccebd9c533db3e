import fs from 'node:fs';
import { DEFAULT_ANALYSIS_LIMITS, type AnalysisLimits } from './analysis-limits.js';

/**
 * Most bytes of records analysed on the calling thread instead of a worker thread. Starting a
 * worker and loading the engine into it takes longer than checking a few records, but only a
 * worker can be stopped. At the slowest parse rate seen (remark on a 1 MB body of 7,000
 * sections: 5 s, 200 MB) this much text takes about 1.3 s and 50 MB, well under the default
 * limits; inputs that are slow for their size are cut short by the parser's own limits
 * (LIMITS in core/parse/limits.ts: a few seconds at most) and rules by their time budget.
 */
export const IN_PROCESS_MAX_BYTES = 256 * 1024;

/** Set to `always` to analyse every input on worker threads (how the tests compare both ways). */
export const FORCE_WORKER_VARIABLE = 'STANDPOINT_ANALYSIS_WORKER';

/**
 * Where the per-document stage runs: on this thread when the files are small enough that no
 * document can approach the limits, else on worker threads that can be stopped. Limits set
 * below the defaults (a slow-machine guard, or a test that needs to reach one) keep the
 * workers, since the bound above is reasoned from the default limits.
 */
export function analysisThread(
  files: readonly string[],
  limits: AnalysisLimits,
  env: NodeJS.ProcessEnv = process.env,
  sizeOf: (file: string) => number = fileSize,
): 'here' | 'worker' {
  if (env[FORCE_WORKER_VARIABLE] === 'always') return 'worker';
  if (limits.documentMs < DEFAULT_ANALYSIS_LIMITS.documentMs || limits.memoryMb < DEFAULT_ANALYSIS_LIMITS.memoryMb) return 'worker';
  let bytes = 0;
  for (const file of files) {
    bytes += sizeOf(file);
    if (bytes > IN_PROCESS_MAX_BYTES) return 'worker';
  }
  return 'here';
}

/** A file's size on disk; one that cannot be read counts as empty (reading it reports it). */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
