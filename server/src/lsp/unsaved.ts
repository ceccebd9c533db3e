import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { findFrontMatter, readDocument } from '../core/index.js';

/** The folder, inside a workspace folder, that unsaved records are checked in as if they were there. */
const UNSAVED_DIR = '.standpoint-unsaved';

/**
 * The name an untitled editor's record is checked under: inside the first workspace folder,
 * so the workspace's config, registries and rules apply to it as to any record (and never a
 * file that exists). Undefined for documents that are not untitled.
 */
export function unsavedPath(uri: string, languageId: string, folder: string | undefined): string | undefined {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'untitled') return undefined;
  const name = (parsed.path.split('/').pop() || 'Untitled').replace(/[^\w.-]+/g, '-');
  const ext = languageId === 'markdown' ? '.md' : '.yaml';
  return path.join(folder ?? os.tmpdir(), UNSAVED_DIR, name.endsWith(ext) ? name : `${name}${ext}`);
}

/** An untitled document is checked once it reads as a decision record: a `decision:` field at the top level (or in front matter). */
export function looksLikeRecord(file: string, text: string): boolean {
  if (!/^\s*decision\s*:/m.test(text)) return false;
  const doc = readDocument(file, text);
  if (doc.form === 'markdown' && findFrontMatter(doc.lines).kind !== 'block') return false;
  return typeof (doc.data as { decision?: unknown } | undefined)?.decision === 'string';
}
