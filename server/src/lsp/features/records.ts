import path from 'node:path';
import type { Location, Range } from 'vscode-languageserver';
import { isMap, lineOfOffset, textOf, type DocumentAnalysis, type LintSession, type PathSegment, type Span } from '../../core/index.js';
import { pathToUri } from '../convert.js';

/** Fields whose values name other records by id (SPEC §1.10): `supersedes[i]`, `superseded_by`, `depends_on[i]`. */
export function isRecordRefPath(path: readonly PathSegment[]): boolean {
  if (path.length === 1) return path[0] === 'superseded_by';
  return path.length === 2 && (path[0] === 'supersedes' || path[0] === 'depends_on') && typeof path[1] === 'number';
}

/** A record of the workspace, found by the id its analysis carries (no file is read). */
export interface RecordAt {
  id: string;
  file: string;
  location: Location;
}

/** Every record of the session with an id, in file order. */
export function workspaceRecords(session: LintSession): RecordAt[] {
  const out: RecordAt[] = [];
  for (const file of [...session.files].sort()) {
    const analysis = session.analysis(file);
    const id = analysis?.recordId;
    if (analysis && id) out.push({ id: id.value, file, location: { uri: pathToUri(file), range: rangeIn(analysis, id.span) } });
  }
  return out;
}

/** The records whose id is `id` (more than one when an id is reused). */
export function recordsWithId(session: LintSession, id: string): RecordAt[] {
  return workspaceRecords(session).filter((r) => r.id === id);
}

/** An LSP range from the line starts an analysis keeps (UTF-16 offsets, like LSP characters). */
function rangeIn(analysis: DocumentAnalysis, span: Span): Range {
  const at = (offset: number) => {
    const line = lineOfOffset(analysis.lineStarts, offset);
    return { line, character: offset - analysis.lineStarts[line] };
  };
  return { start: at(span.start), end: at(span.end) };
}

/** What hovering an id that names a record shows: the record's title, status, owner and dates, and where it is. */
export function recordSummary(session: LintSession, id: string, root: string): string {
  const found = recordsWithId(session, id);
  if (found.length === 0) return `**${id}** is not the id of a record in this workspace.`;
  return found
    .map((r) => {
      const doc = session.document(r.file);
      const data = doc && isMap(doc.data) ? doc.data : {};
      const facts = [
        ['Status', textOf(data.status)],
        ['Superseded by', textOf(data.superseded_by)],
        ['Owner', textOf(data.owner)],
        ['Date', textOf(data.date)],
        ['Review by', textOf(data.review_by)],
        ['Outcome', isMap(data.outcome) ? textOf(data.outcome.result) : ''],
      ].filter(([, v]) => v !== '');
      const title = textOf(data.title);
      return [`**${id}**${title ? ` — ${title}` : ''}`, facts.map(([k, v]) => `${k}: ${v}`).join(' · '), `\`${path.relative(root, r.file) || r.file}\``]
        .filter((l) => l !== '')
        .join('\n\n');
    })
    .join('\n\n---\n\n');
}
