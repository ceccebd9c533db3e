import type { TextDocument } from 'vscode-languageserver-textdocument';
import { uriToPath } from '../convert.js';
import type { ServerContext } from './context.js';

/**
 * Open documents: their text replaces the disk's; edits lint while typing unless `run` is
 * onSave. An untitled document that reads as a record is checked too, under a name inside
 * the workspace (so its config and registries apply).
 */
export function registerDocumentSync(ctx: ServerContext): void {
  const { documents, scheduler } = ctx;
  const bufferChanged = (document: TextDocument, lint: boolean) => {
    const text = document.getText();
    const file = uriToPath(document.uri);
    if (file) ctx.safely('update', () => ctx.ws().setBuffer(file, text));
    else {
      const unsaved = ctx.safely('update', () => ctx.unsavedFile(document.uri, document.languageId, text));
      if (unsaved) ctx.safely('update', () => ctx.ws().setUnsaved(unsaved, text));
    }
    if (lint) scheduler.request();
  };
  documents.onDidOpen((e) => bufferChanged(e.document, true));
  documents.onDidChangeContent((e) => bufferChanged(e.document, ctx.settings.run === 'onType'));
  documents.onDidSave(() => scheduler.request());
  documents.onDidClose((e) => {
    const file = ctx.fileOf(e.document.uri);
    if (file) ctx.safely('close', () => ctx.ws().closeBuffer(file));
    ctx.forgetUnsaved(e.document.uri);
    ctx.pull?.forget(e.document.uri);
    scheduler.request();
  });
}
