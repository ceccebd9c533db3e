import type { ErrorObject } from 'ajv';
import type { SourceMap } from '../model/source-map.js';
import type { LineIndex } from '../text/line-index.js';
import { onlyMatch, suggest } from '../text/nearest.js';
import type { PathSegment, Span } from '../types.js';

/** A schema violation in plain words, with the model path it concerns. */
export interface SchemaProblem {
  path: PathSegment[];
  message: string;
  /** `unknown` for additional properties: editors and rules treat them as minor. */
  category: 'unknown' | 'missing' | 'invalid';
  /** The values an enum allows, for a did-you-mean fix. */
  allowed?: unknown[];
  /** Name of an unknown or missing field. */
  field?: string;
  /** The one name or value a mistyped one can only have meant (a key for `unknown`, a value for an enum). */
  replacement?: string;
}

/**
 * Turns ajv errors (from a validator compiled with `verbose: true`) into one problem per
 * mistake: inside a `oneOf`/`anyOf`, the branches whose shape the value does not have are
 * left out, so `severity: eror` is one unknown severity, not also "matches no allowed form".
 */
export function describeSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const dropped = branchNoise(errors);
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'not' || dropped.has(e)) continue;
    const path = pointerToPath(e.instancePath);
    let problem: SchemaProblem;
    switch (e.keyword) {
      case 'required': {
        const field = String(e.params.missingProperty);
        problem = { path, field, category: 'missing', message: `missing required field "${field}"` };
        break;
      }
      case 'additionalProperties': {
        const field = String(e.params.additionalProperty);
        const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
        const hint = suggest(field, known);
        const replacement = onlyMatch(field, known);
        problem = {
          path: [...path, field],
          field,
          category: 'unknown',
          message: `unknown field "${field}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
          ...(replacement ? { replacement } : {}),
        };
        break;
      }
      case 'enum': {
        const allowed = e.params.allowedValues as unknown[];
        // `null` is how a schema lets a field be left empty; it is not a value anyone types.
        const shown = allowed.filter((v) => v !== null).map(String);
        const replacement = typeof e.data === 'string' ? onlyMatch(e.data.trim(), shown) : undefined;
        problem = {
          path,
          category: 'invalid',
          allowed,
          message: `expected one of: ${shown.join(', ')}${replacement ? ` (did you mean "${replacement}"?)` : ''}`,
          ...(replacement ? { replacement } : {}),
        };
        break;
      }
      case 'type':
        problem = { path, category: 'invalid', message: `expected ${typesInWords(String(e.params.type))}` };
        break;
      case 'pattern':
        problem = { path, category: 'invalid', message: `expected ${patternInWords(String(e.params.pattern), e.parentSchema)}` };
        break;
      case 'format':
        problem = {
          path,
          category: 'invalid',
          message: e.params.format === 'date' ? describeBadDate(e.data) : `expected a value of the form ${String(e.params.format)}`,
        };
        break;
      case 'const':
        problem = { path, category: 'invalid', message: `expected ${JSON.stringify(e.params.allowedValue)}` };
        break;
      case 'oneOf':
      case 'anyOf':
        problem = { path, category: 'invalid', message: composite(e, errors) };
        break;
      default:
        problem = { path, category: 'invalid', message: e.message ?? `fails ${e.keyword}` };
    }
    const key = `${problem.path.join('/')}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

const isComposite = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf';
const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);
const isScalar = (v: unknown) => v === null || typeof v !== 'object';

/**
 * The errors of a `oneOf`/`anyOf`'s branches: ajv reports them just before the composite
 * error, at the composite's value or inside it (a `$ref`'d branch reports schema paths of
 * its own, so position in the list is what ties them to the composite).
 */
function branchErrors(errors: readonly ErrorObject[], at: number): ErrorObject[] {
  const c = errors[at];
  const out: ErrorObject[] = [];
  for (let i = at - 1; i >= 0 && within(errors[i].instancePath, c.instancePath); i--) out.push(errors[i]);
  return out;
}

/** A branch error that only says the value has another shape than that branch (a string where a map was allowed). */
function wrongShape(e: ErrorObject, c: ErrorObject): boolean {
  if (e.instancePath !== c.instancePath) return false;
  return e.keyword === 'type' || ((e.keyword === 'enum' || e.keyword === 'const') && !isScalar(e.data));
}

/**
 * Which errors to leave out: for each composite, its branches of the wrong shape; then, if
 * a branch of the right shape says what is wrong, the composite itself, else every branch.
 */
function branchNoise(errors: readonly ErrorObject[]): Set<ErrorObject> {
  const dropped = new Set<ErrorObject>();
  errors.forEach((c, i) => {
    if (!isComposite(c)) return;
    const branches = branchErrors(errors, i).filter((e) => !dropped.has(e));
    const telling = branches.filter((e) => !isComposite(e) && !wrongShape(e, c) && e.keyword !== 'if' && e.keyword !== 'not');
    if (telling.length > 0) {
      dropped.add(c);
      for (const e of branches) if (!telling.includes(e) && !isComposite(e)) dropped.add(e);
    } else {
      for (const e of branches) dropped.add(e);
    }
  });
  return dropped;
}

/** A composite nothing more specific explains: the shapes its branches allow, in words. */
function composite(c: ErrorObject, errors: readonly ErrorObject[]): string {
  const branches = branchErrors(errors, errors.indexOf(c)).filter((e) => e.instancePath === c.instancePath);
  const shapes = new Set<string>();
  for (const e of branches) {
    if (e.keyword === 'type') shapes.add(typesInWords(String(e.params.type)));
    else if (e.keyword === 'enum')
      shapes.add(
        `one of ${(e.params.allowedValues as unknown[])
          .filter((v) => v !== null)
          .map(String)
          .join(', ')}`,
      );
  }
  return shapes.size > 0 ? `expected ${[...shapes].join(' or ')}` : 'does not match any of the allowed forms';
}

/** Patterns the shipped schemas use, in words; any other pattern is described by its schema, or shown. */
const PATTERNS: Record<string, string> = {
  '^[a-z][a-z0-9]*(-[a-z0-9]+)*$': 'lower-case words joined by hyphens, such as customer-advocate',
  '^[+-]?\\d[\\d,]*(\\.\\d+)?%?$': 'a number, optionally signed and with a percent sign, such as -15% or 420000',
  '\\S': 'some text that is not only spaces',
  '^\\d{4}-\\d{2}-\\d{2}$': 'a date written as YYYY-MM-DD, for example 2026-11-20',
  '^[vV]?\\d+(\\.\\d+)*$': 'a version such as v1.25 (in quotes)',
};

function patternInWords(pattern: string, schema: unknown): string {
  const words = PATTERNS[pattern];
  if (words) return words;
  const description = (schema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? `text of this form: ${description}` : `text matching ${pattern}`;
}

/** Where a schema problem points: an unknown field's key, a missing field's parent, an invalid value. */
export function spanOfProblem(problem: SchemaProblem, map: SourceMap): Span {
  if (problem.category === 'unknown') return map.get(problem.path)?.key ?? map.locate(problem.path).span;
  return map.locate(problem.path).span;
}

export function located(problem: SchemaProblem, map: SourceMap, lines: LineIndex): { line: number; column: number } {
  return lines.position(spanOfProblem(problem, map).start);
}

export function describePath(path: readonly PathSegment[]): string {
  return path.length === 0
    ? '(top level)'
    : path
        .map((s) => (typeof s === 'number' ? `[${s}]` : s))
        .join('.')
        .replace(/\.\[/g, '[');
}

/**
 * A model path as a person would name it: `metrics[0].kind` is "metric 1's kind",
 * `customer_impact` is "customer impact".
 */
export function humanPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the record';
  const words = (s: PathSegment) => String(s).replace(/_/g, ' ');
  const last = path.reduce<number>((at, s, i) => (typeof s === 'number' ? i : at), -1);
  if (last < 0) return path.map(words).join(' ');
  const list = last > 0 ? singularWord(words(path[last - 1])) : 'item';
  const item = `${list} ${Number(path[last]) + 1}`;
  const rest = path.slice(last + 1).filter((s) => typeof s === 'string');
  return rest.length === 0 ? item : `${item}'s ${rest.map(words).join(' ')}`;
}

function singularWord(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us)$/.test(word) || !word.endsWith('s')) return word;
  return word.slice(0, -1);
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => {
      const unescaped = s.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(unescaped) ? Number(unescaped) : unescaped;
    });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Why a value that ajv-formats refused as a `date` is not one, in words. */
export function describeBadDate(value: unknown): string {
  const text = String(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return `"${text}" is not a date: write it as YYYY-MM-DD (year, month, day), for example 2026-11-20`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const why =
    month < 1 || month > 12
      ? `there is no month ${month}`
      : day < 1
        ? 'there is no day 0'
        : day > 31
          ? `no month has ${day} days`
          : month === 2 && day === 29
            ? `${year} is not a leap year, so February has no 29th`
            : `${MONTHS[month - 1]} has no ${ordinal(day)}`;
  return `${text} is not a calendar date: ${why}`;
}

function ordinal(n: number): string {
  const suffix = n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** `string,null` is "a string": a value may be left empty, which nobody needs telling. */
function typesInWords(types: string): string {
  const named = types.split(',').filter((t) => t !== 'null');
  return (named.length > 0 ? named : ['null']).map(article).join(' or ');
}

function article(type: string): string {
  const name = type === 'array' ? 'list' : type === 'object' ? 'map' : type;
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}
