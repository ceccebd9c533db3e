import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from the compiled test location (out/test/helpers). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RULES_DIR = path.join(REPO, 'rules');
export const SCHEMAS_DIR = path.join(REPO, 'schemas');
export const SAMPLES_DIR = path.join(REPO, 'samples');
export const CORPUS_DIR = path.resolve(REPO, '..', 'shared', 'corpus', 'realworld');
export const BIN = path.join(REPO, 'bin', 'standpoint.js');
