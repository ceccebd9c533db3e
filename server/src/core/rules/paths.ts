import { FACTS_ROOT } from '../model/document.js';
import { fieldKey } from '../text/field-key.js';
import type { PathSegment } from '../types.js';

/** One step of a model path. */
export type Step = { kind: 'key'; name: string } | { kind: 'index'; index: number } | { kind: 'each' } | { kind: 'deep' };

export interface ModelPath {
  absolute: boolean;
  steps: Step[];
  /** True when the path can select more than one node. */
  multi: boolean;
  /** `$strings`: every string value plus free prose (find checks only). */
  strings: boolean;
  /** `$document...`: read from the document's facts (its Markdown headings), not its data; absolute, first step `$document`. */
  facts: boolean;
}

/** What absolute paths start from: the document's data, and its facts for `$document` paths. */
export interface ModelRoots {
  root: unknown;
  document?: unknown;
  /**
   * Keys match loosely (core/text/field-key.ts: `Status`, `status`, `Start Date` and `start_date`
   * are one key) when no key is written exactly so: in documents that are not decision records,
   * whose fields are named by their authors, not by a schema.
   */
  looseKeys?: boolean;
}

/** A node of the model under test, with the path that leads to it. */
export interface Cursor {
  value: unknown;
  readonly path: PathSegment[];
}

/**
 * A cursor reached by one step from another. Walks visit far more nodes than end up in a
 * finding, so the path is only spelled out when something asks for it.
 */
class ChildCursor implements Cursor {
  private spelled?: PathSegment[];

  constructor(
    readonly value: unknown,
    private readonly parent: Cursor,
    private readonly segment: PathSegment,
  ) {}

  get path(): PathSegment[] {
    // A literal, not a preallocated array: one with holes crosses threads as a sparse array,
    // several times the memory of the path in every finding a worker thread sends.
    this.spelled ??= [...this.parent.path, this.segment];
    return this.spelled;
  }
}

/** The cursor for `value`, found under `parent` at `segment`. */
export function childCursor(parent: Cursor, segment: PathSegment, value: unknown): Cursor {
  return new ChildCursor(value, parent, segment);
}

/** `$strings`, the path of every string value of a model (find and assert checks' `given`). */
export function isStringsPath(source: string): boolean {
  return source.trim() === '$strings';
}

const cache = new Map<string, ModelPath>();

const FACTS_PATH = new RegExp(`^\\${FACTS_ROOT}(?=$|[.[])`);

/** Parses `a.b[*].c`, `**.owner`, `/date`, `.`, `$strings`, `$document.headings[*]`. Throws on malformed input (caught at rule load). */
export function parsePath(source: string): ModelPath {
  const hit = cache.get(source);
  if (hit) return hit;
  const text = source.trim();
  const facts = FACTS_PATH.test(text);
  const parsed: ModelPath = { absolute: facts || text.startsWith('/'), steps: [], multi: false, strings: isStringsPath(text), facts };
  if (!parsed.strings) {
    const body = text.startsWith('/') ? text.slice(1) : text;
    if (body !== '' && body !== '.') {
      for (const part of body.split('.')) {
        const m = /^(\*\*|[^[\]*]+)?((?:\[(?:\*|\d+)\])*)$/.exec(part);
        if (!m || (m[1] === undefined && m[2] === '')) throw new Error(`malformed path "${source}" at "${part}"`);
        if (m[1] === '**') parsed.steps.push({ kind: 'deep' });
        else if (m[1] !== undefined) parsed.steps.push({ kind: 'key', name: m[1] });
        for (const idx of m[2].matchAll(/\[(\*|\d+)\]/g)) {
          parsed.steps.push(idx[1] === '*' ? { kind: 'each' } : { kind: 'index', index: Number(idx[1]) });
        }
      }
    }
    parsed.multi = parsed.steps.some((s) => s.kind === 'each' || s.kind === 'deep');
  }
  cache.set(source, parsed);
  return parsed;
}

/** Every existing node `path` reaches from `base` (or from the roots when the path is absolute). */
export function select(roots: ModelRoots, base: Cursor, path: ModelPath): Cursor[] {
  if (!path.multi) {
    const found = single(roots, base, path);
    return found === undefined ? [] : [found];
  }
  let current: Cursor[] = [start(roots, base, path)];
  for (const step of path.steps) {
    const next: Cursor[] = [];
    for (const c of current) {
      switch (step.kind) {
        case 'key':
          if (isMap(c.value)) {
            const key = Object.hasOwn(c.value, step.name) ? step.name : roots.looseKeys ? looseKeyIn(c.value, step.name) : undefined;
            if (key !== undefined) next.push(childCursor(c, key, c.value[key]));
          }
          break;
        case 'index':
          if (Array.isArray(c.value) && step.index < c.value.length) next.push(childCursor(c, step.index, c.value[step.index]));
          break;
        case 'each':
          if (Array.isArray(c.value)) c.value.forEach((v, i) => next.push(childCursor(c, i, v)));
          break;
        case 'deep':
          descend(c, next);
          break;
      }
    }
    current = next;
  }
  return current;
}

/** Where `path` starts: `base`, or the roots when it is absolute. */
function start(roots: ModelRoots, base: Cursor, path: ModelPath): Cursor {
  if (!path.absolute) return base;
  // Facts hang under their own key of a root of their own: cursor paths start with `$document`, as the source map does.
  return { value: path.facts ? { [FACTS_ROOT]: roots.document } : roots.root, path: [] };
}

/**
 * The node a path without wildcards reaches, if it exists: followed step by step, without the
 * lists of nodes `select` keeps for wildcards (predicates resolve such paths on every node they test).
 */
function single(roots: ModelRoots, base: Cursor, path: ModelPath): Cursor | undefined {
  let c = start(roots, base, path);
  for (const step of path.steps) {
    const v = c.value;
    if (step.kind === 'key') {
      if (!isMap(v)) return undefined;
      const key = Object.hasOwn(v, step.name) ? step.name : roots.looseKeys ? looseKeyIn(v, step.name) : undefined;
      if (key === undefined) return undefined;
      c = childCursor(c, key, v[key]);
    } else if (step.kind === 'index') {
      if (!Array.isArray(v) || step.index >= v.length) return undefined;
      c = childCursor(c, step.index, v[step.index]);
    } else return undefined;
  }
  return c;
}

/** The single value a non-wildcard path names (undefined when missing), with its full path. */
export function resolve(roots: ModelRoots, base: Cursor, path: ModelPath): Cursor {
  if (path.multi) {
    const all = select(roots, base, path);
    return { value: all.map((c) => c.value), path: base.path };
  }
  return single(roots, base, path) ?? new MissingCursor(path.absolute ? undefined : base, path);
}

/** Where a path that names nothing would be: spelled out only when something asks for it. */
class MissingCursor implements Cursor {
  readonly value = undefined;
  private spelled?: PathSegment[];

  constructor(
    /** The cursor the path is read from; undefined when it is absolute. */
    private readonly base: Cursor | undefined,
    private readonly named: ModelPath,
  ) {}

  get path(): PathSegment[] {
    this.spelled ??= [...(this.base?.path ?? []), ...this.named.steps.map((s) => (s.kind === 'key' ? s.name : s.kind === 'index' ? s.index : '*'))];
    return this.spelled;
  }
}

/** Does a concrete model path match a path pattern (`a.b[*].c`, `**.owner`), read from the root? */
export function pathMatches(pattern: ModelPath, target: readonly PathSegment[]): boolean {
  const steps = pattern.steps;
  const at = (i: number, j: number): boolean => {
    if (i === steps.length) return j === target.length;
    const step = steps[i];
    if (step.kind === 'deep') {
      for (let k = j; k <= target.length; k++) if (at(i + 1, k)) return true;
      return false;
    }
    if (j >= target.length) return false;
    const seg = target[j];
    const ok = step.kind === 'key' ? seg === step.name : step.kind === 'index' ? seg === step.index : typeof seg === 'number';
    return ok && at(i + 1, j + 1);
  };
  return at(0, 0);
}

/** Every string in the model, with its path. */
export function allStrings(root: unknown): Cursor[] {
  const out: Cursor[] = [];
  const stack: Cursor[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (typeof c.value === 'string') out.push(c);
    else if (Array.isArray(c.value)) c.value.forEach((v, i) => stack.push(childCursor(c, i, v)));
    else if (isMap(c.value)) for (const [k, v] of Object.entries(c.value)) stack.push(childCursor(c, k, v));
  }
  return out.reverse();
}

/**
 * A concrete path as the document spells it: each key that is not written exactly so in the
 * model replaced by the one it names loosely (ModelRoots.looseKeys), as far as the model goes.
 */
export function spelledPath(root: unknown, path: readonly PathSegment[]): PathSegment[] {
  const out = [...path];
  let v = root;
  for (let i = 0; i < out.length; i++) {
    const segment = out[i];
    if (Array.isArray(v) && typeof segment === 'number') v = v[segment];
    else if (isMap(v) && typeof segment === 'string') {
      const key = Object.hasOwn(v, segment) ? segment : looseKeyIn(v, segment);
      if (key === undefined) break;
      out[i] = key;
      v = v[key];
    } else break;
  }
  return out;
}

/** The key of `map` that `name` names loosely, if any. */
function looseKeyIn(map: Record<string, unknown>, name: string): string | undefined {
  const wanted = fieldKey(name);
  if (wanted === '') return undefined;
  for (const key of Object.keys(map)) if (fieldKey(key) === wanted) return key;
  return undefined;
}

function descend(c: Cursor, out: Cursor[]): void {
  const stack: Cursor[] = [c];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (Array.isArray(n.value)) {
      out.push(n);
      for (let i = n.value.length - 1; i >= 0; i--) stack.push(childCursor(n, i, n.value[i]));
    } else if (isMap(n.value)) {
      out.push(n);
      const entries = Object.entries(n.value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push(childCursor(n, entries[i][0], entries[i][1]));
    }
  }
}

/** The model value at a concrete path from the root (undefined when missing). */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const segment of path) {
    if (Array.isArray(v) && typeof segment === 'number') v = v[segment];
    else if (isMap(v) && typeof segment === 'string' && Object.hasOwn(v, segment)) v = v[segment];
    else return undefined;
  }
  return v;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
