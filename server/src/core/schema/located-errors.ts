import type { ErrorObject } from 'ajv';
import type { SourceMap } from '../model/source-map.js';
import type { LineIndex } from '../text/line-index.js';
import { suggest } from '../text/nearest.js';
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
}

/** Turns ajv errors (from a validator compiled with `verbose: true`) into one problem each. */
export function describeSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const composite = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'not') continue;
    // Inside a oneOf/anyOf, report only the composite failure: the branch errors confuse more than help.
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && composite.some((c) => e.schemaPath.startsWith(c.schemaPath.replace(/\/(oneOf|anyOf)$/, '/$1/')))) continue;
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
        problem = { path: [...path, field], field, category: 'unknown', message: `unknown field "${field}"${hint ? ` (did you mean "${hint}"?)` : ''}` };
        break;
      }
      case 'enum': {
        const allowed = e.params.allowedValues as unknown[];
        problem = { path, category: 'invalid', allowed, message: `expected one of: ${allowed.map(String).join(', ')}` };
        break;
      }
      case 'type':
        problem = { path, category: 'invalid', message: `expected ${article(String(e.params.type))}` };
        break;
      case 'pattern':
        problem = { path, category: 'invalid', message: `expected text matching ${e.params.pattern}` };
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
        problem = { path, category: 'invalid', message: 'does not match any of the allowed forms' };
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

function article(type: string): string {
  const name = type === 'array' ? 'list' : type === 'object' ? 'map' : type;
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}
