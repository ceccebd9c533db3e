import { relativePath } from './relative-path.js';
import type { Report } from './types.js';

/** JUnit XML: one suite per file, one failing test case per finding, a passing case for clean files. */
export function junit(report: Report): string {
  const byFile = new Map<string, typeof report.findings>();
  for (const file of report.files) byFile.set(file, []);
  for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const suites: string[] = [];
  let failures = 0;
  let tests = 0;
  for (const [file, findings] of byFile) {
    const name = xml(relativePath(report.cwd, file));
    const cases =
      findings.length === 0
        ? [`    <testcase classname="${name}" name="no problems"/>`]
        : findings.map((f) =>
            [
              `    <testcase classname="${name}" name="${xml(`${f.rule} ${f.line}:${f.column}`)}">`,
              `      <failure type="${f.severity}" message="${xml(f.message)}">${xml(`${f.severity} ${f.rule} at ${relativePath(report.cwd, f.file)}:${f.line}:${f.column}\n${f.message}\n${f.docsUrl}`)}</failure>`,
              '    </testcase>',
            ].join('\n'),
          );
    tests += cases.length;
    failures += findings.length;
    suites.push(`  <testsuite name="${name}" tests="${cases.length}" failures="${findings.length}" errors="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="standpoint" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}

function xml(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped; the rest are escaped.
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
