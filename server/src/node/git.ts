import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';

/** Thrown when git cannot answer; the CLI turns it into exit code 2. */
export class GitError extends Error {}

/**
 * Settings that make git run commands of the repository's choosing while it only reads:
 * a file-system monitor, hooks, an external diff or text conversion, a pager. The workspace
 * is not trusted to run code, so every call turns them off.
 */
const NEUTRAL_CONFIG = [
  '-c',
  'core.fsmonitor=false',
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.pager=cat',
  '-c',
  'diff.external=',
  '-c',
  'core.untrackedCache=false',
];

/** The environment of every git call: no optional locks on the user's index, no prompts. */
const GIT_ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' };

/** The arguments of a git call with the neutral settings, and no external diff or text conversion for a diff. */
function gitArgs(args: string[], config: string[] = []): string[] {
  const neutral = [...NEUTRAL_CONFIG, ...config];
  return args[0] === 'diff' ? [...neutral, 'diff', '--no-ext-diff', '--no-textconv', ...args.slice(1)] : [...neutral, ...args];
}

/**
 * Comparing the working tree with a ref can run the clean filters the repository configures
 * (to hash files whose timestamps changed): each configured filter is switched off for the call.
 */
async function neutralFilters(top: string): Promise<string[]> {
  // git config exits 1 when nothing matches: no filters configured.
  const listed = await gitAsync(['config', '--name-only', '--get-regexp', '^filter\\.'], top).catch(() => '');
  const drivers = new Set(
    listed
      .split('\n')
      .map((k) => /^filter\.(.+)\.[^.]+$/.exec(k.trim())?.[1])
      .filter((d): d is string => Boolean(d)),
  );
  return [...drivers].flatMap((d) => ['-c', `filter.${d}.clean=`, '-c', `filter.${d}.smudge=`, '-c', `filter.${d}.process=`, '-c', `filter.${d}.required=false`]);
}

function git(args: string[], cwd: string): string {
  return gitBytes(args, cwd).toString('utf8');
}

/** `git` with its output as bytes; `input` goes to its stdin (a `cat-file --batch` request). */
function gitBytes(args: string[], cwd: string, options: { input?: string; maxBuffer?: number } = {}): Buffer {
  try {
    return execFileSync('git', gitArgs(args), {
      cwd,
      env: GIT_ENV,
      input: options.input ?? '',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
    });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString('utf8').trim();
    throw new GitError(stderr || (err as Error).message);
  }
}

/** `git` without blocking: the listings of `changedSince` run side by side, and beside the linting. */
function gitAsync(args: string[], cwd: string, config: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', gitArgs(args, config), { cwd, env: GIT_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new GitError(stderr.trim() || err.message));
      else resolve(stdout);
    });
  });
}

export function gitTopLevel(cwd: string): string {
  return git(['rev-parse', '--show-toplevel'], cwd).trim();
}

/**
 * Files added, copied, modified or renamed since `ref` (committed or not), plus untracked
 * files, and the files deleted since `ref`, as absolute paths.
 */
export async function changedSince(ref: string, cwd: string): Promise<{ changed: Set<string>; deleted: Set<string> }> {
  // Asked at once (git finds the repository from any folder in it): a caller busy meanwhile then waits for one answer, not three in turn.
  const asked = [gitAsync(['rev-parse', '--show-toplevel'], cwd), gitAsync(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd), neutralFilters(cwd)] as const;
  for (const answer of asked) answer.catch(() => undefined);
  let top: string;
  try {
    top = (await asked[0]).trim();
  } catch {
    throw new GitError(`--changed-since needs a git repository, and ${cwd} is not in one`);
  }
  // The common case without blocking; verifyRef explains a ref git does not know.
  await asked[1].catch(() => verifyRef(ref, top));
  const filters = await asked[2];
  const list = async (args: string[]) =>
    (await gitAsync(args, top, filters))
      .split('\n')
      .filter(Boolean)
      .map((f) => path.join(top, f));
  const [modified, renamed, untracked, deleted] = await Promise.all([
    list(['diff', '--name-only', '--no-renames', '--diff-filter=ACMR', ref, '--']),
    list(['diff', '--name-only', '-M', '--diff-filter=R', ref, '--']),
    list(['ls-files', '--others', '--exclude-standard']),
    list(['diff', '--name-only', '--no-renames', '--diff-filter=D', ref, '--']),
  ]);
  return { changed: new Set([...modified, ...renamed, ...untracked]), deleted: new Set(deleted) };
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
  throw new GitError(
    shallow
      ? `git ref "${ref}" is not known here: this is a shallow clone without it. Fetch it first with\n  ${fetch}${then}\nor clone with full history (actions/checkout: fetch-depth: 0).`
      : `git ref "${ref}" is not known here: check the name, or fetch it first with\n  ${fetch}${then}`,
  );
}

/** Files (paths relative to the top level, forward slashes) at `ref` under `paths` (all when empty). */
export function filesAtRef(ref: string, top: string, paths: string[] = []): string[] {
  return git(['ls-tree', '-r', '-z', '--name-only', ref, '--', ...paths], top)
    .split('\0')
    .filter(Boolean);
}

/** A file's bytes at `ref`, as text (the path relative to the top level); no filters or textconv run. */
export function fileAtRef(ref: string, top: string, file: string): string {
  return git(['cat-file', 'blob', `${ref}:${file}`], top);
}

/** One regular file of a commit's tree. */
export interface TreeEntry {
  /** Relative to the top level, forward slashes. */
  path: string;
  /** The blob's object id: equal ids, equal bytes, so texts are read once across commits. */
  oid: string;
  size: number;
}

/**
 * The regular files of `ref`'s whole tree, read from the object store (`git ls-tree`):
 * symbolic links and submodules are left out, as nothing outside the objects is followed.
 */
export function treeAtRef(ref: string, top: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const line of git(['ls-tree', '-r', '-z', '-l', '--full-tree', ref], top).split('\0')) {
    // <mode> SP <type> SP <oid> SP+ <size> TAB <path>
    const m = /^(\d+) (\w+) ([0-9a-f]+) +(\d+|-)\t([\s\S]+)$/.exec(line);
    if (!m || m[2] !== 'blob' || (m[1] !== '100644' && m[1] !== '100755')) continue;
    out.push({ path: m[5], oid: m[3], size: Number(m[4]) });
  }
  return out;
}

/** Blobs by object id, in one `git cat-file --batch` (no filters or text conversion run). */
export function readBlobs(top: string, oids: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (oids.length === 0) return out;
  const bytes = gitBytes(['cat-file', '--batch'], top, { input: `${oids.join('\n')}\n`, maxBuffer: Number.MAX_SAFE_INTEGER });
  let at = 0;
  while (at < bytes.length) {
    const eol = bytes.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = bytes.toString('utf8', at, eol).split(' ');
    at = eol + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    out.set(header[0], bytes.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

/** The first `max` bytes of a blob, without holding the rest of a huge one in memory. */
export function readBlobPrefix(top: string, oid: string, max: number): Buffer {
  try {
    return execFileSync('git', gitArgs(['cat-file', 'blob', oid]), { cwd: top, env: GIT_ENV, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: max });
  } catch (err) {
    // Over maxBuffer git is stopped and what was read so far is kept.
    const partial = (err as { stdout?: Buffer }).stdout;
    if (partial && partial.length > 0) return partial.subarray(0, max);
    throw new GitError((err as Error).message);
  }
}

/** A commit on the first-parent line: its id, committer time and date (the committer's calendar day) and subject. */
export interface CommitInfo {
  sha: string;
  /** Committer time, seconds since the epoch. */
  time: number;
  /** The committer's date, YYYY-MM-DD. */
  date: string;
  subject: string;
}

const COMMIT_FORMAT = '--format=%H%x09%ct%x09%cs%x09%s';

function commits(output: string): CommitInfo[] {
  return output
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [sha, time, date, ...subject] = line.split('\t');
      return { sha, time: Number(time), date, subject: subject.join('\t') };
    });
}

/** The commit `ref` names. */
export function commitAt(ref: string, top: string): CommitInfo {
  verifyRef(ref, top);
  return commits(git(['log', '-1', COMMIT_FORMAT, `${ref}^{commit}`, '--'], top))[0];
}

/** The last commit of `ref`'s first-parent line made at or before `time` (seconds), if any. */
export function commitBefore(ref: string, time: number, top: string): CommitInfo | undefined {
  return commits(git(['log', '-1', '--first-parent', `--before=@${time}`, COMMIT_FORMAT, ref, '--'], top))[0];
}

/**
 * Commits of the first-parent line after `since` up to `ref`, oldest first, that touch
 * `pathspecs`: files and folders relative to the top level, matched literally ('' for all).
 */
export function commitsTouching(since: string, ref: string, top: string, pathspecs: readonly string[]): CommitInfo[] {
  const specs = pathspecs.map((p) => (p === '' ? ':(top)' : `:(top,literal)${p}`));
  return commits(git(['log', '--first-parent', '--reverse', COMMIT_FORMAT, `${since}..${ref}`, '--', ...specs], top));
}
