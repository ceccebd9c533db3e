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
  /** The rules that apply in the workspace, for the "Explain rule" picker. */
  rules: 'standpoint/rules',
} as const;

/** Notifications the server sends to the client. */
export const NOTIFICATIONS = {
  /** Standpoint's state for the status item (StatusParams), when it changes. */
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

/**
 * Commands the VS Code client runs for links and actions the server sends (hovers, code
 * actions) and for its status item; not in the command palette ("Explain rule" is the
 * palette's way to a rule page).
 */
export const EDITOR_COMMANDS = {
  /** A rule's page, from the documentation shipped with the extension, as a rendered preview. */
  showRuleDocumentation: 'standpoint.showRuleDocumentation',
  /** Opens the first problem of a broken configuration (the status item in its error state). */
  showConfigProblem: 'standpoint.showConfigProblem',
  /** Scrolls an editor to a range (after a quick fix inserted text there). */
  reveal: 'standpoint.reveal',
} as const;

export interface ExplainParams {
  rule: string;
}

export interface TemplateParams {
  kind: string;
  markdown: boolean;
}

/**
 * What the status item shows: Standpoint's own state, not a copy of the editor's problem counts.
 * `checking` while the workspace is being indexed; `config-error` while a config or rule file
 * is broken (checking goes on with `using`); `ok` otherwise; `off` when disabled.
 */
export interface StatusParams {
  state: 'checking' | 'ok' | 'config-error' | 'off';
  /** The configuration checking uses: the workspace's, the last one that loaded, or the built-in rules. */
  using: 'workspace' | 'last-good' | 'built-in';
  /** Records checked so far, how many there are in all (more while checking), and how many have an error finding. */
  records: number;
  total: number;
  recordsWithErrors: number;
  /** The broken configuration's problems (the first few), for the status item's click-through. */
  problems: Array<{ uri: string; line: number; column: number; message: string }>;
}

export interface RuleSummary {
  id: string;
  title: string;
  severity: string;
  principle: string;
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
  /**
   * The client runs EDITOR_COMMANDS.showRuleDocumentation and .reveal (the VS Code
   * extension): hovers link rule pages to the offline preview, code actions offer it, and
   * skeleton fixes reveal what they inserted.
   */
  clientCommands?: boolean;
}

/** The decision kinds a record may declare, in the order they are offered. */
export const KINDS = ['launch-plan', 'budget-change', 'pricing-change', 'policy-change', 'org-change', 'sales-plan', 'incentive-plan', 'campaign'] as const;
export type Kind = (typeof KINDS)[number];
