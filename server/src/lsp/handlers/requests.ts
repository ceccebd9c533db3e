import { REQUESTS, type ExplainParams, type TemplateParams } from '../../protocol.js';
import { explainMarkdown, ruleSummaries, templateText } from '../features/commands.js';
import type { ServerContext } from './context.js';

/** The server's own requests (see protocol.ts). */
export function registerRequests(ctx: ServerContext): void {
  const { connection } = ctx;
  connection.onRequest(REQUESTS.explain, (params: ExplainParams) => ctx.safely('explain', () => explainMarkdown(ctx.ws(), params.rule), null));
  connection.onRequest(REQUESTS.rules, () => ctx.safely('rules', () => ruleSummaries(ctx.ws())) ?? []);
  connection.onRequest(REQUESTS.template, (params: TemplateParams) => ctx.safely('template', () => templateText(ctx.ws(), params.kind, params.markdown), null));
  // Diagnostics for benchmarks and bug reports: memory after a collection when --expose-gc is on.
  connection.onRequest(REQUESTS.memory, () => {
    (globalThis as { gc?: () => void }).gc?.();
    return { ...process.memoryUsage(), records: ctx.ws().current.session.files.length };
  });
}
