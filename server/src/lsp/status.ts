import type { StatusParams } from '../protocol.js';
import { pathToUri } from './convert.js';
import type { DiagnosticStore } from './diagnostic-store.js';
import type { Workspace } from './workspace.js';

/** How many of a broken configuration's problems the status item can open. */
const PROBLEMS = 10;

const USING = { ok: 'workspace', 'last-good': 'last-good', 'built-in': 'built-in' } as const;

/** Standpoint's state for the status item: checking, ok (and how many records have errors), config error, or off. */
export function statusOf(ws: Workspace, store: DiagnosticStore, enabled: boolean): StatusParams {
  const registries = ws.registryProblems;
  const problems = [...ws.configProblems, ...registries];
  const state = !enabled ? 'off' : problems.length > 0 ? 'config-error' : ws.indexing > 0 ? 'checking' : 'ok';
  return {
    state,
    // A registry that no longer parses is checked against as it last parsed: last good, whatever the config's state.
    using: ws.mode === 'ok' && registries.length > 0 ? 'last-good' : USING[ws.mode],
    records: ws.current.session.files.length,
    total: ws.current.session.files.length + ws.indexing,
    recordsWithErrors: enabled ? store.filesWithErrors() : 0,
    problems: problems.slice(0, PROBLEMS).map((p) => ({ uri: pathToUri(p.file), line: p.line, column: p.column, message: p.message })),
  };
}
