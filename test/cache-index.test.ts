import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { readPartsInOrder, type Place } from '../server/src/node/cache-index.js';

describe('cache file: stored parts read in file order', () => {
  it('gives each part at its place, through windows smaller and larger than the parts, whatever order they are asked in (500 generated files)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-parts-'));
    const file = path.join(dir, 'cache');
    try {
      fc.assert(
        fc.property(
          fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '{', '"', ' '), maxLength: 40 }), { minLength: 1, maxLength: 30 }),
          fc.integer({ min: 1, max: 64 }),
          fc.nat(),
          fc.nat(),
          (parts, windowBytes, shuffle, spoil) => {
            // Lines as the cache writes them: a head, a tab, the part, a newline.
            const places: Place[] = [];
            let text = 'header\n';
            for (const [i, part] of parts.entries()) {
              const head = `=[${i}]\t`;
              const at = Buffer.byteLength(text + head);
              places.push({ at, length: Buffer.byteLength(part) });
              text += `${head}${part}\n`;
            }
            fs.writeFileSync(file, text);
            const asked = places.map((p, i) => ({ p, i })).sort((a, b) => ((a.i * 7919 + shuffle) % 31) - ((b.i * 7919 + shuffle) % 31));
            // One place that is wrong: no part is there.
            const wrong = spoil % asked.length;
            const given = asked.map(({ p }, k) => (k === wrong ? { at: p.at + 1, length: p.length } : p));
            const seen = new Map<number, string | undefined>();
            const fd = fs.openSync(file, 'r');
            try {
              readPartsInOrder(fd, fs.fstatSync(fd).size, given, (k, part) => seen.set(k, part?.toString()), windowBytes);
            } finally {
              fs.closeSync(fd);
            }
            assert.equal(seen.size, given.length);
            asked.forEach(({ i }, k) => assert.equal(seen.get(k), k === wrong ? undefined : parts[i], `part ${i}`));
          },
        ),
        { numRuns: 500, seed: 20261206 },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
