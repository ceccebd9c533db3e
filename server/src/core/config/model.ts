import type { ConfigProblem, SeveritySetting } from '../types.js';
import type { LocatedYaml } from './yaml-file.js';

export const CONFIG_NAMES = ['.standpoint.yaml', '.standpoint.yml'] as const;
export const DEFAULT_FILES = ['decisions/**/*.{yaml,yml,md}', '**/*.decision.{yaml,yml,md}'];
export const PRESETS = ['recommended', 'strict'] as const;
export type Preset = (typeof PRESETS)[number];

/** `escalate`: from the date `on` (inclusive, compared with the run's today) the rule runs at severity `to`. */
export interface Escalation {
  on: string;
  to: SeveritySetting;
}

export type RuleSettingInput = SeveritySetting | { severity?: SeveritySetting; options?: Record<string, unknown>; escalate?: Escalation };

/** `.standpoint.yaml` as written (after schema validation). */
export interface ConfigData {
  root?: boolean;
  extends?: string | string[];
  files?: string[];
  ignore?: string[];
  people?: string;
  promises?: string;
  placeholders?: string[];
  rules?: Record<string, RuleSettingInput>;
  rule_dirs?: string[];
  overrides?: Array<{ files: string[]; rules: Record<string, RuleSettingInput> }>;
}

/** Rule settings from one place, applied in order; `globs` limits them to some files. */
export interface RuleLayer {
  rules: Record<string, RuleSettingInput>;
  /** Where the settings were written, to locate problems. */
  src?: LocatedYaml;
  at: Array<string | number>;
  base?: string;
  globs?: string[];
}

/** Everything the chain of config files for one folder says. */
export interface ResolvedConfig {
  /** Config files that contributed, nearest last. */
  files: string[];
  /** The folder paths may not escape, and the base of the workspace. */
  root: string;
  preset: Preset;
  records?: { base: string; patterns: string[] };
  ignore: Array<{ base: string; patterns: string[] }>;
  people?: string;
  promises?: string;
  /** The team's placeholder text, from every config of the chain. */
  placeholders: string[];
  /** Where `people` and `promises` were set, as written: a registry that cannot be read is reported there. */
  registryRefs: Partial<Record<'people' | 'promises', { written: string; at: Omit<ConfigProblem, 'message'> }>>;
  ruleDirs: string[];
  layers: RuleLayer[];
}
