import path from 'node:path';
import { loadYamlFile, problemAtPath, schemaProblems, type LocatedYaml } from '../config/yaml-file.js';
import type { Host } from '../host.js';
import { FACTS_ROOT } from '../model/document.js';
import type { SchemaRegistry } from '../schema/validator.js';
import { ConfigError, type ConfigProblem, type PathSegment } from '../types.js';
import type { Rule, RuleDefinition } from './definition.js';
import { ruleFacts } from './facts.js';
import { parsePath } from './paths.js';
import { pathWarnings } from './path-warnings.js';
import { backtrackingProblem } from './safety.js';
import { phraseProblem } from '../text/phrases.js';

export interface RuleSource {
  dir: string;
  builtin: boolean;
  docsUrl: (id: string) => string;
  /** The workspace root a configured rule folder belongs to: no rule file may resolve outside it. */
  root?: string;
}

/**
 * Why a rule file may not be loaded from a workspace's rule folder: it resolves, through a
 * symbolic link (of the file or of its folder), to a place outside the workspace root. The
 * target is not read, and only its path is named.
 */
function escapesRoot(host: Host, file: string, root: string): string | undefined {
  const real = host.realPath?.(file);
  const realRoot = host.realPath?.(root) ?? root;
  if (real === undefined) return undefined;
  const rel = path.relative(realRoot, real);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return undefined;
  return `rule file is a symbolic link to ${real}, outside the workspace root ${root}; rules must stay inside it`;
}

/**
 * Loads every rule in a folder: `<dir>/<id>/rule.yaml` (or `<dir>/<id>.yaml`). Each file
 * is validated against schemas/rule.schema.json and checked for paths, patterns and
 * options that would fail later; all problems are reported together, located.
 */
export function loadRules(host: Host, schemas: SchemaRegistry, source: RuleSource): Rule[] {
  const entries = host.listDir(source.dir);
  if (entries === undefined) {
    throw new ConfigError([{ file: source.dir, line: 1, column: 1, endLine: 1, endColumn: 1, message: 'rule folder cannot be read' }]);
  }
  const rules: Rule[] = [];
  const problems: ConfigProblem[] = [];
  for (const name of [...entries].sort()) {
    const full = path.join(source.dir, name);
    let file: string | undefined;
    if (host.isDirectory(full) && host.isFile(path.join(full, 'rule.yaml'))) file = path.join(full, 'rule.yaml');
    else if (/\.ya?ml$/.test(name) && host.isFile(full)) file = full;
    if (!file) continue;
    const escape = source.root === undefined ? undefined : escapesRoot(host, file, source.root);
    if (escape) {
      problems.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, message: escape });
      continue;
    }
    try {
      rules.push(loadRuleFile(host, schemas, file, source));
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return rules;
}

export function loadRuleFile(host: Host, schemas: SchemaRegistry, file: string, source: RuleSource): Rule {
  const src = loadYamlFile(host, file, 'rule file');
  const shapeProblems = schemas.validate('rule.schema.json', src.data);
  if (shapeProblems.length > 0) throw new ConfigError(schemaProblems(src, shapeProblems, 'rule file'));
  const def = src.data as RuleDefinition;
  const problems = [...checkNaming(src, def, file), ...checkOptions(src, def, schemas), ...checkExpressions(src, def, source.builtin ? undefined : host)];
  if (problems.length > 0) throw new ConfigError(problems);
  const warnings = pathWarnings(src, def, schemas);
  return { ...def, file, builtin: source.builtin, docsUrl: source.docsUrl(def.id), ...(warnings.length > 0 ? { warnings } : {}) };
}

function checkNaming(src: LocatedYaml, def: RuleDefinition, file: string): ConfigProblem[] {
  const folder = path.basename(path.dirname(file));
  const expected = path.basename(file) === 'rule.yaml' ? folder : path.basename(file).replace(/\.ya?ml$/, '');
  return def.id === expected ? [] : [problemAtPath(src, ['id'], `rule id "${def.id}" must match its file or folder name "${expected}"`)];
}

function checkOptions(src: LocatedYaml, def: RuleDefinition, schemas: SchemaRegistry): ConfigProblem[] {
  if (!def.options) return ruleFacts(def).options.length > 0 ? [problemAtPath(src, ['checks'], 'the rule refers to {$option: ...} but declares no options')] : [];
  const invalid = schemas.checkSchema(def.options.schema);
  if (invalid) return [problemAtPath(src, ['options', 'schema'], `options schema is not a valid JSON Schema: ${invalid}`)];
  const declared = Object.keys(def.options.defaults);
  const renamed = Object.entries(def.options.renamed ?? {}).flatMap(([former, names]) => [
    ...(declared.includes(former) ? [problemAtPath(src, ['options', 'renamed', former], `"${former}" is still an option: only a former name can be renamed`)] : []),
    ...names
      .filter((name) => !declared.includes(name))
      .map((name) =>
        problemAtPath(src, ['options', 'renamed', former], `"${former}" is renamed to "${name}", which is not an option; declared options: ${declared.join(', ')}`),
      ),
  ]);
  return [
    ...schemaProblems(
      src,
      schemas.validateInline(def.options.schema, def.options.defaults).map((p) => ({ ...p, path: ['options', 'defaults', ...p.path] })),
      'option defaults',
    ),
    ...renamed,
  ];
}

/**
 * Paths must parse and patterns compile, and a team's patterns must not backtrack
 * catastrophically; a broken expression is a load error, not a run-time surprise. What the
 * rule's expressions hold comes from its facts, so no key name is looked for here.
 */
/** `checker`: the host that judges a team's patterns; none for the built-in rules (the test suite checks those). */
function checkExpressions(src: LocatedYaml, def: RuleDefinition, checker: Pick<Host, 'checkPattern'> | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const facts = ruleFacts(def);
  for (const { source, role, at } of facts.paths) {
    try {
      const parsed = parsePath(source);
      if (role === 'report' && (parsed.multi || parsed.strings)) problems.push(problemAtPath(src, at, `report path "${source}" must name one node (no [*] or **)`));
      else if (parsed.strings && role !== 'strings') problems.push(problemAtPath(src, at, '$strings can only be used as the given of a find or assert check'));
      else if (parsed.facts && role === 'field')
        problems.push(problemAtPath(src, at, `a field path cannot start with ${FACTS_ROOT}: the document's facts are not record fields`));
    } catch (err) {
      problems.push(problemAtPath(src, at, (err as Error).message));
    }
  }
  for (const { at } of facts.sections) {
    const check = at[0] === 'checks' ? def.checks[Number(at[1])] : undefined;
    if (check?.given !== undefined)
      problems.push(problemAtPath(src, at, 'a check reads either the nodes its given selects or the sections its section names: remove one'));
  }
  for (const { source, at } of facts.patterns) problems.push(...regexProblems(src, at, [source], checker));
  for (const { source, at } of facts.phrases) {
    const why = phraseProblem(source);
    if (why) problems.push(problemAtPath(src, at, why));
  }
  const optionNames = new Set(Object.keys(def.options?.defaults ?? {}));
  for (const { name, at, pattern, phrases } of facts.options) {
    if (pattern) {
      const defaults = def.options?.defaults[name];
      const sources = Array.isArray(defaults) ? defaults.map(String) : [String(defaults)];
      problems.push(...regexProblems(src, ['options', 'defaults', name], sources, checker));
    }
    if (phrases && optionNames.has(name))
      problems.push(...phraseListProblems(def.options?.defaults[name]).map(({ why, index }) => problemAtPath(src, ['options', 'defaults', name, index], why)));
    if (!optionNames.has(name)) {
      problems.push(problemAtPath(src, at, `unknown option "${name}"; declared options: ${[...optionNames].join(', ') || 'none'}`));
    }
  }
  // In the order they are written.
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The entries of a phrase list that cannot be read, with their index. */
export function phraseListProblems(list: unknown): Array<{ why: string; index: number }> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((phrase, index) => {
    const why = phraseProblem(String(phrase));
    return why ? [{ why, index }] : [];
  });
}

function regexProblems(src: LocatedYaml, at: PathSegment[], patterns: string[], checker: Pick<Host, 'checkPattern'> | undefined): ConfigProblem[] {
  return patterns.flatMap((p) => {
    const why = regexProblem(p, checker);
    return why ? [problemAtPath(src, at, why)] : [];
  });
}

/**
 * Why a rule pattern cannot be used, or undefined when it can: it must compile, and unless
 * it is built in (no `checker`: the test suite checks those) it must not backtrack catastrophically.
 */
export function regexProblem(pattern: string, checker?: Pick<Host, 'checkPattern'>): string | undefined {
  try {
    new RegExp(pattern, 'iu');
  } catch (err) {
    return `invalid regular expression /${pattern}/: ${(err as Error).message}`;
  }
  return checker ? backtrackingProblem(pattern, checker) : undefined;
}
