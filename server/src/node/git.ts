import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Thrown when git cannot answer; the CLI turns it into exit code 2. */
export class GitError extends Error {}

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new GitError(stderr || (err as Error).message);
  }
}

export function gitTopLevel(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).trim();
}

/**
 * Files added, copied, modified or renamed since `ref` (committed or not), plus untracked
 * files, and the files deleted since `ref`, as absolute paths.
 */
export function changedSince(ref: string, cwd: string): { changed: Set<string>; deleted: Set<string> } {
  let top: string;
  try {
    top = gitTopLevel(cwd);
  } catch {
    throw new GitError(`--changed-since needs a git repository, and ${cwd} is not in one`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch {
    const shallow = git(['rev-parse', '--is-shallow-repository'], top).trim() === 'true';
    throw new GitError(`git ref "${ref}" is not known here${shallow ? ' (this is a shallow clone: fetch the ref first, e.g. git fetch --depth=1 origin ' + ref + ')' : ''}`);
  }
  const list = (args: string[]) => git(args, top).split('\n').filter(Boolean).map((f) => path.join(top, f));
  const changed = new Set([
    ...list(['diff', '--name-only', '--no-renames', '--diff-filter=ACMR', ref, '--']),
    ...list(['diff', '--name-only', '-M', '--diff-filter=R', ref, '--']),
    ...list(['ls-files', '--others', '--exclude-standard']),
  ]);
  const deleted = new Set(list(['diff', '--name-only', '--no-renames', '--diff-filter=D', ref, '--']));
  return { changed, deleted };
}
