import path from 'node:path';
import { ConfigLoader } from '../config/loader.js';
import type { ResolvedConfig } from '../config/model.js';
import { SettingsResolver, type RuleCatalog, type RuleSetting } from '../config/settings.js';
import type { Host } from '../host.js';
import { entryKindOf } from '../overlay-host.js';
import type { ParsedDocument } from '../model/document.js';
import { parseDocument } from '../parse/document.js';
import type { Rule } from '../rules/definition.js';
import { loadCompiledRules } from '../rules/compiled.js';
import { usesRegistries } from '../rules/facts.js';
import { loadRules } from '../rules/loader.js';
import { withoutKnownFields, type RuleWarning } from '../rules/path-warnings.js';
import { PlaceholderMatcher, STANDARD_PLACEHOLDERS } from '../rules/placeholders.js';
import { QuietTexts } from '../text/quiet-texts.js';
import { PeopleIndex, PromiseIndex, type Registries } from '../rules/registries.js';
import { SchemaRegistry } from '../schema/validator.js';
import { ConfigError, type ConfigProblem, type PathSegment, type SeveritySetting } from '../types.js';
import { reportsUnresolvedAt } from '../checks/kinds/reference.js';

export interface ProjectOptions {
  /** Folder holding the built-in rules (`rules/`). */
  builtinRulesDir: string;
  /** Folder holding the JSON Schemas (`schemas/`). */
  schemasDir: string;
  /** "Today" for date rules, YYYY-MM-DD. */
  today: string;
  /** `--config FILE`: that file alone, no discovery; `false`: no configuration at all. */
  configFile?: string | false;
  /** `--rule ID:SEVERITY` flags. */
  commandLineRules?: Record<string, SeveritySetting>;
  /** False in an untrusted workspace: only built-in rules run (no `rule_dirs`). */
  trusted?: boolean;
  /** Where rule documentation pages live; `{id}` is replaced. */
  docsUrlTemplate?: string;
  /** The built-in rules compiled at build time; used while it matches the rule files. */
  compiledRulesFile?: string;
  /** Folder of the schema validators generated at build time; used while they match the schema files. */
  compiledSchemasDir?: string;
  /** Rule folders loaded after the config's `rule_dirs` (how `test-rules` runs a team's rules on fixtures). */
  extraRuleDirs?: string[];
  /** Keep only these checks (by index) of these rules: what one check finds, for `test-rules --coverage`. */
  checkSelection?: Record<string, number[]>;
  /** The clock rule time budgets are measured on, in milliseconds; Date.now unless a test drives it. */
  now?: () => number;
  /** `rule_dirs` may name folders that do not exist yet: for new-rule, which creates them. */
  ruleDirsMayBeMissing?: boolean;
  /**
   * The project analyses the documents of an editor, again after each edit: texts that
   * searches found nothing in are remembered (see QuietTexts). Not for a run that reads
   * each document once, where remembering costs time and memory for nothing.
   */
  followsEdits?: boolean;
}

export const DEFAULT_DOCS_URL = 'https://github.com/standpoint-dev/standpoint/blob/main/docs/rules/{id}.md';

/** A registry file read as a document, so it is linted and indexed from one parse. */
export interface RegistryDocument {
  doc: ParsedDocument;
  people?: PeopleIndex;
  promises?: PromiseIndex;
}

/** Compiled schemas a new project may reuse (many short-lived projects over one schemas folder, as the rule tester makes). */
export interface SharedProjectParts {
  schemas?: SchemaRegistry;
}

/**
 * Opens a project: the one place a `Project` is made, whatever the host (a CLI command,
 * a worker thread, the language server, the rule tester).
 */
export function openProject(host: Host, options: ProjectOptions, shared: SharedProjectParts = {}): Project {
  return new Project(host, options, shared);
}

/** The rule folders a rule-set command works on, and whether they are the built-in rules. */
export interface RuleSetSelection {
  dirs: string[];
  builtin: boolean;
  /** Where the selection came from: the command's argument, the config's `rule_dirs`, or neither. */
  source: 'argument' | 'config' | 'builtin';
  /** For the config's `rule_dirs`: the workspace root their rule files must stay inside. */
  root?: string;
}

/**
 * Configuration, rules and registries for a workspace, loaded lazily and cached.
 * The CLI makes one per run; the language server keeps one and invalidates it.
 */
export class Project {
  readonly schemas: SchemaRegistry;
  readonly configs: ConfigLoader;
  private readonly settings: SettingsResolver;
  private builtin: Rule[] | undefined;
  private readonly catalogs = new Map<string, RuleCatalog>();
  private readonly registryDocs = new Map<string, RegistryDocument>();
  /** Each registry's entries as they last parsed, kept while a later text of it does not. */
  private readonly lastGoodRegistries = new Map<string, RegistryDocument>();
  /** Registries gone since they last parsed: why, while records are checked against what they held. */
  private readonly missingRegistries = new Map<string, ConfigProblem[]>();
  /** With `followsEdits`: the texts searches found nothing in, kept from analysis to analysis. */
  readonly quietTexts: QuietTexts | undefined;

  /** Made by `openProject`. */
  constructor(
    readonly host: Host,
    readonly options: ProjectOptions,
    shared: SharedProjectParts = {},
  ) {
    this.schemas = shared.schemas ?? new SchemaRegistry(host, options.schemasDir, options.compiledSchemasDir);
    this.configs = new ConfigLoader(host, this.schemas, options.configFile, options.ruleDirsMayBeMissing);
    this.settings = new SettingsResolver(this.schemas, options.commandLineRules, options.today, host);
    this.quietTexts = options.followsEdits ? new QuietTexts() : undefined;
  }

  get today(): string {
    return this.options.today;
  }

  /** Drops cached config, rules and registries (after a change on disk). */
  invalidate(what: { config?: boolean; rules?: boolean; registries?: boolean } = { config: true, rules: true, registries: true }): void {
    if (what.config) this.configs.invalidate();
    if (what.rules) {
      this.builtin = undefined;
      this.catalogs.clear();
    }
    if (what.registries) {
      this.registryDocs.clear();
      this.missingRegistries.clear();
    }
  }

  configFor(file: string): ResolvedConfig {
    return this.configs.forDirectory(path.dirname(file));
  }

  builtinRules(): Rule[] {
    if (!this.builtin) {
      const dir = this.options.builtinRulesDir;
      const docsUrl = (id: string) => (this.options.docsUrlTemplate ?? DEFAULT_DOCS_URL).replace('{id}', id);
      const compiled = this.options.compiledRulesFile ? loadCompiledRules(this.host, this.options.compiledRulesFile, dir, docsUrl) : undefined;
      this.builtin = compiled ?? loadRules(this.host, this.schemas, { dir, builtin: true, docsUrl });
    }
    return this.builtin;
  }

  /** Is `dir` the folder of the built-in rules? */
  isBuiltinRuleDir(dir: string): boolean {
    return path.resolve(dir) === path.resolve(this.options.builtinRulesDir);
  }

  /** The team's rule folders that run with the built-in rules: the config's `rule_dirs`, none in an untrusted workspace. */
  teamRuleDirs(config: ResolvedConfig): string[] {
    return this.options.trusted === false ? [] : [...new Set([...config.ruleDirs, ...(this.options.extraRuleDirs ?? [])])];
  }

  /**
   * The rules a rule-set command (test-rules, docs, the rule file code lens) works on:
   * `dir` when given, else the `rule_dirs` of the config that applies in `cwd`, else the built-in rules.
   */
  selectRuleSet(cwd: string, dir?: string): RuleSetSelection {
    if (dir !== undefined) return { dirs: [path.resolve(cwd, dir)], builtin: this.isBuiltinRuleDir(path.resolve(cwd, dir)), source: 'argument' };
    const config = this.configs.forDirectory(cwd);
    if (config.ruleDirs.length > 0) return { dirs: config.ruleDirs, builtin: false, source: 'config', root: config.root };
    return { dirs: [this.options.builtinRulesDir], builtin: true, source: 'builtin' };
  }

  /** Built-in rules plus the config's `rule_dirs` (unless the workspace is untrusted). */
  catalog(config: ResolvedConfig): RuleCatalog {
    const dirs = this.teamRuleDirs(config);
    const key = dirs.join('\u0000');
    let catalog = this.catalogs.get(key);
    if (!catalog) {
      const all = new Map(this.builtinRules().map((r) => [r.id, r]));
      for (const dir of dirs) {
        // A team's rule is documented by its own file.
        const root = config.ruleDirs.includes(dir) ? config.root : undefined;
        for (const rule of loadRules(this.host, this.schemas, { dir, builtin: false, docsUrl: () => '', root })) {
          all.set(rule.id, { ...rule, docsUrl: pathToFileUrl(rule.file) });
        }
      }
      for (const [id, keep] of Object.entries(this.options.checkSelection ?? {})) {
        const rule = all.get(id);
        if (rule) all.set(id, { ...rule, checks: rule.checks.filter((_, i) => keep.includes(i)) });
      }
      catalog = all;
      this.catalogs.set(key, catalog);
    }
    return catalog;
  }

  rulesFor(file: string): { catalog: RuleCatalog; settings: ReadonlyMap<string, RuleSetting>; config: ResolvedConfig } {
    const config = this.configFor(file);
    const catalog = this.catalog(config);
    return { config, catalog, settings: this.settings.forFile(config, catalog, file) };
  }

  /**
   * What the loader found suspicious in these rules (paths that can never match), less what
   * concerns the team's own fields: record-schema's `extra_fields` for files in `dir`.
   */
  ruleWarnings(rules: readonly Rule[], dir: string): RuleWarning[] {
    if (!rules.some((r) => r.warnings)) return [];
    const extra = this.ruleOptions('record-schema', path.join(dir, 'record.yaml')).extra_fields;
    const known = Array.isArray(extra) ? extra.map(String) : [];
    return rules.flatMap((r) => withoutKnownFields(r.warnings ?? [], known));
  }

  /** A rule's options for a file: as configured there, or the rule's defaults where it is off. */
  ruleOptions(ruleId: string, file: string): Record<string, unknown> {
    const { catalog, settings } = this.rulesFor(file);
    return settings.get(ruleId)?.options ?? catalog.get(ruleId)?.options?.defaults ?? {};
  }

  /** The registries a config names, parsed once. A registry that cannot be read is a configuration error at its line. */
  registries(config: ResolvedConfig): Registries {
    return {
      people: config.people ? this.registryOf(config, 'people', config.people, 'people-registry').people : undefined,
      promises: config.promises ? this.registryOf(config, 'promises', config.promises, 'promise-register').promises : undefined,
      placeholders: placeholdersOf(config),
    };
  }

  /**
   * A registry that cannot be read is an error; where it was read before (an editor's long-lived
   * project), records go on being checked against what it held and the error is kept aside.
   */
  private registryOf(config: ResolvedConfig, which: 'people' | 'promises', file: string, role: 'people-registry' | 'promise-register'): RegistryDocument {
    if (!this.registryDocs.has(file)) {
      try {
        this.checkRegistry(config, which, file);
      } catch (err) {
        const lastGood = this.lastGoodRegistries.get(file);
        if (!(err instanceof ConfigError) || !lastGood) throw err;
        this.missingRegistries.set(file, err.problems);
        this.registryDocs.set(file, lastGood);
        return lastGood;
      }
    }
    return this.registryDocument(file, role);
  }

  /** The problems of registries gone since they were last read, which are checked against as they were. */
  missingRegistryProblems(): ConfigProblem[] {
    return [...this.missingRegistries.values()].flat();
  }

  /**
   * A registry must be a regular file (a named pipe would never be read, a folder holds no
   * entries). A missing people registry would make every owner "not in the people registry":
   * it is reported once, at the config's `people:` line. A missing promise register is left to
   * promise-ref-resolves, which reports every reference that no longer resolves.
   */
  private checkRegistry(config: ResolvedConfig, which: 'people' | 'promises', file: string): void {
    const kind = entryKindOf(this.host, file);
    if (kind === 'file' || (kind === undefined && which === 'promises')) return;
    const ref = config.registryRefs[which];
    const at = ref?.at ?? { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    const written = ref?.written ?? file;
    const what = which === 'people' ? 'people registry' : 'promise register';
    const message =
      kind === undefined
        ? `${which} "${written}": no such file; create the ${what} or remove the ${which} setting`
        : `${which} "${written}": is a ${kind}, not a file; the ${what} must be a YAML file`;
    throw new ConfigError([{ ...at, message }]);
  }

  /**
   * A registry read as a document, with its index. A registry that no longer parses is
   * reported (its document is the new text) while records are checked against the entries it
   * last had, so one typo in `people.yaml` does not turn every owner into a stranger.
   */
  registryDocument(file: string, role: 'people-registry' | 'promise-register'): RegistryDocument {
    let entry = this.registryDocs.get(file);
    if (!entry) {
      const text = this.host.readFile(file) ?? '';
      const doc = parseDocument(file, text, role);
      const fresh = role === 'people-registry' ? { doc, people: new PeopleIndex(file, doc.data) } : { doc, promises: new PromiseIndex(file, doc.data) };
      const lastGood = this.lastGoodRegistries.get(file);
      entry = doc.syntax.length > 0 && lastGood ? { ...lastGood, doc } : fresh;
      if (doc.syntax.length === 0) this.lastGoodRegistries.set(file, fresh);
      this.registryDocs.set(file, entry);
    }
    return entry;
  }

  /** The registries read so far that do not parse and are checked against as they last did. */
  registriesOnLastGood(): ParsedDocument[] {
    return [...this.registryDocs.values()].filter((e) => e.doc.syntax.length > 0 && this.lastGoodRegistries.has(e.doc.file)).map((e) => e.doc);
  }

  /** Is this file a registry named by a configuration used so far? */
  isRegistry(file: string): boolean {
    return this.registryDocs.has(file);
  }

  /** Does the rule consult the people registry or the promise register? */
  readsRegistries(ruleId: string): boolean {
    const rule = this.anyRule(ruleId);
    return rule !== undefined && usesRegistries(rule);
  }

  /** Is this finding perhaps about a value naming a document that is not there (nothing else to point at)? */
  reportsUnresolvedReference(ruleId: string, at: readonly PathSegment[] | undefined): boolean {
    const rule = this.anyRule(ruleId);
    return rule !== undefined && at !== undefined && reportsUnresolvedAt(rule, at);
  }

  /** A rule by id: built in, or from a catalog loaded so far. */
  private anyRule(ruleId: string): Rule | undefined {
    return this.builtinRules().find((r) => r.id === ruleId) ?? [...this.catalogs.values()].map((c) => c.get(ruleId)).find(Boolean);
  }

  /** Replaces a registry's text (an open editor buffer) without touching the disk. */
  forgetRegistry(file: string): void {
    this.registryDocs.delete(file);
    this.missingRegistries.delete(file);
  }
}

/** One matcher per configuration: every document it governs shares it. */
const matchers = new WeakMap<ResolvedConfig, PlaceholderMatcher>();

function placeholdersOf(config: ResolvedConfig): PlaceholderMatcher {
  if (config.placeholders.length === 0) return STANDARD_PLACEHOLDERS;
  let matcher = matchers.get(config);
  if (!matcher) {
    matcher = new PlaceholderMatcher(config.placeholders);
    matchers.set(config, matcher);
  }
  return matcher;
}

function pathToFileUrl(file: string): string {
  return `file://${file.split(path.sep).map(encodeURIComponent).join('/')}`;
}
