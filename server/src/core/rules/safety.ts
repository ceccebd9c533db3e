import type { Host } from '../host.js';
import type { EvalContext } from './language.js';

/**
 * Keeping rules from hanging the linter. Rule patterns are regular expressions run by a
 * backtracking engine, which cannot be interrupted once a match has started, so:
 *
 * - a team's pattern (a `rule_dirs` rule, or a pattern given through options) is checked
 *   at load by the ReDoS checker `recheck`, and used only when the checker finds it safe
 *   (linear time). Anything else fails closed, as a configuration error at the pattern:
 *   exponential or polynomial backtracking, and patterns the checker could not decide
 *   within its budget. Built-in patterns are checked by the test suite instead (the checker
 *   needs seconds for a large pattern) and must all be linear.
 * - every rule runs against a time budget per document, checked as it walks the model.
 * - what is left (a single match the checker judged wrongly, a pathological document) runs
 *   on an analysis thread that is stopped when a document overruns its time limit.
 */
export const RULE_SAFETY = {
  /**
   * How long the checker may spend on one pattern, wall clock; a pattern it cannot decide in
   * time is refused. Simple patterns take it seconds on a busy two-core machine, so the budget
   * is generous: only a pattern it cannot decide at all waits this long.
   */
  checkTimeoutMs: 20_000,
  /** The checker fuzzes patterns it cannot analyse exactly; a fixed seed gives every run the same verdict. */
  checkerSeed: 1,
} as const;

export type PatternComplexity = 'safe' | 'polynomial' | 'exponential' | 'unknown';

export interface PatternVerdict {
  complexity: PatternComplexity;
  /** Degree of a polynomial worst case. */
  degree?: number;
  /** An input that makes the pattern slow, as a JavaScript expression (from the checker). */
  attack?: string;
  /** Why the checker could not decide: it ran out of time, or the pattern uses what it cannot analyse. */
  undecided?: 'timeout' | 'unsupported' | 'no-checker';
}

const verdicts = new Map<string, PatternVerdict>();
/** Patterns whose verdict was assumed (no checker), to be asked again of a host that has one. */
const assumed = new Set<string>();

/**
 * The ReDoS checker's verdict on a rule pattern (flags `iu`, as rules run them), asked of the
 * host and remembered per pattern. A host without a checker leaves every team pattern
 * undecided, which refuses it.
 */
export function patternVerdict(source: string, host: Pick<Host, 'checkPattern'>): PatternVerdict {
  let verdict = verdicts.get(source);
  if (verdict && !(assumed.has(source) && host.checkPattern)) return verdict;
  if (host.checkPattern) {
    verdict = host.checkPattern(source, 'iu');
    assumed.delete(source);
  } else {
    verdict = { complexity: 'unknown', undecided: 'no-checker' };
    assumed.add(source);
  }
  verdicts.set(source, verdict);
  return verdict;
}

/** Why a team's pattern may not be used (the checker did not find it linear), or undefined when it may. */
export function backtrackingProblem(source: string, host: Pick<Host, 'checkPattern'>): string | undefined {
  const verdict = patternVerdict(source, host);
  const shown = `regular expression /${clip(source, 80)}/`;
  const rewrite = 'rewrite it so that no repeated part can match the same text in more than one way';
  switch (verdict.complexity) {
    case 'safe':
      return undefined;
    case 'exponential':
      return `${shown} can backtrack catastrophically (exponential time, for example on ${clip(verdict.attack ?? '', 60)}): ${rewrite}`;
    case 'polynomial': {
      const growth = verdict.degree === undefined || verdict.degree === 2 ? 'the square' : `the power ${verdict.degree}`;
      return `${shown} can backtrack for a time growing as ${growth} of the text length (for example on ${clip(verdict.attack ?? '', 60)}): ${rewrite}`;
    }
    case 'unknown':
      if (verdict.undecided === 'no-checker') return `${shown} cannot be checked for catastrophic backtracking here (no ReDoS checker), so it is not used`;
      if (verdict.undecided === 'unsupported') return `${shown} uses a construct the ReDoS checker cannot analyse, so it is not used: rewrite it without it`;
      return `${shown} could not be shown to run in linear time within the ReDoS checker's ${RULE_SAFETY.checkTimeoutMs / 1000} s budget, so it is not used: simplify it (fewer or smaller bounded repetitions {n,m}, fewer alternatives)`;
  }
}

/** Thrown from inside a rule when its time budget for the document is spent. */
export class RuleTimeout extends Error {
  constructor() {
    super('time budget spent');
    this.name = 'RuleTimeout';
  }
}

/** Stops the rule when `deadline` (a reading of `now`) has passed. */
export function checkDeadline(deadline: number | undefined, now: () => number = Date.now): void {
  if (deadline !== undefined && now() > deadline) throw new RuleTimeout();
}

/** Reading the clock costs more than most steps of a rule: it is read on a rule's first step and every 64th after. */
const DEADLINE_EVERY = 64;

/** One step of a rule's work (a predicate tested, a text searched): stops the rule, paced, once its time budget is spent. */
export function stepTowardsDeadline(ctx: Pick<EvalContext, 'steps' | 'deadline' | 'now'>): void {
  ctx.steps = (ctx.steps ?? 0) + 1;
  if (ctx.steps % DEADLINE_EVERY === 1) checkDeadline(ctx.deadline, ctx.now);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
