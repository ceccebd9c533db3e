import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_NAMES, type Host } from '../core/index.js';
import { fileAtRef, filesAtRef, gitTopLevel, verifyRef } from './git.js';

/** A rule set at a ref as plain data, so a worker thread can read through the same copies. */
export interface RuleSetParts {
  ref: string;
  top: string;
  dir: string;
  files: string[];
  ruleDirs: string[];
}

/** The rule set each host made by `RuleSetAtRef.host` reads through. */
const hostsAtRef = new WeakMap<Host, RuleSetParts>();

/** The rule set at a ref a host reads configuration and rules from, if it is such a host. */
export function ruleSetOfHost(host: Host): RuleSetParts | undefined {
  return hostsAtRef.get(host);
}

/**
 * A team's rule set as it was at a git ref: every `.standpoint.yaml`, the config files they
 * extend and the files under their `rule_dirs`, copied out of git (`git ls-tree` and
 * `git show`: nothing is checked out and nothing is run) into a temporary folder.
 */
export class RuleSetAtRef {
  private constructor(
    readonly ref: string,
    /** The repository's top level. */
    readonly top: string,
    /** The temporary folder holding the copies, laid out like the repository. */
    readonly dir: string,
    /** Copied files, relative to top (forward slashes). */
    readonly files: ReadonlySet<string>,
    /** `rule_dirs` named at the ref, relative to top: their whole subtree comes from the ref. */
    readonly ruleDirs: readonly string[],
  ) {}

  static materialise(ref: string, cwd: string): RuleSetAtRef {
    const top = gitTopLevel(cwd);
    verifyRef(ref, top);
    const all = new Set(filesAtRef(ref, top));
    const wanted = new Set<string>();
    const ruleDirs = new Set<string>();
    const queue = [...all].filter((f) => (CONFIG_NAMES as readonly string[]).includes(path.posix.basename(f)));
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (wanted.has(file)) continue;
      wanted.add(file);
      const data = safeYaml(fileAtRef(ref, top, file));
      const base = path.posix.dirname(file);
      const parents = data.extends === undefined ? [] : Array.isArray(data.extends) ? data.extends : [data.extends];
      for (const entry of parents) {
        if (typeof entry !== 'string' || !(/^[./]/.test(entry) || /\.ya?ml$/.test(entry))) continue;
        const target = path.posix.normalize(path.posix.join(base, entry));
        if (all.has(target)) queue.push(target);
      }
      for (const d of Array.isArray(data.rule_dirs) ? data.rule_dirs : []) {
        if (typeof d !== 'string') continue;
        const target = path.posix.normalize(path.posix.join(base, d)).replace(/\/$/, '');
        if (target.startsWith('..')) continue;
        ruleDirs.add(target);
        for (const f of all) if (f.startsWith(`${target}/`)) wanted.add(f);
      }
    }
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-rules-at-ref-')));
    try {
      for (const file of wanted) {
        const target = path.join(dir, ...file.split('/'));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, fileAtRef(ref, top, file));
      }
      for (const d of ruleDirs) fs.mkdirSync(path.join(dir, ...d.split('/')), { recursive: true });
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    return new RuleSetAtRef(ref, top, dir, wanted, [...ruleDirs]);
  }

  /** The same copies, for another thread (which must not dispose of them). */
  static fromParts(parts: RuleSetParts): RuleSetAtRef {
    return new RuleSetAtRef(parts.ref, parts.top, parts.dir, new Set(parts.files), parts.ruleDirs);
  }

  parts(): RuleSetParts {
    return { ref: this.ref, top: this.top, dir: this.dir, files: [...this.files], ruleDirs: [...this.ruleDirs] };
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * A host that reads configuration and rule files from the ref and everything else
   * (records, registries, built-in rules and schemas) from `work`.
   */
  host(work: Host): Host {
    const map = (p: string): string => {
      const rel = path.relative(this.top, p);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return p;
      const posix = rel.split(path.sep).join('/');
      const fromRef =
        this.files.has(posix) || this.ruleDirs.some((d) => posix === d || posix.startsWith(`${d}/`)) || (CONFIG_NAMES as readonly string[]).includes(path.basename(p));
      return fromRef ? path.join(this.dir, rel) : p;
    };
    const host: Host = {
      readFile: (p) => work.readFile(map(p)),
      isFile: (p) => work.isFile(map(p)),
      isDirectory: (p) => work.isDirectory(map(p)),
      ...(work.entryKind ? { entryKind: (p: string) => work.entryKind!(map(p)) } : {}),
      listDir: (p) => {
        const mapped = map(p);
        if (mapped !== p) return work.listDir(mapped);
        // A folder of the working tree: config files that did not exist at the ref are not there.
        const names = work.listDir(p);
        return names?.filter((n) => !(CONFIG_NAMES as readonly string[]).includes(n) || work.isFile(map(path.join(p, n))));
      },
      glob: (patterns, options) => work.glob(patterns, options),
      ...(work.loadGenerated ? { loadGenerated: (file: string) => work.loadGenerated!(file) } : {}),
      ...(work.checkPattern ? { checkPattern: (source: string, flags: string) => work.checkPattern!(source, flags) } : {}),
    };
    hostsAtRef.set(host, this.parts());
    return host;
  }
}

function safeYaml(text: string): { extends?: unknown; rule_dirs?: unknown } {
  try {
    const data = parse(text) as unknown;
    return typeof data === 'object' && data !== null ? data : {};
  } catch {
    return {};
  }
}
