import { FACTS_ROOT, keyPath, type NodeLocation, type ParsedDocument, type PathSegment } from '../../core/index.js';

export interface NodeAt {
  path: PathSegment[];
  location: NodeLocation;
  /** True when the position is on the key rather than the value. */
  onKey: boolean;
}

/** The deepest model node whose key or value covers `offset` (a field, not a document fact such as a heading). */
export function nodeAt(doc: ParsedDocument, offset: number): NodeAt | undefined {
  let best: NodeAt | undefined;
  let bestSize = Infinity;
  for (const [key, location] of doc.map.entries()) {
    const inKey = location.key !== undefined && offset >= location.key.start && offset <= location.key.end;
    const inValue = offset >= location.value.start && offset <= location.value.end;
    if (!inKey && !inValue) continue;
    const span = inKey ? location.key! : location.value;
    const size = span.end - span.start;
    if (size >= bestSize) continue;
    const path = keyPath(key);
    if (path[0] === FACTS_ROOT) continue;
    bestSize = size;
    best = { path, location, onKey: inKey };
  }
  return best;
}

/** Fields whose values name people (owners, advocates, approvers, raisers). */
export function isPersonPath(path: PathSegment[]): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return last === 'owner' || last === 'raised_by' || (typeof last === 'number' && (parent === 'advocates' || parent === 'approvers'));
}

export function isPromiseRefPath(path: PathSegment[]): boolean {
  return path[path.length - 1] === 'ref' && path[path.length - 3] === 'promises';
}
