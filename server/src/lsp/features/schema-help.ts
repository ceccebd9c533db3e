import path from 'node:path';
import { CONFIG_NAMES, isMap, schemaAt as schemaNodeAt, type ParsedDocument, type PathSegment, type Project } from '../../core/index.js';

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

/** The schema node for a model path, or undefined where the schema says nothing. */
export function schemaAt(project: Project, schemaName: string, modelPath: PathSegment[]): Schema | undefined {
  return schemaNodeAt((name) => project.schemas.schema(name), schemaName, modelPath);
}

export function schemaDescriptionAt(project: Project, doc: ParsedDocument, modelPath: PathSegment[], isRuleFile = false): string | undefined {
  const name = schemaNameFor(doc, isRuleFile);
  if (!name) return undefined;
  const node = schemaAt(project, name, modelPath);
  if (!node || typeof node.description !== 'string') return undefined;
  const allowed = Array.isArray(node.enum) ? `\n\nAllowed: ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}` : '';
  return `**${String(modelPath[modelPath.length - 1] ?? '')}** — ${node.description}${allowed}`;
}
