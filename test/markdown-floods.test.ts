import assert from 'node:assert/strict';
import { LIMITS } from '../server/src/core/parse/limits.js';
import { parseDocument } from '../server/src/core/parse/document.js';

// A flood of tiny blocks fills memory in the Markdown parser long before the size limit.
describe('hostile inputs: Markdown block floods', () => {
  const FRONT = '---\ndecision: org-change\nid: ORG-2026-901\n---\n';

  it('200,000 one-line headings are a located syntax problem at the first block over the limit', function () {
    this.timeout(30_000);
    const text = FRONT + '# H\n'.repeat(200_000);
    const doc = parseDocument('r.md', text);
    assert.equal(doc.syntax.length, 1);
    const { span, message } = doc.syntax[0];
    assert.match(message, new RegExp(`more than ${LIMITS.maxMarkdownBlocks} headings, paragraphs and list items`));
    // Line 5 holds the first heading; the block over the limit is the (limit + 1)th.
    assert.equal(text.slice(0, span.start).split('\n').length, 5 + LIMITS.maxMarkdownBlocks);
  });

  it('16,000 short quotes (80 KB; the parser would take minutes) are a located syntax problem, found in well under a second', () => {
    const text = FRONT + '> q\n\n'.repeat(16_000);
    const started = performance.now();
    const doc = parseDocument('r.md', text);
    assert.ok(performance.now() - started < 1000, `took ${Math.round(performance.now() - started)} ms`);
    assert.equal(doc.syntax.length, 1);
    assert.match(doc.syntax[0].message, /too many nested lists \(sub-items\) or quotes in a long file/);
    // At a quote, past the first thousand.
    const line = text.slice(0, doc.syntax[0].span.start).split('\n').length;
    assert.ok(line > 2000 && line % 2 === 1, `line ${line}`);
    assert.equal(text.slice(doc.syntax[0].span.start, doc.syntax[0].span.start + 3), '> q');
  });

  it('a long but ordinary record stays under the limit', () => {
    const section = (i: number) => `## Part ${i}\n\nA paragraph about part ${i}.\n\n> A quote from a customer about part ${i}.\n\n- one item\n- another item\n\n`;
    const doc = parseDocument('r.md', FRONT + Array.from({ length: 500 }, (_, i) => section(i)).join(''));
    assert.deepEqual(doc.syntax, []);
  });
});
