import type { Log, ReportingDescriptor, Result } from 'sarif';
import { compareFindings, fingerprints, otherPlaces } from '../../core/index.js';
import { sourceLinker } from './links.js';
import { relativePath } from './relative-path.js';
import type { Report } from './types.js';

/** How many other places of a cross-record finding a result lists. */
const RELATED_PLACES = 20;

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
export const INFORMATION_URI = 'https://github.com/standpoint-dev/standpoint';

/** SARIF 2.1.0 for code scanning: rule metadata with help links, one result per finding. */
export function sarif(report: Report): string {
  // A team rule is documented by its own file: on GitHub, link to it in the repository.
  const link = sourceLinker();
  const helpUri = (r: Report['rules'][number]) => (r.builtin ? r.docsUrl : (link(r.file, 1) ?? r.docsUrl));
  const rules: ReportingDescriptor[] = report.rules.map((r) => ({
    id: r.id,
    name: r.id.replace(/(^|-)([a-z])/g, (_, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: oneLine(r.docs.rationale) },
    help: {
      text: `${oneLine(r.docs.triggers)}\n\n${oneLine(r.docs.comply)}`,
      markdown: `**What triggers it.** ${oneLine(r.docs.triggers)}\n\n**How to comply.** ${oneLine(r.docs.comply)}`,
    },
    ...(helpUri(r) ? { helpUri: helpUri(r) } : {}),
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { principle: r.principle, tags: ['customer-centricity', r.principle] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const relative = (file: string) => relativePath(report.cwd, file);
  // With a baseline, baselined findings are results too: `unchanged` and suppressed externally.
  const baselined = new Set(report.baseline?.findings ?? []);
  const all = report.baseline ? [...report.findings, ...baselined].sort(compareFindings) : report.findings;
  const prints = fingerprints(all, relative, report.textOf ?? ((f) => f.message));
  const results: Result[] = all.map((f, i) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(relative(f.file)), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column + 1 : 1) },
        },
      },
    ],
    ...related(f, relative),
    partialFingerprints: { 'standpointFinding/v1': prints[i] },
    ...(report.baseline ? { baselineState: baselined.has(f) ? ('unchanged' as const) : ('new' as const) } : {}),
    ...(baselined.has(f)
      ? {
          suppressions: [{ kind: 'external' as const, status: 'accepted' as const, justification: `Listed in the baseline ${relative(report.baseline!.file)}` }],
        }
      : {}),
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Standpoint', semanticVersion: report.version, version: report.version, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToUri(report.cwd)}/` } },
        invocations: [{ executionSuccessful: true }],
        columnKind: 'utf16CodeUnits',
        results,
        ...(report.baseline ? { properties: { baseline: relative(report.baseline.file), baselined: baselined.size } } : {}),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** The other places a cross-record finding is about, as SARIF related locations. */
function related(f: Report['findings'][number], relative: (file: string) => string): Pick<Result, 'relatedLocations'> {
  const places = otherPlaces(f, RELATED_PLACES);
  if (places.length === 0) return {};
  return {
    relatedLocations: places.map((r, id) => ({
      id,
      message: { text: 'also used here' },
      physicalLocation: {
        artifactLocation: { uri: encodeURI(relative(r.file)), uriBaseId: '%SRCROOT%' },
        region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
      },
    })),
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function pathToUri(dir: string): string {
  return `file://${encodeURI(dir.split('\\').join('/'))}`;
}
