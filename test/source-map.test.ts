import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SourceMap, type LocationTree, type NodeLocation } from '../server/src/core/model/source-map.js';
import { parseDocument } from '../server/src/core/parse/document.js';
import { LineIndex } from '../server/src/core/text/line-index.js';
import { mapYamlTree, readYaml } from '../server/src/core/parse/yaml-tree.js';
import type { PathSegment } from '../server/src/core/types.js';
import { corpusNote, skipWithoutCorpus } from './helpers/corpus.js';
import { CORPUS_DIR, REPO, SAMPLES_DIR } from './helpers/paths.js';

function recordFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|md)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const pathOf = (key: string): PathSegment[] => (key === '' ? [] : key.split('\u001f').map((s) => (/^\d+$/.test(s) ? Number(s) : s)));

/** A tree with fixed answers, to see which of several sources wins. */
function fixedTree(locations: Record<string, NodeLocation>): LocationTree {
  return {
    find: (p, from) => locations[p.slice(from).join('.')],
    each: (visit) => Object.entries(locations).forEach(([k, loc]) => visit(k === '' ? [] : k.split('.'), loc)),
  };
}
const at = (start: number): NodeLocation => ({ shape: 'scalar', value: { start, end: start + 1 } });

describe('source map', () => {
  /** Asserts every node of every file is found by its path at its listed location; returns how many nodes. */
  function mapsAgree(files: string[]): number {
    let checked = 0;
    for (const file of files) {
      const doc = parseDocument(file, fs.readFileSync(file, 'utf8'), 'record');
      for (const [key, location] of doc.map.entries()) {
        assert.deepEqual(doc.map.get(pathOf(key)), location, `${file}: ${JSON.stringify(pathOf(key))}`);
        checked++;
      }
    }
    return checked;
  }

  it('finds every node it lists, the same location by path as by listing, in both record forms (samples and fixtures)', function () {
    this.timeout(60_000);
    const files = [SAMPLES_DIR, path.join(REPO, 'test', 'fixtures')].flatMap(recordFiles);
    assert.ok(files.length >= 20, `only ${files.length} files`);
    const checked = mapsAgree(files);
    assert.ok(checked > 1_000, `only ${checked} nodes checked`);
  });

  it(`finds every node it lists in those and the real-world corpus${corpusNote()}`, function () {
    this.timeout(60_000);
    skipWithoutCorpus(this);
    const files = [SAMPLES_DIR, path.join(REPO, 'test', 'fixtures'), CORPUS_DIR].flatMap(recordFiles);
    assert.ok(files.length > 300, `only ${files.length} files`);
    const checked = mapsAgree(files);
    assert.ok(checked > 5_000, `only ${checked} nodes checked`);
  });

  it('locates YAML nodes: scalars by value, empty values and maps by key, list items by their first line', () => {
    const text = 'decision: launch-plan\nempty:\nteam:\n  lead: Ana\npromises:\n  - id: P-1\n    owner: Kofi\n  - plain\n';
    const map = new SourceMap({ start: 0, end: 8 });
    mapYamlTree(readYaml(text).tree!, map, new LineIndex(text));
    const slice = (s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);
    assert.equal(slice(map.get(['decision'])?.value), 'launch-plan');
    assert.deepEqual(map.get(['empty']), { shape: 'scalar', key: { start: 22, end: 27 }, value: { start: 22, end: 27 } });
    assert.equal(map.get(['team'])?.shape, 'block');
    assert.equal(slice(map.get(['team'])?.key), 'team');
    assert.equal(map.get(['promises', 0])?.shape, 'item');
    assert.equal(slice(map.get(['promises', 0])?.head), 'id: P-1');
    assert.equal(slice(map.get(['promises', '1'])?.value), 'plain', 'an index written as text finds the item');
    assert.equal(slice(map.get(['promises', 0, 'owner'])?.value), 'Kofi');
    assert.equal(map.get(['promises', 2]), undefined);
    assert.equal(map.get(['promises', 'x']), undefined);
    assert.equal(map.get(['empty', 'below']), undefined);
    assert.equal(map.get(['decision', 'below']), undefined);
    assert.equal(slice(map.locate(['promises', 0, 'review']).span), 'id: P-1', 'a missing field points at its item');
    assert.equal(slice(map.locate(['nowhere', 'deeper']).span), 'decision', 'then at the root anchor');
  });

  it('lets the later of an entry and a mounted tree win for the same path', () => {
    const map = new SourceMap({ start: 0, end: 0 });
    map.set(['a'], at(1));
    map.set(['b'], at(2));
    map.mount([], fixedTree({ a: at(10), c: at(30) }));
    map.set(['c'], at(3));
    assert.deepEqual(map.get(['a']), at(10), 'the tree mounted after the entry');
    assert.deepEqual(map.get(['b']), at(2), 'the tree has no b: the entry stands');
    assert.deepEqual(map.get(['c']), at(3), 'the entry set after the tree');
    const listed = new Map(map.entries());
    assert.deepEqual([...listed.keys()].sort(), ['a', 'b', 'c']);
    assert.deepEqual(listed.get('a'), at(10));
    assert.deepEqual(listed.get('c'), at(3));
  });

  it('stores set entries by segment: an index as a number or a string, the root, a later set over an earlier one, parents and children apart', () => {
    const map = new SourceMap({ start: 0, end: 0 });
    map.set([], at(0));
    map.set(['items', 0], at(1));
    map.set(['items', 0, 'name'], at(2));
    map.set(['items', '1'], at(3));
    map.set(['items', 0], at(4));
    assert.deepEqual(map.get([]), at(0));
    assert.deepEqual(map.get(['items', '0']), at(4), 'the later set, found by the index as a string');
    assert.deepEqual(map.get(['items', 1]), at(3), 'set by a string, found by the number');
    assert.deepEqual(map.get(['items', 0, 'name']), at(2));
    assert.equal(map.get(['items']), undefined, 'a parent of entries is not an entry');
    assert.equal(map.get(['items', 0, 'name', 'x']), undefined);
    assert.equal(map.get(['other']), undefined);
    assert.deepEqual(map.locate(['items', 0, 'name', 'x']), { span: at(2).value, path: ['items', 0, 'name'] });
    assert.deepEqual(map.locate(['items']), { span: { start: 0, end: 0 }, path: [] }, 'the root anchor, not the root entry');
    assert.deepEqual(
      [...map.entries()].map(([k, loc]) => [k, loc.value.start]),
      [
        ['', 0],
        ['items\u001f0\u001fname', 2],
        ['items\u001f1', 3],
        ['items\u001f0', 4],
      ],
      'listed in the order they were last set',
    );
  });

  it('asks a tree mounted under a prefix only about paths below it', () => {
    const map = new SourceMap({ start: 0, end: 0 });
    map.mount(['x', 0], fixedTree({ '': at(5), y: at(6) }));
    assert.deepEqual(map.get(['x', 0]), at(5));
    assert.deepEqual(map.get(['x', '0', 'y']), at(6));
    assert.equal(map.get(['y']), undefined);
    assert.equal(map.get(['x', 1, 'y']), undefined);
    assert.deepEqual(
      [...map.entries()].map(([k]) => k),
      ['x\u001f0', 'x\u001f0\u001fy'],
    );
  });
});
