import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { isInside } from '../server/src/core/engine/discover.js';

/** Inside, as the paths resolve: the relative path from the folder neither climbs out nor starts elsewhere. */
function insideResolved(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

describe('a path inside a folder', () => {
  it('is what resolving both paths says, for absolute and relative paths with dot segments (5,000 generated pairs)', () => {
    const segment = fc.constantFrom('a', 'b', 'ab', '..', '.', '', '..a', 'a..', '.a');
    const pathOf = fc
      .tuple(fc.boolean(), fc.array(segment, { maxLength: 5 }), fc.boolean())
      .map(([absolute, parts, slash]) => `${absolute ? '/' : ''}${parts.join('/')}${slash ? '/' : ''}`);
    fc.assert(
      fc.property(pathOf, pathOf, (dir, file) => {
        fc.pre(dir !== '' && file !== '');
        assert.equal(isInside(dir, file), insideResolved(dir, file), `${dir} ⊇ ${file}`);
      }),
      { numRuns: 5000, seed: 20261206 },
    );
  });

  it('keeps apart a folder and its namesakes: /work/a holds /work/a/b and itself, not /work/ab or /work', () => {
    assert.equal(isInside('/work/a', '/work/a/b.yaml'), true);
    assert.equal(isInside('/work/a/', '/work/a'), true);
    assert.equal(isInside('/work/a', '/work/ab/b.yaml'), false);
    assert.equal(isInside('/work/a', '/work'), false);
    assert.equal(isInside('/', '/work'), true);
    assert.equal(isInside('/work/a', '/work/a/..foo/b.yaml'), true, 'a name that starts with two dots is not the parent folder');
  });
});
