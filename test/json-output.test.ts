import assert from 'node:assert/strict';
import fc from 'fast-check';
import path from 'node:path';
import { CHUNK_CHARS, json, jsonChunks } from '../server/src/cli/formatters/json.js';
import type { Report } from '../server/src/cli/formatters/types.js';
import type { Finding } from '../server/src/core/types.js';
import { oneFileReport } from './helpers/report.js';

/** The contract's rows (SPEC §4), in their order of fields. */
function contractRow(f: Finding, cwd: string) {
  return {
    file: path.relative(cwd, f.file),
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    principle: f.principle,
    docsUrl: f.docsUrl,
  };
}

/** The rows as one JSON.stringify call lays them out: what the pieces, joined, must equal. */
function reference(report: Report): string {
  return `${JSON.stringify(
    report.findings.map((f) => contractRow(f, report.cwd)),
    null,
    2,
  )}\n`;
}

const reportOf = (findings: Finding[]): Report => oneFileReport(findings, '/work');

const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '\n', '"', '\\', '’', 'é', '😀', '\t', '\u2028', '<', '{', ']', ','), maxLength: 40 });
const finding: fc.Arbitrary<Finding> = fc.record({
  file: fc.constantFrom('/work/decisions/a.yaml', '/work/decisions/b c.md'),
  rule: fc.constantFrom('promise-baseline', 'no-finger-pointing'),
  severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
  message: text,
  principle: text,
  docsUrl: fc.constant('https://example.test/r'),
  line: fc.nat(5000),
  column: fc.nat(300),
  endLine: fc.nat(5000),
  endColumn: fc.nat(300),
  span: fc.constant({ start: 0, end: 1 }),
});

describe('JSON output: written in pieces, the same text', () => {
  it('equals one JSON.stringify of every row, for any findings (500 generated reports)', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 12 }), (findings) => {
        assert.equal(json(reportOf(findings)), reference(reportOf(findings)));
      }),
      { numRuns: 500, seed: 20261206 },
    );
    assert.equal(json(reportOf([])), '[]\n');
  });

  it('hands a large report over in several pieces of bounded size that join to the same text', () => {
    const many: Finding[] = Array.from({ length: 8000 }, (_, i) => ({
      file: `/work/decisions/rec-${i}.yaml`,
      rule: 'promise-baseline',
      severity: 'warning',
      message: `Promise "P-${i}" has no baseline: add baseline with today's value of its measure.`,
      principle: 'keep-your-promises',
      docsUrl: 'https://example.test/promise-baseline',
      line: i,
      column: 3,
      endLine: i,
      endColumn: 9,
      span: { start: 0, end: 1 },
    }));
    const pieces = [...jsonChunks(reportOf(many))];
    assert.ok(pieces.length >= 2, `${pieces.length} piece(s)`);
    for (const piece of pieces.slice(0, -1)) assert.ok(piece.length >= CHUNK_CHARS && piece.length < CHUNK_CHARS + 2000, `a piece of ${piece.length} characters`);
    assert.equal(pieces.join(''), reference(reportOf(many)));
  });
});
