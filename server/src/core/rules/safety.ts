import type { Host } from '../host.js';
import type { PathSegment, Span } from '../types.js';

/**
 * Keeping rules from hanging the linter. Rule patterns are regular expressions run by a
 * backtracking engine, which cannot be interrupted once a match has started, so:
 *
 * - a team's pattern (a `rule_dirs` rule, or a pattern given through options) is checked
 *   at load by the ReDoS checker `recheck`; a pattern that can take exponential time is a
 *   configuration error. Built-in patterns are checked by the test suite instead (the
 *   checker needs seconds for a large pattern) and must all be linear.
 * - a pattern that can take polynomial time (say `\d+\s*units`, quadratic on a long run
 *   of digits) is accepted, but only runs on texts short enough to stay cheap; on a
 *   longer text the rule is stopped and reported as `internal-error`.
 * - every rule runs against a time budget per document, checked as it walks the model.
 */
export const RULE_SAFETY = {
  /** How long the checker may spend on one pattern; undecided patterns count as quadratic. */
  checkTimeoutMs: 5000,
  /** The checker fuzzes patterns it cannot analyse exactly; a fixed seed gives every run the same verdict. */
  checkerSeed: 1,
  /** Work a polynomial pattern may do on one text: its limit is this to the power 1/degree (3,162 characters when quadratic). */
  polynomialSteps: 1e7,
} as const;

export type PatternComplexity = 'safe' | 'polynomial' | 'exponential' | 'unknown';

export interface PatternVerdict {
  complexity: PatternComplexity;
  /** Degree of a polynomial worst case. */
  degree?: number;
  /** An input that makes the pattern slow, as a JavaScript expression (from the checker). */
  attack?: string;
}

const verdicts = new Map<string, PatternVerdict>();
/** Patterns whose verdict was assumed (no checker), to be asked again of a host that has one. */
const assumed = new Set<string>();

/**
 * The ReDoS checker's verdict on a rule pattern (flags `iu`, as rules run them), asked of the
 * host and remembered per pattern. A host without a checker leaves every team pattern
 * undecided: accepted, but run only on texts short enough for a quadratic pattern.
 */
export function patternVerdict(source: string, host: Pick<Host, 'checkPattern'>): PatternVerdict {
  let verdict = verdicts.get(source);
  if (verdict && !(assumed.has(source) && host.checkPattern)) return verdict;
  if (host.checkPattern) {
    verdict = host.checkPattern(source, 'iu');
    assumed.delete(source);
  } else {
    verdict = { complexity: 'unknown' };
    assumed.add(source);
  }
  verdicts.set(source, verdict);
  return verdict;
}

/** Why a pattern may not be used (catastrophic backtracking), or undefined when it may. */
export function backtrackingProblem(source: string, host: Pick<Host, 'checkPattern'>): string | undefined {
  const verdict = patternVerdict(source, host);
  if (verdict.complexity !== 'exponential') return undefined;
  return (
    `regular expression /${source}/ can backtrack catastrophically (exponential time, for example on ${clip(verdict.attack ?? '', 60)}): ` +
    'rewrite it so that no repeated part can match the same text in more than one way'
  );
}

/**
 * The longest text a pattern checked at load may run on: none for linear patterns (and
 * for built-in ones, which are never checked here), `polynomialSteps ^ (1/degree)` for
 * polynomial ones, as if quadratic for patterns the checker could not decide.
 */
export function textLimit(source: string): number | undefined {
  const verdict = verdicts.get(source);
  if (!verdict || verdict.complexity === 'safe' || verdict.complexity === 'exponential') return undefined;
  return Math.floor(RULE_SAFETY.polynomialSteps ** (1 / (verdict.degree ?? 2)));
}

/** A rule stopped on one document: it becomes an `internal-error` finding, located when possible. */
export class RuleStopped extends Error {
  constructor(
    message: string,
    readonly where: { path?: PathSegment[]; span?: Span } = {},
  ) {
    super(message);
    this.name = 'RuleStopped';
  }
}

/** Stops the rule when `text` is too long for `source` to be matched against it in bounded time. */
export function ensurePatternFits(source: string, text: string, where: { path?: PathSegment[]; span?: Span }): void {
  const limit = textLimit(source);
  if (limit === undefined || text.length <= limit) return;
  const degree = verdicts.get(source)?.degree ?? 2;
  throw new RuleStopped(
    `its pattern /${clip(source, 60)}/ can take time growing as the ${degree === 2 ? 'square' : `power ${degree}`} of the text length, ` +
      `and this text is ${text.length} characters, over the ${limit}-character limit for such a pattern`,
    where,
  );
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

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
