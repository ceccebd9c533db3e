import fs from 'node:fs';
import path from 'node:path';
import { CORPUS_DIR, REPO } from './paths.js';

/**
 * The real-world corpus lives outside the repository (../shared/corpus/realworld). Tests
 * that read it skip when it is absent, and say so: a skipped test names the missing path
 * in its suite's title and on the console, so a run without the corpus never passes or
 * fails silently.
 */

/** `dir` as the messages name it: relative to the repository, forward slashes. */
export function shown(dir: string): string {
  return path.relative(REPO, dir).split(path.sep).join('/') || '.';
}

/** Whether the corpus (or a folder inside it) is there. */
export function corpusAvailable(dir = CORPUS_DIR): boolean {
  return fs.existsSync(dir);
}

/** What a suite title carries when `dir` is absent: ` (skipped: ../shared/corpus/realworld not found)`; empty otherwise. */
export function corpusNote(dir = CORPUS_DIR): string {
  return corpusAvailable(dir) ? '' : ` (skipped: ${shown(dir)} not found)`;
}

/**
 * In a test or hook (`function () {…}`, not an arrow): when `dir` is absent, prints
 * "(skipped: PATH not found)" and skips (in a `before` hook, every test of the suite).
 */
export function skipWithoutCorpus(context: Mocha.Context, dir = CORPUS_DIR): void {
  if (corpusAvailable(dir)) return;
  console.log(`      (skipped: ${shown(dir)} not found)`);
  context.skip();
}
