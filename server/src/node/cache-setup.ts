import { createHash } from 'node:crypto';
import { readingOptionsFor, type Project, type ResolvedConfig, type RuleCatalog, type RuleSetting } from '../core/index.js';

/**
 * The key of everything besides a file's text that shapes its analysis: the rules, their
 * settings, the registries' texts, the placeholders, how the file is read and the date. A
 * cached analysis holds while its file's key and text are as they were.
 */
export class SetupKeys {
  private readonly catalogKeys = new WeakMap<RuleCatalog, string>();
  private readonly settingsKeys = new WeakMap<ReadonlyMap<string, RuleSetting>, string>();
  private readonly registryKeys = new Map<string, string | undefined>();
  /** The registries' texts and the placeholders of each configuration, as part of a setup key. */
  private readonly configKeys = new WeakMap<ResolvedConfig, string>();
  private readonly setupKeys = new Map<string, string>();

  /** Files sharing a configuration share their rule settings object, so this is computed once per rule setup. */
  of(project: Project, file: string): string {
    const { catalog, settings, config } = project.rulesFor(file);
    let rules = this.catalogKeys.get(catalog);
    if (!rules) {
      rules = hash(JSON.stringify([...catalog.values()].map((r) => [r.id, r.checks, r.applies_to, r.severity_when, r.message])));
      this.catalogKeys.set(catalog, rules);
    }
    let ruleSettings = this.settingsKeys.get(settings);
    if (!ruleSettings) {
      ruleSettings = hash(JSON.stringify([...settings]));
      this.settingsKeys.set(settings, ruleSettings);
    }
    let registries = this.configKeys.get(config);
    if (registries === undefined) {
      const texts = [config.people, config.promises].map((f) => (f ? (this.registry(project, f) ?? '') : '')).join(',');
      registries = `${texts},${config.placeholders.length > 0 ? hash(JSON.stringify(config.placeholders)) : ''}`;
      this.configKeys.set(config, registries);
    }
    // How the file is read (Markdown header fields on or off) shapes its analysis as much as the rules do.
    const reading = JSON.stringify(readingOptionsFor(config, file));
    const parts = `${rules},${ruleSettings},${registries},${reading}`;
    let key = this.setupKeys.get(parts);
    if (!key) {
      key = hash(JSON.stringify([project.today, parts]));
      this.setupKeys.set(parts, key);
    }
    return key;
  }

  /** The hash of a registry's text; undefined when it cannot be read. */
  registry(project: Project, file: string): string | undefined {
    if (!this.registryKeys.has(file)) {
      const text = project.host.readFile(file);
      this.registryKeys.set(file, text === undefined ? undefined : hash(text));
    }
    return this.registryKeys.get(file);
  }
}

export function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
