import { uriToPath } from '../convert.js';
import type { ServerContext } from './context.js';

/** Open documents: their text replaces the disk's; edits lint while typing unless `run` is onSave. */
export function registerDocumentSync(ctx: ServerContext): void {
  const { documents, scheduler } = ctx;
  const bufferChanged = (uri: string, text: string, lint: boolean) => {
    const file = uriToPath(uri);
    if (!file) return;
    ctx.safely('update', () => ctx.ws().setBuffer(file, text));
    if (lint) scheduler.request();
  };
  documents.onDidOpen((e) => bufferChanged(e.document.uri, e.document.getText(), true));
  documents.onDidChangeContent((e) => bufferChanged(e.document.uri, e.document.getText(), ctx.settings.run === 'onType'));
  documents.onDidSave(() => scheduler.request());
  documents.onDidClose((e) => {
    const file = uriToPath(e.document.uri);
    if (file) ctx.safely('close', () => ctx.ws().closeBuffer(file));
    scheduler.request();
  });
}
