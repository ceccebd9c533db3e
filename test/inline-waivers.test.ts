import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanInlineWaivers } from '../server/src/core/parse/inline-waivers.js';
import { LineIndex } from '../server/src/core/text/line-index.js';

describe('inline waiver scanning', () => {
  it('finds on every line of the range what the waiver patterns find there, and nothing outside it (3,000 generated documents)', () => {
    const line = fc.constantFrom(
      '',
      'key: value',
      '# standpoint-waive customer-standpoint reason="pilot only" owner=ana expires=2027-01-01',
      '  #standpoint-waive rule-a',
      'note: standpoint-waive is only a word here',
      '<!-- standpoint-waive rule-b reason="x" -->',
      '<!-- standpoint-waive -->',
      '# standpoint-waive rule-c # standpoint-waive rule-d',
      '# a comment',
      '<!-- a comment -->',
      'standpoint-waivestandpoint-waive',
      'Body text.\r',
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.nat(22), fc.nat(22), fc.constantFrom('yaml' as const, 'html' as const), (lines, a, b, style) => {
        const index = new LineIndex(lines.join('\n'));
        const [from, to] = [Math.min(a, b, index.lineCount), Math.min(Math.max(a, b), index.lineCount)];
        const found = scanInlineWaivers(index, from, to, style);
        // Each line of the range read on its own, with the comment forms the specification gives.
        const form = style === 'yaml' ? /^\s*#\s*standpoint-waive\s+(.*)$/ : /^\s*<!--\s*standpoint-waive\s+(.*?)\s*-->\s*$/;
        const expected = [];
        for (let l = from; l < to; l++) {
          const m = form.exec(index.text.slice(index.lineStart(l), index.lineEnd(l)));
          if (!m) continue;
          const attribute = (name: string) => new RegExp(`\\b${name}=(?:"([^"]*)"|(\\S+))`).exec(m[1]);
          const value = (name: string) => ((a) => a?.[1] ?? a?.[2])(attribute(name));
          expected.push({ line: l, rule: m[1].trim().split(/\s+/)[0], reason: value('reason'), owner: value('owner'), expires: value('expires') });
        }
        const got = found.map((w) => ({ line: index.lineOf(w.span.start), rule: w.rule, reason: w.reason, owner: w.owner, expires: w.expires }));
        assert.deepEqual(got, expected, JSON.stringify({ lines, from, to }));
        for (const w of found) {
          const l = index.lineOf(w.span.start);
          assert.deepEqual([w.span.start, w.span.end], [index.lineStart(l), index.lineEnd(l)]);
          if (w.ruleSpan) assert.equal(index.text.slice(w.ruleSpan.start, w.ruleSpan.end), w.rule);
          assert.ok(w.targetLine > index.lineOf(w.span.start) && w.targetLine <= Math.max(to, index.lineOf(w.span.start) + 1));
        }
      }),
      { numRuns: 3000, seed: 20261206 },
    );
  });
});
