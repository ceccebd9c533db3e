import { DidChangeConfigurationNotification } from 'vscode-languageserver';
import { SETTING_DEFAULTS, SETTINGS_SECTION, type InitializationOptions, type Settings } from '../../protocol.js';
import type { ServerContext } from './context.js';

/** The settings and trust the client passed at start. */
export function applyInitializationOptions(ctx: ServerContext, raw: unknown): void {
  const init = (raw ?? {}) as InitializationOptions;
  ctx.trusted = init.trusted !== false;
  ctx.today = init.today;
  ctx.clientCommands = init.clientCommands === true;
  ctx.settings = { ...SETTING_DEFAULTS, ...pick(init) };
  ctx.scheduler.setDelay(ctx.settings.debounceMs);
}

/** Settings changes re-lint; clients that can be asked are asked for the new values. */
export function registerSettingsHandlers(ctx: ServerContext): void {
  ctx.connection.onDidChangeConfiguration(async (change) => {
    if (ctx.canPullConfiguration) await pullSettings(ctx);
    else ctx.settings = { ...SETTING_DEFAULTS, ...pick((change.settings as { standpoint?: unknown } | null)?.[SETTINGS_SECTION]) };
    ctx.lint();
  });
}

/** Once the client is ready: subscribe to settings changes and read the settings. */
export async function readSettings(ctx: ServerContext): Promise<void> {
  if (!ctx.canPullConfiguration) return;
  void ctx.connection.client.register(DidChangeConfigurationNotification.type, undefined);
  await pullSettings(ctx);
}

/** Asks the client for the settings; a new config path reloads the workspace. */
async function pullSettings(ctx: ServerContext): Promise<void> {
  const pulled: Promise<unknown> | undefined = ctx.safely('read settings', () => ctx.connection.workspace.getConfiguration(SETTINGS_SECTION));
  const next = { ...SETTING_DEFAULTS, ...pick(await pulled) };
  const reload = next.configPath !== ctx.settings.configPath;
  ctx.settings = next;
  ctx.scheduler.setDelay(ctx.settings.debounceMs);
  if (reload) ctx.safely('reload', () => ctx.ws().updateSettings(ctx.workspaceSettings()));
}

/** The well-formed settings in what a client sent; anything else keeps its default. */
function pick(raw: unknown): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as Record<string, unknown>;
  if (typeof r.enable === 'boolean') out.enable = r.enable;
  if (r.run === 'onType' || r.run === 'onSave') out.run = r.run;
  if (typeof r.configPath === 'string' && r.configPath.trim() !== '') out.configPath = r.configPath;
  if (typeof r.debounceMs === 'number') out.debounceMs = r.debounceMs;
  return out;
}
