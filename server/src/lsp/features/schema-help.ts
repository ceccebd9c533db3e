import path from 'node:path';
import { CONFIG_NAMES, isMap, type ParsedDocument, type PathSegment, type Project } from '../../core/index.js';

type Schema = Record<string, unknown>;

/** The JSON Schema that describes a document: by record kind, registry, config or rule file. */
export function schemaNameFor(doc: ParsedDocument, isRuleFile: boolean): string | undefined {
  const base = path.basename(doc.file);
  if ((CONFIG_NAMES as readonly string[]).includes(base)) return 'config.schema.json';
  if (isRuleFile) return 'rule.schema.json';
  if (doc.role === 'people-registry') return 'people.schema.json';
  if (doc.role === 'promise-register') return 'promises.schema.json';
  const kind = isMap(doc.data) ? doc.data.decision : undefined;
  return typeof kind === 'string' && /^[a-z-]+$/.test(kind) ? `record.${kind}.schema.json` : 'record.launch-plan.schema.json';
}

/** Follows `$ref`s (within and across files in schemas/) to the schema node itself. */
function deref(project: Project, file: string, node: Schema | undefined, depth = 0): { file: string; node: Schema | undefined } {
  if (!node || depth > 20 || typeof node.$ref !== 'string') return { file, node };
  const [target, pointer = ''] = node.$ref.split('#');
  const nextFile = target ? path.basename(target) : file;
  let cur: unknown = project.schemas.schema(nextFile);
  for (const part of pointer.split('/').filter(Boolean)) cur = isMap(cur) ? cur[part] : undefined;
  const merged = isMap(cur) ? { ...cur, ...(node.description ? { description: node.description } : {}) } : undefined;
  return deref(project, nextFile, merged, depth + 1);
}

/** The schema node for a model path, or undefined where the schema says nothing. */
export function schemaAt(project: Project, schemaName: string, modelPath: PathSegment[]): Schema | undefined {
  let { file, node } = deref(project, schemaName, project.schemas.schema(schemaName));
  for (const seg of modelPath) {
    if (!node) return undefined;
    node = withAllOf(pickBranch(node, seg));
    let next: Schema | undefined;
    if (typeof seg === 'number' || seg === '*') next = node?.items as Schema | undefined;
    else next = (node?.properties as Record<string, Schema> | undefined)?.[seg] ?? (isMap(node?.additionalProperties) ? node.additionalProperties : undefined);
    ({ file, node } = deref(project, file, next));
  }
  return node ? withAllOf(pickBranch(node, undefined)) : undefined;
}

/**
 * Keys that `allOf` branches add (`if: {kind: assert} then: {properties: ...}`, as a rule's
 * checks have): every variant's keys are known, so hover and completion reach them.
 */
function withAllOf(node: Schema): Schema {
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
function pickBranch(node: Schema, next: PathSegment | undefined): Schema {
  const branches = (node.oneOf ?? node.anyOf) as Schema[] | undefined;
  if (!branches) return node;
  const wanted = next === undefined ? undefined : typeof next === 'number' ? 'items' : 'properties';
  const hit = branches.find((b) => (wanted ? b[wanted] !== undefined : b.properties !== undefined || b.enum !== undefined)) ?? branches[0];
  return { ...hit, description: node.description ?? hit.description };
}

export function schemaDescriptionAt(project: Project, doc: ParsedDocument, modelPath: PathSegment[], isRuleFile = false): string | undefined {
  const name = schemaNameFor(doc, isRuleFile);
  if (!name) return undefined;
  const node = schemaAt(project, name, modelPath);
  if (!node || typeof node.description !== 'string') return undefined;
  const allowed = Array.isArray(node.enum) ? `\n\nAllowed: ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}` : '';
  return `**${String(modelPath[modelPath.length - 1] ?? '')}** — ${node.description}${allowed}`;
}
