import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePath, resolve, select, type Cursor, type ModelRoots } from '../server/src/core/rules/paths.js';
import { fieldKey } from '../server/src/core/text/field-key.js';
import type { PathSegment } from '../server/src/core/types.js';

/** A model path without wildcards, step by step, as a rule writes it. */
const SEGMENT = fc.oneof(fc.constantFrom('owner', 'Owner', 'items', 'name', 'start_date', 'Start Date'), fc.integer({ min: 0, max: 2 }));

function written(segments: readonly PathSegment[], absolute: boolean): string {
  const parts: string[] = [];
  for (const s of segments) {
    if (typeof s === 'string') parts.push(s);
    else if (parts.length === 0) parts.push(`[${s}]`);
    else parts[parts.length - 1] += `[${s}]`;
  }
  return (absolute ? '/' : '') + parts.join('.');
}

/** Models whose keys are the ones paths name, or the same loosely. */
const MODEL: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.string({ maxLength: 3 }), fc.integer(), tie('map'), tie('list')),
  map: fc.dictionary(fc.constantFrom('owner', 'OWNER', 'items', 'name', 'start_date', 'Start Date', 'other'), tie('node'), { maxKeys: 4 }),
  list: fc.array(tie('node'), { maxLength: 3 }),
})).node;

/** What a path names, read directly from the model: undefined when some step finds nothing. */
function reference(roots: ModelRoots, base: Cursor, segments: readonly PathSegment[], absolute: boolean): Cursor | undefined {
  let value = absolute ? roots.root : base.value;
  const path = absolute ? [] : [...base.path];
  for (const s of segments) {
    if (typeof s === 'number') {
      if (!Array.isArray(value) || s >= value.length) return undefined;
      value = value[s];
      path.push(s);
    } else {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      const map = value as Record<string, unknown>;
      const key = Object.hasOwn(map, s) ? s : roots.looseKeys ? Object.keys(map).find((k) => fieldKey(k) === fieldKey(s)) : undefined;
      if (key === undefined) return undefined;
      value = map[key];
      path.push(key);
    }
  }
  return { value, path };
}

describe('model paths without wildcards', () => {
  it('select and resolve reach the node the path names, with its path, or report where it would be', () => {
    fc.assert(
      fc.property(MODEL, fc.array(SEGMENT, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean(), (root, segments, absolute, looseKeys) => {
        const source = written(segments, absolute);
        const path = parsePath(source);
        fc.pre(!path.multi);
        const steps = path.steps.map((s) => (s.kind === 'key' ? s.name : s.kind === 'index' ? s.index : '*'));
        const roots: ModelRoots = { root, looseKeys };
        const base: Cursor = { value: root, path: ['base'] };
        const expected = reference(roots, base, steps, path.absolute);
        const selected = select(roots, base, path);
        const resolved = resolve(roots, base, path);
        if (expected === undefined) {
          assert.deepEqual(selected, []);
          assert.equal(resolved.value, undefined);
          assert.deepEqual(resolved.path, [...(path.absolute ? [] : ['base']), ...steps]);
        } else {
          assert.equal(selected.length, 1);
          assert.equal(selected[0].value, expected.value);
          assert.deepEqual(selected[0].path, expected.path);
          assert.equal(resolved.value, expected.value);
          assert.deepEqual(resolved.path, expected.path);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads $document paths from the facts, under their own key', () => {
    const roots: ModelRoots = { root: { title: 'x' }, document: { headings: ['Why'] } };
    const found = resolve(roots, { value: roots.root, path: [] }, parsePath('$document.headings[0]'));
    assert.equal(found.value, 'Why');
    assert.deepEqual(found.path, ['$document', 'headings', 0]);
    const missing = resolve(roots, { value: roots.root, path: ['a'] }, parsePath('$document.headings[3]'));
    assert.equal(missing.value, undefined);
    assert.deepEqual(missing.path, ['$document', 'headings', 3]);
  });
});
