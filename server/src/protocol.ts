/**
 * What the VS Code client and the language server agree on, said once: both import this
 * module (each bundle inlines it), so a renamed method, command or setting cannot drift
 * apart. Plain data only: the client must not load the engine.
 */

/** Requests the client sends to the server. */
export const REQUESTS = {
  /** A rule's documentation as Markdown (null for an unknown rule). */
  explain: 'standpoint/explain',
  /** A new record's text (null for an unknown kind). */
  template: 'standpoint/template',
  /** Memory use after a collection, for benchmarks and bug reports. */
  memory: 'standpoint/memory',
} as const;

/** Notifications the server sends to the client. */
export const NOTIFICATIONS = {
  /** Finding counts for the status bar, after every lint. */
  status: 'standpoint/status',
  /** The background index of the workspace is complete. */
  indexed: 'standpoint/indexed',
} as const;

/** Command ids: the server runs the first two; the client registers the rest. */
export const COMMANDS = {
  lintWorkspace: 'standpoint.lintWorkspace',
  testRule: 'standpoint.testRule',
  newRecord: 'standpoint.newRecord',
  explainRule: 'standpoint.explainRule',
  restartServer: 'standpoint.restartServer',
} as const;

export interface ExplainParams {
  rule: string;
}

export interface TemplateParams {
  kind: string;
  markdown: boolean;
}

export interface StatusCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export interface IndexedParams {
  records: number;
  ms: number;
  workers: number;
}

/** The settings section: `standpoint.enable`, `standpoint.run`... */
export const SETTINGS_SECTION = 'standpoint';

/** The settings the server reads; package.json declares the same defaults (a test compares them). */
export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  /** A config file to use instead of discovery; empty means discover. */
  configPath: string;
  debounceMs: number;
}

export const SETTING_DEFAULTS: Readonly<Settings> = { enable: true, run: 'onType', configPath: '', debounceMs: 0 };

/** The full name of a setting, as VS Code spells it. */
export function settingName(key: keyof Settings): string {
  return `${SETTINGS_SECTION}.${key}`;
}

/** What the client passes at start: its settings, plus what the server cannot find out itself. */
export interface InitializationOptions extends Partial<Settings> {
  /** Workspace trust: an untrusted workspace runs built-in rules only. */
  trusted?: boolean;
  /** The date rules treat as today (YYYY-MM-DD), for reproducible runs. */
  today?: string;
}

/** The decision kinds a record may declare, in the order they are offered. */
export const KINDS = ['launch-plan', 'budget-change', 'pricing-change', 'policy-change', 'org-change', 'sales-plan', 'incentive-plan', 'campaign'] as const;
export type Kind = (typeof KINDS)[number];
