import path from 'node:path';
import type { Host } from '../host.js';
import type { Rule } from '../rules/definition.js';
import { phraseOptionNames, regexOptionNames } from '../rules/facts.js';
import { phraseListProblems, regexProblem } from '../rules/loader.js';
import type { SchemaRegistry } from '../schema/validator.js';
import { ConfigError, type ConfigProblem, type Severity, type SeveritySetting } from '../types.js';
import { picomatch } from './globs.js';
import type { ResolvedConfig, RuleLayer, RuleSettingInput } from './model.js';
import { onlyMatch, suggest } from '../text/nearest.js';
import { problemAtKey, problemAtPath, schemaProblems } from './yaml-file.js';

/** How one rule runs on one file. */
export interface RuleSetting {
  severity: Severity;
  options: Record<string, unknown>;
  /** True when config or the command line chose the severity (then `severity_when` and a check's own severity do not apply). */
  explicit: boolean;
  /** The strict preset: a warning set by `severity_when` or by a check is raised to error too. */
  strict: boolean;
}

export type RuleCatalog = ReadonlyMap<string, Rule>;

/**
 * Turns a resolved config into per-file rule settings: preset, then each layer in
 * order (overrides only for files their globs match), then `--rule` flags.
 */
export class SettingsResolver {
  private readonly matchers = new WeakMap<RuleLayer, (file: string) => boolean>();
  private readonly validated = new WeakSet<ResolvedConfig>();
  private readonly resolved = new WeakMap<ResolvedConfig, { catalog: RuleCatalog; settings: Map<string, Map<string, RuleSetting>> }>();

  constructor(
    private readonly schemas: SchemaRegistry,
    private readonly commandLine: Record<string, SeveritySetting> = {},
    /** The run's today (YYYY-MM-DD), for `escalate: {on, to}`; without it nothing escalates. */
    private readonly today?: string,
    /** Judges the patterns a config passes as rule options (a team's patterns). */
    private readonly patterns: Pick<Host, 'checkPattern'> = {},
  ) {}

  /** Unknown rule ids and bad options are configuration errors, reported with their place. */
  validate(config: ResolvedConfig, catalog: RuleCatalog): void {
    if (this.validated.has(config)) return;
    const problems: ConfigProblem[] = [];
    for (const layer of config.layers) {
      for (const [id, input] of Object.entries(layer.rules)) {
        const at = [...layer.at, id];
        const rule = catalog.get(id);
        if (!rule) {
          const hint = suggest(id, [...catalog.keys()]);
          if (layer.src)
            problems.push(problemAtKey(layer.src, at, `unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}`, onlyMatch(id, [...catalog.keys()])));
          continue;
        }
        const options = typeof input === 'object' ? input.options : undefined;
        if (options === undefined || !layer.src) continue;
        if (!rule.options) {
          problems.push(problemAtPath(layer.src, [...at, 'options'], `rule "${id}" takes no options`));
          continue;
        }
        // A former option name gets one message saying what replaced it, not an unknown-field error.
        const renamed = rule.options.renamed ?? {};
        for (const former of Object.keys(options).filter((key) => Object.hasOwn(renamed, key))) {
          problems.push(problemAtPath(layer.src, [...at, 'options', former], renamedMessage(id, former, renamed[former])));
        }
        const merged = { ...rule.options.defaults, ...withoutKeys(options, Object.keys(renamed)) };
        const found = this.schemas.validateInline(rule.options.schema, merged).map((p) => ({ ...p, path: [...at, 'options', ...p.path] }));
        problems.push(...schemaProblems(layer.src, found, `options of ${id}`));
        for (const name of phraseOptionNames(rule)) {
          for (const { why, index } of phraseListProblems(options[name])) problems.push(problemAtPath(layer.src, [...at, 'options', name, index], why));
        }
        for (const name of regexOptionNames(rule)) {
          const values = options[name] === undefined ? [] : Array.isArray(options[name]) ? (options[name] as unknown[]) : [options[name]];
          for (const v of values) {
            const why = regexProblem(String(v), this.patterns);
            if (why) problems.push(problemAtPath(layer.src, [...at, 'options', name], why));
          }
        }
      }
    }
    for (const id of Object.keys(this.commandLine)) {
      if (!catalog.has(id)) {
        const hint = suggest(id, [...catalog.keys()]);
        problems.push({ file: '--rule', line: 0, column: 0, endLine: 0, endColumn: 0, message: `unknown rule "${id}"${hint ? ` (did you mean "${hint}"?)` : ''}` });
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    this.validated.add(config);
  }

  /**
   * The enabled rules for `file` with their severity and options. Files matched by the same
   * override layers share one (read-only) result, so a run resolves each combination once.
   */
  forFile(config: ResolvedConfig, catalog: RuleCatalog, file: string): ReadonlyMap<string, RuleSetting> {
    this.validate(config, catalog);
    const layers = config.layers.filter((layer) => !layer.globs || this.matches(layer, file));
    let byLayers = this.resolved.get(config);
    if (!byLayers || byLayers.catalog !== catalog) {
      byLayers = { catalog, settings: new Map() };
      this.resolved.set(config, byLayers);
    }
    const key = layers.map((layer) => config.layers.indexOf(layer)).join(',');
    let settings = byLayers.settings.get(key);
    if (!settings) {
      settings = this.resolve(config, catalog, layers);
      byLayers.settings.set(key, settings);
    }
    return settings;
  }

  private resolve(config: ResolvedConfig, catalog: RuleCatalog, layers: RuleLayer[]): Map<string, RuleSetting> {
    const out = new Map<string, RuleSetting>();
    const off = new Set<string>();
    const strict = config.preset === 'strict';
    for (const rule of catalog.values()) {
      out.set(rule.id, { severity: presetSeverity(rule.severity, strict), options: { ...(rule.options?.defaults ?? {}) }, explicit: false, strict });
    }
    const apply = (id: string, input: RuleSettingInput) => {
      const current = out.get(id);
      if (!current) return;
      const escalated = typeof input === 'object' && input.escalate && this.today !== undefined && this.today >= input.escalate.on;
      const severity = typeof input === 'string' ? input : escalated ? input.escalate!.to : input.severity;
      if (severity === 'off') off.add(id);
      else if (severity) {
        off.delete(id);
        current.severity = severity;
        current.explicit = true;
      }
      if (typeof input === 'object' && input.options) current.options = { ...current.options, ...input.options };
    };
    for (const layer of layers) {
      for (const [id, input] of Object.entries(layer.rules)) apply(id, input);
    }
    for (const [id, severity] of Object.entries(this.commandLine)) apply(id, severity);
    for (const id of off) out.delete(id);
    return out;
  }

  private matches(layer: RuleLayer, file: string): boolean {
    let fn = this.matchers.get(layer);
    if (!fn) {
      const isMatch = picomatch()(layer.globs!, { dot: true });
      const base = layer.base!;
      fn = (f: string) => isMatch(path.relative(base, f).split(path.sep).join('/'));
      this.matchers.set(layer, fn);
    }
    return fn(file);
  }
}

/** A default severity under the preset: `strict` raises every warning to error. */
export function presetSeverity(severity: Severity, strict: boolean): Severity {
  return strict && severity === 'warning' ? 'error' : severity;
}

/** What a config that still uses a former option name is told. */
function renamedMessage(ruleId: string, former: string, names: string[]): string {
  const choices = names.map((n) => `"${n}"`);
  const use = choices.length === 1 ? choices[0] : `${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}`;
  return `option "${former}" of ${ruleId} was replaced: use ${use} instead (standpoint explain ${ruleId} describes them)`;
}

function withoutKeys(options: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([key]) => !keys.includes(key)));
}
