import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/**
 * A fingerprint that survives unrelated edits and line shifts: rule, file, the model
 * path the finding is about and the text it points at, plus an occurrence number for
 * identical findings in one file. Baselines and SARIF `partialFingerprints` use it.
 */
export function fingerprints(findings: readonly Finding[], relative: (file: string) => string, textOf: (f: Finding) => string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const basis = [f.rule, relative(f.file), (f.path ?? []).join('.'), textOf(f).replace(/\s+/g, ' ').trim()].join('\u0000');
    const n = seen.get(basis) ?? 0;
    seen.set(basis, n + 1);
    return createHash('sha256').update(`${basis}\u0000${n}`).digest('hex').slice(0, 32);
  });
}
