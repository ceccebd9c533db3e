import { uriToPath } from '../convert.js';
import type { ServerContext } from './context.js';

/** Files changed on disk (the client's watchers): the workspace rereads them. */
export function registerWatchedFiles(ctx: ServerContext): void {
  ctx.connection.onDidChangeWatchedFiles((e) => {
    for (const change of e.changes) {
      const file = uriToPath(change.uri);
      if (file) ctx.safely('watch', () => ctx.ws().diskChanged(file));
    }
    ctx.scheduler.request();
  });
}

/** Folders added to or removed from the workspace (for clients that report them). */
export function watchFolders(ctx: ServerContext): void {
  ctx.connection.workspace.onDidChangeWorkspaceFolders((e) => {
    const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
    const added = e.added.map((f) => uriToPath(f.uri)).filter((f): f is string => Boolean(f));
    ctx.folders = [...ctx.folders.filter((f) => !removed.has(f)), ...added];
    ctx.safely('folders', () => ctx.ws().setFolders(ctx.folders));
    ctx.scheduler.request();
  });
}
