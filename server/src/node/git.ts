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
  verifyRef(ref, top);
  const list = (args: string[]) => git(args, top).split('\n').filter(Boolean).map((f) => path.join(top, f));
  const changed = new Set([
    ...list(['diff', '--name-only', '--no-renames', '--diff-filter=ACMR', ref, '--']),
    ...list(['diff', '--name-only', '-M', '--diff-filter=R', ref, '--']),
    ...list(['ls-files', '--others', '--exclude-standard']),
  ]);
  const deleted = new Set(list(['diff', '--name-only', '--no-renames', '--diff-filter=D', ref, '--']));
  return { changed, deleted };
}

/**
 * Fails with a message that says how to get the ref when git does not know it, which in
 * CI usually means a shallow clone (actions/checkout fetches one commit by default).
 */
export function verifyRef(ref: string, top: string): void {
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
    return;
  } catch {
    // explained below
  }
  let shallow = false;
  try {
    shallow = git(['rev-parse', '--is-shallow-repository'], top).trim() === 'true';
  } catch {
    // an old git: say nothing about shallowness
  }
  let remotes: string[] = [];
  try {
    remotes = git(['remote'], top).split('\n').filter(Boolean);
  } catch {
    // no remotes to name
  }
  const origin = remotes.includes('origin') ? 'origin' : remotes[0];
  const remote = /^(?:refs\/remotes\/)?([\w.-]+)\/([^~^@:]+)$/.exec(ref);
  let fetch: string | undefined;
  let then = '';
  if (remote && remotes.includes(remote[1])) {
    fetch = `git fetch --no-tags --depth=1 ${remote[1]} +refs/heads/${remote[2]}:refs/remotes/${remote[1]}/${remote[2]}`;
  } else if (/[~^]/.test(ref)) {
    fetch = 'git fetch --deepen=50 (or git fetch --unshallow)';
  } else if (!origin) {
    fetch = undefined;
  } else if (/^[0-9a-f]{7,40}$/i.test(ref)) {
    fetch = `git fetch --no-tags --depth=1 ${origin} ${ref}`;
  } else if (!remote) {
    const branch = ref.replace(/^refs\/heads\//, '');
    fetch = `git fetch --no-tags --depth=1 ${origin} +refs/heads/${branch}:refs/remotes/${origin}/${branch}`;
    then = `\nthen name it ${origin}/${branch}`;
  }
  const known = remotes.length > 0 ? `remotes here: ${remotes.join(', ')}` : 'this repository has no remotes';
  if (!fetch) throw new GitError(`git ref "${ref}" is not known here: check the name (${known})`);
  throw new GitError(shallow
    ? `git ref "${ref}" is not known here: this is a shallow clone without it. Fetch it first with\n  ${fetch}${then}\nor clone with full history (actions/checkout: fetch-depth: 0).`
    : `git ref "${ref}" is not known here: check the name, or fetch it first with\n  ${fetch}${then}`);
}

/** Files (paths relative to the top level, forward slashes) at `ref` under `paths` (all when empty). */
export function filesAtRef(ref: string, top: string, paths: string[] = []): string[] {
  return git(['ls-tree', '-r', '-z', '--name-only', ref, '--', ...paths], top).split('\0').filter(Boolean);
}

/** A file's bytes at `ref`, as text (the path relative to the top level); no filters or textconv run. */
export function fileAtRef(ref: string, top: string, file: string): string {
  return git(['cat-file', 'blob', `${ref}:${file}`], top);
}
