import { lazyModule, RULE_SAFETY, type PatternVerdict } from '../core/index.js';

// The checker takes ~100 ms to load, and only a team's own patterns need it.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require that esbuild inlines into the bundles (see lazyModule)
const recheck = lazyModule<typeof import('recheck')>('recheck', import.meta.url, () => require('recheck'));

/**
 * Asks the ReDoS checker `recheck` how long a pattern can take in the worst case. It runs
 * its in-process pure-JavaScript backend: no worker, no native binary, no JVM, no network.
 */
export function checkPattern(source: string, flags: string): PatternVerdict {
  process.env.RECHECK_SYNC_BACKEND ??= 'pure';
  const { checkSync } = recheck();
  let diagnostics: ReturnType<typeof checkSync>;
  try {
    diagnostics = checkSync(source, flags, { timeout: RULE_SAFETY.checkTimeoutMs, randomSeed: RULE_SAFETY.checkerSeed });
  } catch {
    return { complexity: 'unknown', undecided: 'unsupported' };
  }
  if (diagnostics.status === 'safe') return { complexity: 'safe' };
  if (diagnostics.status === 'unknown') return { complexity: 'unknown', undecided: diagnostics.error.kind === 'timeout' ? 'timeout' : 'unsupported' };
  if (diagnostics.complexity.type === 'exponential') return { complexity: 'exponential', attack: diagnostics.attack.pattern };
  return { complexity: 'polynomial', degree: diagnostics.complexity.degree, attack: diagnostics.attack.pattern };
}
