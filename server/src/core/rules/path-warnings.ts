import type { LocatedYaml } from '../config/yaml-file.js';
import { problemAtPath } from '../config/yaml-file.js';
import { FACTS_ROOT } from '../model/document.js';
import { closedKeys, schemaChild, schemaRoot, type Schema, type SchemaNode, type SchemaReader } from '../schema/schema-at.js';
import type { SchemaRegistry } from '../schema/validator.js';
import { KINDS } from '../templates.js';
import { suggest } from '../text/nearest.js';
import type { ConfigProblem, PathSegment } from '../types.js';
import type { RuleDefinition } from './definition.js';
import { ruleFacts } from './facts.js';
import { isStringsPath, parsePath, pathMatches, type ModelPath, type Step } from './paths.js';

/**
 * Paths that can never match, found when a rule is loaded: a field no record of the rule's
 * kinds has (per schemas/record.<kind>.schema.json), a `report` that cannot be under its
 * `given`, a document fact that does not exist, a section selector that names no heading.
 * They are warnings, not errors: the rule still loads and runs.
 */
export interface RuleWarning extends ConfigProblem {
  /**
   * For a field the record schemas do not know: its model path (list items as 0). A team's
   * own fields (record-schema's `extra_fields`) are not warned about: see `withoutKnownFields`.
   */
  field?: PathSegment[];
}

/** What `$document` holds (DocumentFacts), as far as paths into it go. */
interface Shape {
  keys?: Record<string, Shape>;
  each?: Shape;
}
const LEAF: Shape = {};
const FACTS: Shape = {
  keys: {
    headings: { each: { keys: { text: LEAF, level: LEAF, section: LEAF, field: LEAF, near_miss: { keys: { heading: LEAF, section: LEAF, field: LEAF } } } } },
    sections: { each: { keys: { heading: LEAF, level: LEAF, text: LEAF, paragraphs: { each: LEAF } } } },
    file_name: LEAF,
  },
};

/** The nodes a check with `section:` looks at. */
const SECTION_NODES = parsePath(`${FACTS_ROOT}.sections[*]`);

const ROLE_LABEL: Record<string, string> = { given: 'given path', report: 'report path', node: 'path' };

export function pathWarnings(src: LocatedYaml, def: RuleDefinition, schemas: SchemaRegistry): RuleWarning[] {
  const facts = ruleFacts(def);
  const cache = new Map<string, Schema | undefined>();
  const read: SchemaReader = (name) => {
    if (!cache.has(name)) cache.set(name, schemas.schema(name));
    return cache.get(name);
  };
  const roles = def.applies_to?.documents ?? ['record'];
  const recordsOnly = roles.every((r) => r === 'record');
  const kinds: readonly string[] = def.applies_to?.kinds ?? KINDS;

  // What each check's relative paths start from: its given, the sections it selects, or (neither) the root.
  const bases = new Map<string, ModelPath | 'unknown'>();
  for (const p of facts.paths) {
    if ((p.role === 'given' || p.role === 'strings') && p.at.length === 3 && p.at[0] === 'checks') {
      bases.set(String(p.at[1]), p.role === 'strings' || isStringsPath(p.source) ? 'unknown' : (safeParse(p.source) ?? 'unknown'));
    }
  }
  for (const s of facts.sections) if (s.at[0] === 'checks') bases.set(String(s.at[1]), SECTION_NODES);

  const warnings: RuleWarning[] = [];
  for (const s of facts.sections) {
    s.headings.forEach((h, i) => {
      if (/[\p{L}\p{N}]/u.test(h)) return;
      const at =
        typeof def.checks[Number(s.at[1])]?.section === 'string' ? s.at : [...s.at, ...(Array.isArray(def.checks[Number(s.at[1])]?.section) ? [i] : ['heading', i])];
      warnings.push(problemAtPath(src, at, `section heading "${h}" never matches: it has no words (headings are compared by their words)`));
    });
  }
  // A check whose given never matches is told once: its other paths would only repeat it.
  const unmatchedGiven = new Set<string>();
  const isGiven = (role: string) => role === 'given' || role === 'strings';
  const paths = [...facts.paths].sort((a, b) => Number(isGiven(b.role)) - Number(isGiven(a.role)));
  for (const p of paths) {
    if (p.role === 'field') continue;
    // A find's given may be $strings, or any path: what it selects is checked like an assert's given.
    const given = p.role === 'given' || p.role === 'strings';
    if (!given && p.at[0] === 'checks' && unmatchedGiven.has(String(p.at[1]))) continue;
    const path = safeParse(p.source);
    if (!path || path.strings) continue;
    let steps: Step[];
    if (path.absolute) steps = path.steps;
    else if (p.items) continue;
    else {
      const base = given || p.at[0] !== 'checks' ? undefined : bases.get(String(p.at[1]));
      if (base === 'unknown') continue;
      steps = [...(base?.steps ?? []), ...path.steps];
    }
    const label = given ? ROLE_LABEL.given : (ROLE_LABEL[p.role] ?? 'path');
    const isFacts = steps[0]?.kind === 'key' && steps[0].name === FACTS_ROOT;
    const why = isFacts ? factsProblem(steps.slice(1)) : recordsOnly ? schemaProblem(read, kinds, steps) : undefined;
    if (!why) continue;
    if (given && p.at[0] === 'checks') unmatchedGiven.add(String(p.at[1]));
    warnings.push({ ...problemAtPath(src, p.at, `${label} "${p.source}" never matches: ${why.message}`), ...(why.field ? { field: why.field } : {}) });
  }
  return warnings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Warnings about fields that are not in the record schemas but are a team's own (record-schema's `extra_fields`) left out. */
export function withoutKnownFields(warnings: readonly RuleWarning[], knownFields: readonly string[]): RuleWarning[] {
  const known = knownFields.flatMap((f) => {
    const p = safeParse(f);
    return p ? [p] : [];
  });
  return warnings.filter((w) => !w.field || !known.some((k) => pathMatches(k, w.field!)));
}

function safeParse(source: string): ModelPath | undefined {
  try {
    return parsePath(source);
  } catch {
    return undefined;
  }
}

/** Why a path into `$document` names nothing there. */
function factsProblem(steps: readonly Step[]): { message: string; field?: undefined } | undefined {
  let shape: Shape = FACTS;
  const seen: string[] = [FACTS_ROOT];
  for (const step of steps) {
    if (step.kind === 'deep') return undefined;
    if (step.kind === 'key') {
      const next = shape.keys?.[step.name];
      if (!next) {
        const names = Object.keys(shape.keys ?? {});
        if (names.length === 0) return { message: `${seen.join('.')} holds no fields` };
        const guess = suggest(step.name, names);
        return { message: `${seen.join('.')} has no "${step.name}"${guess ? ` (did you mean "${guess}"?)` : ''}; it has ${names.join(', ')}` };
      }
      shape = next;
      seen.push(step.name);
    } else {
      if (!shape.each) return { message: `${seen.join('.')} is not a list` };
      shape = shape.each;
      seen[seen.length - 1] += '[*]';
    }
  }
  return undefined;
}

/** Why a path from a record's root names a field no record of these kinds has, or undefined when some kind may have it. */
function schemaProblem(read: SchemaReader, kinds: readonly string[], steps: readonly Step[]): { message: string; field: PathSegment[] } | undefined {
  // Told where the path gets furthest: in the kinds that have most of it.
  let furthest: { index: number; keys: Set<string> } | undefined;
  for (const kind of kinds) {
    const missing = unknownStep(read, `record.${kind}.schema.json`, steps);
    if (!missing) return undefined;
    if (!furthest || missing.index > furthest.index) furthest = { index: missing.index, keys: new Set(missing.keys) };
    else if (missing.index === furthest.index) for (const k of missing.keys) furthest.keys.add(k);
  }
  if (!furthest) return undefined;
  const step = steps[furthest.index] as Extract<Step, { kind: 'key' }>;
  const field = steps.slice(0, furthest.index + 1).map((s) => (s.kind === 'key' ? s.name : 0));
  const where = furthest.index === 0 ? '' : ` under ${describe(steps.slice(0, furthest.index))}`;
  const guess = suggest(step.name, [...furthest.keys]);
  const of = kinds.length === KINDS.length ? 'a decision record' : `a ${kinds.join(' or ')} record`;
  return {
    message:
      `${of} has no field "${step.name}"${where}${guess ? ` (did you mean "${guess}"?)` : ''}; ` +
      "if it is a field of your team's own, list it in the extra_fields option of record-schema",
    field,
  };
}

/** The first step of a path the schema says cannot be there, with the keys it allows there; undefined when nothing rules the path out. */
function unknownStep(read: SchemaReader, schema: string, steps: readonly Step[]): { index: number; keys: string[] } | undefined {
  let at: SchemaNode | undefined = schemaRoot(read, schema);
  for (let i = 0; i < steps.length && at?.node; i++) {
    const step = steps[i];
    if (step.kind === 'deep') return undefined;
    if (step.kind === 'key') {
      const keys = closedKeys(at);
      if (keys && !keys.includes(step.name)) return { index: i, keys };
      at = schemaChild(read, at, step.name);
    } else {
      at = schemaChild(read, at, '*');
    }
  }
  return undefined;
}

function describe(steps: readonly Step[]): string {
  return steps
    .map((s) => (s.kind === 'key' ? `.${s.name}` : s.kind === 'deep' ? '.**' : s.kind === 'each' ? '[*]' : `[${s.index}]`))
    .join('')
    .replace(/^\./, '');
}
