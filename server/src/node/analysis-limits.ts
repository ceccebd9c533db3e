/**
 * Bounds on one document's analysis (parse and per-document rules), which runs on a worker
 * thread so that it can be cut off: the thread is stopped when a document takes longer than
 * `documentMs`, and V8 stops it when its heap would grow past `memoryMb`. The document then
 * gets an `internal-error` finding naming the limit; every other document is still checked.
 */
export interface AnalysisLimits {
  /** Wall-clock time one document's analysis may take, in milliseconds. */
  documentMs: number;
  /** Old-generation heap of one analysis thread, in megabytes. */
  memoryMb: number;
}

/**
 * The largest real-world record seen (400 KB of Markdown) is parsed in under a second with
 * 22 MB of heap. Markdown parsing grows faster than the text: a generated 1 MB body of 7,000
 * sections with links takes 5 s and 200 MB, and 4.8 MB of it 20 s and 1.2 GB. The memory
 * limit is not lower because V8 grows a heap limited to less than 2 GB more cautiously: at
 * 1 GB, checking 500 Markdown records took a tenth more CPU time, in extra collections.
 */
export const DEFAULT_ANALYSIS_LIMITS: AnalysisLimits = { documentMs: 10_000, memoryMb: 2048 };

/**
 * The limits for this process: the defaults, or whole numbers given in
 * STANDPOINT_DOCUMENT_TIME_LIMIT_MS and STANDPOINT_ANALYSIS_MEMORY_MB (for slow machines, and
 * for tests that need a limit they can reach quickly). Anything else there is ignored.
 */
export function analysisLimits(env: NodeJS.ProcessEnv = process.env): AnalysisLimits {
  const whole = (value: string | undefined, fallback: number, min: number) =>
    value !== undefined && /^\d+$/.test(value.trim()) ? Math.max(min, Number(value)) : fallback;
  return {
    documentMs: whole(env.STANDPOINT_DOCUMENT_TIME_LIMIT_MS, DEFAULT_ANALYSIS_LIMITS.documentMs, 1),
    memoryMb: whole(env.STANDPOINT_ANALYSIS_MEMORY_MB, DEFAULT_ANALYSIS_LIMITS.memoryMb, 16),
  };
}

/** What a stopped document's finding says after "its analysis". */
export function timeLimitReason(limits: AnalysisLimits): string {
  return `its analysis ran over the time limit of ${seconds(limits.documentMs)} per document and was stopped`;
}

export function memoryLimitReason(limits: AnalysisLimits): string {
  return `its analysis ran out of memory (the limit is ${limits.memoryMb} MB per analysis thread) and was stopped`;
}

function seconds(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
