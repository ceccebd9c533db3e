import type { PathSegment } from '../types.js';

/** Walking a JSON Schema of schemas/ along a model path: for editor help, and for rule paths checked at load. */

export type Schema = Record<string, unknown>;

/** Reads a schema of schemas/ by file name. */
export type SchemaReader = (name: string) => Schema | undefined;

/** A schema node and the file it is in (for `$ref`s relative to it). */
export interface SchemaNode {
  file: string;
  node: Schema | undefined;
}

function isSchema(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Follows `$ref`s (within and across files in schemas/) to the schema node itself. */
export function deref(read: SchemaReader, file: string, node: Schema | undefined, depth = 0): SchemaNode {
  if (!node || depth > 20 || typeof node.$ref !== 'string') return { file, node };
  const [target, pointer = ''] = node.$ref.split('#');
  const nextFile = target ? (target.split('/').pop() ?? target) : file;
  let cur: unknown = read(nextFile);
  for (const part of pointer.split('/').filter(Boolean)) cur = isSchema(cur) ? cur[part] : undefined;
  const merged = isSchema(cur) ? { ...cur, ...(node.description ? { description: node.description } : {}) } : undefined;
  return deref(read, nextFile, merged, depth + 1);
}

/**
 * Keys that `allOf` branches add (`if: {kind: assert} then: {properties: ...}`, as a rule's
 * checks have): every variant's keys are known.
 */
export function withAllOf(node: Schema): Schema {
  const branches = node.allOf as Schema[] | undefined;
  if (!Array.isArray(branches)) return node;
  const props: Record<string, Schema> = { ...((node.properties ?? {}) as Record<string, Schema>) };
  for (const branch of branches) {
    for (const part of [branch, branch.then as Schema | undefined]) {
      for (const [key, value] of Object.entries((part?.properties ?? {}) as Record<string, Schema>)) {
        if (!props[key] || Object.keys(props[key]).length === 0) props[key] = value;
      }
    }
  }
  return { ...node, properties: props };
}

/** For `oneOf`/`anyOf`, the first branch that can hold the next step (maps for keys, lists for indices). */
export function pickBranch(node: Schema, next: PathSegment | undefined): Schema {
  const branches = (node.oneOf ?? node.anyOf) as Schema[] | undefined;
  if (!branches) return node;
  const wanted = next === undefined ? undefined : typeof next === 'number' ? 'items' : 'properties';
  const hit = branches.find((b) => (wanted ? b[wanted] !== undefined : b.properties !== undefined || b.enum !== undefined)) ?? branches[0];
  return { ...hit, description: node.description ?? hit.description };
}

/** The node under `at` for one step of a model path (`*` or a number for a list item); undefined where the schema says nothing. */
export function schemaChild(read: SchemaReader, at: SchemaNode, seg: PathSegment): SchemaNode | undefined {
  if (!at.node) return undefined;
  const node = withAllOf(pickBranch(at.node, seg));
  let next: Schema | undefined;
  if (typeof seg === 'number' || seg === '*') next = node.items as Schema | undefined;
  else next = (node.properties as Record<string, Schema> | undefined)?.[seg] ?? (isSchema(node.additionalProperties) ? node.additionalProperties : undefined);
  const child = deref(read, at.file, next);
  return child.node ? child : undefined;
}

/** The keys a map node allows, when it allows no others (`additionalProperties: false`); undefined when it is open or no map. */
export function closedKeys(at: SchemaNode): string[] | undefined {
  if (!at.node) return undefined;
  const node = withAllOf(pickBranch(at.node, 'key'));
  return node.additionalProperties === false && isSchema(node.properties) ? Object.keys(node.properties) : undefined;
}

/** The schema's root node, `$ref` followed. */
export function schemaRoot(read: SchemaReader, name: string): SchemaNode {
  return deref(read, name, read(name));
}

/** The schema node for a model path, or undefined where the schema says nothing. */
export function schemaAt(read: SchemaReader, schemaName: string, modelPath: readonly PathSegment[]): Schema | undefined {
  let at: SchemaNode | undefined = schemaRoot(read, schemaName);
  for (const seg of modelPath) {
    at = at && schemaChild(read, at, seg);
    if (!at) return undefined;
  }
  return at.node ? withAllOf(pickBranch(at.node, undefined)) : undefined;
}
