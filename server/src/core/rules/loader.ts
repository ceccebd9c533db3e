import path from 'node:path';
import { loadYamlFile, problemAtPath, schemaProblems, type LocatedYaml } from '../config/yaml-file.js';
import type { Host } from '../host.js';
import type { SchemaRegistry } from '../schema/validator.js';
import { ConfigError, type ConfigProblem, type PathSegment } from '../types.js';
import type { CheckDefinition, Rule, RuleDefinition } from './definition.js';
import { isMap, parsePath } from './paths.js';
import { backtrackingProblem } from './safety.js';

export interface RuleSource {
  dir: string;
  builtin: boolean;
  docsUrl: (id: string) => string;
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
  const problems = [...checkNaming(src, def, file), ...checkOptions(src, def, schemas), ...checkExpressions(src, def, source.builtin)];
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...def, file, builtin: source.builtin, docsUrl: source.docsUrl(def.id) };
}

function checkNaming(src: LocatedYaml, def: RuleDefinition, file: string): ConfigProblem[] {
  const folder = path.basename(path.dirname(file));
  const expected = path.basename(file) === 'rule.yaml' ? folder : path.basename(file).replace(/\.ya?ml$/, '');
  return def.id === expected ? [] : [problemAtPath(src, ['id'], `rule id "${def.id}" must match its file or folder name "${expected}"`)];
}

function checkOptions(src: LocatedYaml, def: RuleDefinition, schemas: SchemaRegistry): ConfigProblem[] {
  if (!def.options) return usesOptions(def) ? [problemAtPath(src, ['checks'], 'the rule refers to {$option: ...} but declares no options')] : [];
  const invalid = schemas.checkSchema(def.options.schema);
  if (invalid) return [problemAtPath(src, ['options', 'schema'], `options schema is not a valid JSON Schema: ${invalid}`)];
  return schemaProblems(src, schemas.validateInline(def.options.schema, def.options.defaults).map((p) => ({ ...p, path: ['options', 'defaults', ...p.path] })), 'option defaults');
}

function usesOptions(def: RuleDefinition): boolean {
  return JSON.stringify(def).includes('"$option"');
}

/**
 * Paths must parse and patterns compile, and a team's patterns must not backtrack
 * catastrophically; a broken expression is a load error, not a run-time surprise.
 */
function checkExpressions(src: LocatedYaml, def: RuleDefinition, builtin: boolean): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const optionNames = new Set(Object.keys(def.options?.defaults ?? {}));
  const visit = (node: unknown, at: PathSegment[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...at, i]));
      return;
    }
    if (!isMap(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const here = [...at, key];
      if ((key === 'path' || key === 'given' || key === 'report') && typeof value === 'string') {
        try {
          const parsed = parsePath(value);
          if (key === 'report' && (parsed.multi || parsed.strings)) problems.push(problemAtPath(src, here, `report path "${value}" must name one node (no [*] or **)`));
          if (parsed.strings && key !== 'given') problems.push(problemAtPath(src, here, '$strings can only be used as the given of a find check'));
        } catch (err) {
          problems.push(problemAtPath(src, here, (err as Error).message));
        }
      }
      if (key === 'matches' && typeof value === 'string') problems.push(...regexProblems(src, here, [value], builtin));
      if (key === 'patterns' && Array.isArray(value)) {
        value.forEach((p, i) => problems.push(...regexProblems(src, [...here, i], [String(p)], builtin)));
      }
      if ((key === 'matches' || key === 'patterns') && isMap(value) && typeof value.$option === 'string') {
        const defaults = def.options?.defaults[value.$option];
        const sources = Array.isArray(defaults) ? defaults.map(String) : [String(defaults)];
        problems.push(...regexProblems(src, ['options', 'defaults', value.$option], sources, builtin));
      }
      if (key === '$option' && typeof value === 'string' && !optionNames.has(value)) {
        problems.push(problemAtPath(src, here, `unknown option "${value}"; declared options: ${[...optionNames].join(', ') || 'none'}`));
      }
      visit(value, here);
    }
  };
  visit(def.checks as CheckDefinition[], ['checks']);
  visit(def.applies_to, ['applies_to']);
  visit(def.severity_when, ['severity_when']);
  return problems;
}

function regexProblems(src: LocatedYaml, at: PathSegment[], patterns: string[], builtin: boolean): ConfigProblem[] {
  return patterns.flatMap((p) => {
    const why = regexProblem(p, builtin);
    return why ? [problemAtPath(src, at, why)] : [];
  });
}

/**
 * Why a rule pattern cannot be used, or undefined when it can: it must compile, and unless
 * it is built in (those are checked by the test suite) it must not backtrack catastrophically.
 */
export function regexProblem(pattern: string, builtin = false): string | undefined {
  try {
    new RegExp(pattern, 'iu');
  } catch (err) {
    return `invalid regular expression /${pattern}/: ${(err as Error).message}`;
  }
  return builtin ? undefined : backtrackingProblem(pattern);
}

/** Option names a rule uses as regular expressions (`matches`/`patterns: {$option: NAME}`). */
export function regexOptionNames(def: RuleDefinition): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isMap(node)) {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'matches' || key === 'patterns') && isMap(value) && typeof value.$option === 'string') names.add(value.$option);
        visit(value);
      }
    }
  };
  visit([def.checks, def.applies_to, def.severity_when]);
  return [...names];
}
