import type { Location, Position } from 'vscode-languageserver';
import { allStrings, type ParsedDocument, type PathSegment } from '../../core/index.js';
import { pathToUri, spanToRange } from '../convert.js';
import type { FeatureContext } from './context.js';
import { isPersonPath, isPromiseRefPath, nodeAt } from './locate.js';
import { isRecordRefPath, recordsWithId } from './records.js';

type Target = { kind: 'promise' | 'person' | 'record'; value: string };

/** What the cursor names: a promise (a `ref`, or an id in the register), a person, or a record (its id, or an id naming it). */
function targetAt(ctx: FeatureContext, position: Position): Target | undefined {
  const doc = documentFor(ctx, ctx.file);
  if (!doc) return undefined;
  const at = nodeAt(doc, ctx.document.offsetAt(position));
  if (!at || at.onKey) return undefined;
  const value = stringAt(doc.data, at.path);
  if (!value) return undefined;
  const registerId = doc.role === 'promise-register' && at.path[0] === 'promises' && at.path[2] === 'id';
  if (isPromiseRefPath(at.path) || registerId || (at.path[0] === 'promises' && at.path[2] === 'id')) return { kind: 'promise', value };
  if (isPersonPath(at.path) || (doc.role === 'people-registry' && (at.path[2] === 'name' || at.path[2] === 'id'))) return { kind: 'person', value };
  if (isRecordRefPath(at.path) || (doc.role === 'record' && at.path.length === 1 && at.path[0] === 'id')) return { kind: 'record', value };
  return undefined;
}

function documentFor(ctx: FeatureContext, file: string): ParsedDocument | undefined {
  const { session, project } = ctx.workspace.current;
  const fromSession = session.document(file);
  if (fromSession) return fromSession;
  const config = project.configFor(file);
  if (file === config.people) return project.registryDocument(file, 'people-registry').doc;
  if (file === config.promises) return project.registryDocument(file, 'promise-register').doc;
  return undefined;
}

function stringAt(data: unknown, path: PathSegment[]): string | undefined {
  let cur = data;
  for (const seg of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return typeof cur === 'string' ? cur.trim() : undefined;
}

/** Go to definition: the register entry of a promise, the registry entry of a person, the record an id names. */
export function definition(ctx: FeatureContext, position: Position): Location[] | null {
  const target = targetAt(ctx, position);
  if (!target) return null;
  const locations = registryLocations(ctx, target);
  return locations.length > 0 ? locations : null;
}

function registryLocations(ctx: FeatureContext, target: Target): Location[] {
  const { project, session } = ctx.workspace.current;
  if (target.kind === 'record') return recordsWithId(session, target.value).map((r) => r.location);
  const config = project.configFor(ctx.file);
  const out: Location[] = [];
  if (target.kind === 'promise' && config.promises) {
    const doc = project.registryDocument(config.promises, 'promise-register').doc;
    const entry = project.registries(config).promises?.find(target.value);
    const loc = entry && doc.map.get(['promises', entry.index, 'id']);
    if (loc) out.push({ uri: pathToUri(doc.file), range: spanToRange(doc.lines, loc.value) });
  }
  if (target.kind === 'person' && config.people) {
    const doc = project.registryDocument(config.people, 'people-registry').doc;
    const list = (doc.data as { people?: Array<Record<string, unknown>> } | undefined)?.people ?? [];
    list.forEach((p, i) => {
      for (const field of ['name', 'id']) {
        if (typeof p?.[field] === 'string' && p[field].trim().toLowerCase() === target.value.toLowerCase()) {
          const loc = doc.map.get(['people', i, field]);
          if (loc) out.push({ uri: pathToUri(doc.file), range: spanToRange(doc.lines, loc.value) });
        }
      }
    });
  }
  return out;
}

/** Find references: every record that refers to the promise, names the person or names the record by id, plus the entry itself. */
export function references(ctx: FeatureContext, position: Position): Location[] {
  const target = targetAt(ctx, position);
  if (!target) return [];
  const { session, project } = ctx.workspace.current;
  const people = project.registries(project.configFor(ctx.file)).people;
  const person = target.kind === 'person' ? people?.find(target.value) : undefined;
  const names = new Set([target.value, person?.name, person?.id].filter((n): n is string => Boolean(n)).map((n) => n.toLowerCase()));
  const out: Location[] = [...registryLocations(ctx, target)];
  for (const file of session.files) {
    const doc = session.document(file);
    if (!doc || doc.syntax.length > 0) continue;
    for (const c of allStrings(doc.data)) {
      const matches =
        target.kind === 'promise'
          ? (isPromiseRefPath(c.path) || (c.path[0] === 'promises' && c.path[2] === 'id')) && (c.value as string).trim() === target.value
          : target.kind === 'record'
            ? isRecordRefPath(c.path) && (c.value as string).trim() === target.value
            : isPersonPath(c.path) && names.has((c.value as string).trim().toLowerCase());
      const loc = matches ? doc.map.get(c.path) : undefined;
      if (loc) out.push({ uri: pathToUri(file), range: spanToRange(doc.lines, loc.value) });
    }
  }
  return out;
}
