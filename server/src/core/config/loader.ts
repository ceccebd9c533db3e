import path from 'node:path';
import type { Host } from '../host.js';
import { entryKindOf } from '../overlay-host.js';
import type { SchemaRegistry } from '../schema/validator.js';
import { LIMITS } from '../parse/limits.js';
import { ConfigError, type ConfigProblem } from '../types.js';
import { CONFIG_NAMES, PRESETS, type ConfigData, type Preset, type ResolvedConfig } from './model.js';
import { loadYamlFile, problemAtPath, schemaProblems, type LocatedYaml } from './yaml-file.js';

/**
 * Finds and merges `.standpoint.yaml` files: nearest wins, merged over parents until
 * one says `root: true`. Results are cached per folder; `invalidate` drops the cache
 * when a config file changes (the language server does this).
 */
export class ConfigLoader {
  private readonly byDir = new Map<string, ResolvedConfig>();
  private readonly files = new Map<string, LocatedYaml>();

  constructor(
    private readonly host: Host,
    private readonly schemas: SchemaRegistry,
    /** `--config FILE`: use this file alone, no discovery; `false`: no config at all. */
    private readonly explicit?: string | false,
  ) {}

  invalidate(): void {
    this.byDir.clear();
    this.files.clear();
  }

  /** The merged configuration that applies to files in `dir`. */
  forDirectory(dir: string): ResolvedConfig {
    const hit = this.byDir.get(dir);
    if (hit) return hit;
    const chain = this.explicit === false ? [] : this.explicit ? [this.checkedExplicit(this.explicit)] : this.discover(dir);
    const resolved = this.resolve(chain, dir);
    this.byDir.set(dir, resolved);
    return resolved;
  }

  /** Config files from `dir` upwards, outermost first, stopping at `root: true`. */
  private discover(dir: string): string[] {
    const found: string[] = [];
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
      const name = CONFIG_NAMES.map((n) => path.join(d, n)).find((f) => this.discovered(f, d));
      if (name) {
        found.unshift(name);
        if ((this.read(name).data as ConfigData).root === true) break;
      }
      if (path.dirname(d) === d) break;
    }
    return found;
  }

  /**
   * Is there a config file here? One that is not a regular file (a named pipe, a folder, a
   * broken link) is an error, not skipped; one that is a symbolic link must stay in its own
   * folder, so that a link to a file elsewhere (`~/.ssh/config`) is refused before it is read.
   */
  private discovered(file: string, dir: string): boolean {
    const kind = entryKindOf(this.host, file);
    if (kind === undefined) return false;
    if (kind !== 'file') throw new ConfigError([atStart(file, `${path.basename(file)} is a ${kind}, not a configuration file: remove it or replace it with a file`)]);
    const real = this.host.realPath?.(file);
    const realDir = this.host.realPath?.(dir);
    if (real && realDir && outside(realDir, real)) {
      throw new ConfigError([
        atStart(
          file,
          `${path.basename(file)} is a symbolic link to a file outside its folder, so it is not read: put the configuration in ${dir}, or share one with extends`,
        ),
      ]);
    }
    return true;
  }

  /** The config file named by `--config` (or the editor's setting), which must be a regular file. */
  private checkedExplicit(file: string): string {
    const kind = entryKindOf(this.host, file);
    if (kind !== undefined && kind !== 'file') throw new ConfigError([atStart(file, `${path.basename(file)} is a ${kind}, not a configuration file`)]);
    return file;
  }

  private read(file: string): LocatedYaml {
    let src = this.files.get(file);
    if (!src) {
      src = loadYamlFile(this.host, file, 'configuration');
      const problems = this.schemas.validate('config.schema.json', src.data);
      if (problems.length > 0) throw new ConfigError(schemaProblems(src, problems, 'configuration'));
      this.files.set(file, src);
    }
    return src;
  }

  private resolve(chain: string[], dir: string): ResolvedConfig {
    const root = chain.length > 0 ? path.dirname(chain[0]) : path.resolve(dir);
    const resolved: ResolvedConfig = { files: [], root, preset: 'recommended', ignore: [], placeholders: [], ruleDirs: [], layers: [], registryRefs: {} };
    for (const file of chain) this.apply(file, resolved, new Set());
    return resolved;
  }

  private apply(file: string, out: ResolvedConfig, visiting: Set<string>): void {
    if (visiting.has(file)) {
      throw new ConfigError([atStart(file, 'configuration extends itself (a cycle of extends)')]);
    }
    visiting.add(file);
    const src = this.read(file);
    const data = src.data as ConfigData;
    const base = path.dirname(file);
    const inside = (rel: string, at: Array<string | number>) => this.inside(src, out.root, base, rel, at);

    const parents = data.extends === undefined ? [] : Array.isArray(data.extends) ? data.extends : [data.extends];
    parents.forEach((entry, i) => {
      const at = Array.isArray(data.extends) ? ['extends', i] : ['extends'];
      if ((PRESETS as readonly string[]).includes(entry)) {
        if (entry === 'strict' || out.preset !== 'strict') out.preset = entry as Preset;
      } else if (/^[./]/.test(entry) || /\.ya?ml$/.test(entry)) {
        const target = inside(entry, at);
        const kind = entryKindOf(this.host, target);
        if (kind !== 'file') throw new ConfigError([problemAtPath(src, at, `extends "${entry}": ${kind ? `is a ${kind}, not a configuration file` : 'no such file'}`)]);
        if (visiting.size >= LIMITS.maxExtendsDepth) {
          throw new ConfigError([
            problemAtPath(src, at, `extends "${entry}": more than ${LIMITS.maxExtendsDepth} configuration files extend one another; shorten the chain`),
          ]);
        }
        this.apply(target, out, visiting);
      } else {
        throw new ConfigError([problemAtPath(src, at, `extends "${entry}": expected recommended, strict or a relative path to a config file`)]);
      }
    });

    out.files.push(file);
    checkGlobs(src, data);
    if (data.files) out.records = { base, patterns: data.files };
    if (data.ignore) out.ignore.push({ base, patterns: data.ignore });
    for (const which of ['people', 'promises'] as const) {
      const written = data[which];
      if (!written) continue;
      out[which] = inside(written, [which]);
      out.registryRefs[which] = { written, at: { file, ...src.lines.range(src.map.locate([which]).span) } };
    }
    if (data.placeholders) out.placeholders.push(...data.placeholders);
    data.rule_dirs?.forEach((d, i) => {
      const target = inside(d, ['rule_dirs', i]);
      if (!this.host.isDirectory(target)) throw new ConfigError([problemAtPath(src, ['rule_dirs', i], `rule_dirs "${d}": no such folder`)]);
      out.ruleDirs.push(target);
    });
    if (data.rules) out.layers.push({ rules: data.rules, src, at: ['rules'] });
    data.overrides?.forEach((o, i) => out.layers.push({ rules: o.rules, src, at: ['overrides', i, 'rules'], base, globs: o.files }));
    visiting.delete(file);
  }

  /**
   * Resolves a path written in a config file, refusing any that leaves the workspace root,
   * whether by its text (`../../etc/passwd`) or through a symbolic link inside the workspace.
   */
  private inside(src: LocatedYaml, root: string, base: string, rel: string, at: Array<string | number>): string {
    const target = path.resolve(base, rel);
    if (outside(root, target)) {
      throw new ConfigError([problemAtPath(src, at, `"${rel}" points outside the workspace root ${root}; paths in configuration must stay inside it`)]);
    }
    const realTarget = this.host.realPath?.(target);
    const realRoot = this.host.realPath?.(root);
    if (realTarget && realRoot && outside(realRoot, realTarget)) {
      throw new ConfigError([
        problemAtPath(src, at, `"${rel}" is a symbolic link to ${realTarget}, outside the workspace root ${root}; paths in configuration must stay inside it`),
      ]);
    }
    return target;
  }
}

/** Is `target` outside the folder `root`? */
function outside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative.startsWith('..') || path.isAbsolute(relative);
}

/** A problem about a whole file, at its start. */
function atStart(file: string, message: string): ConfigProblem {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, message };
}

/** Most `*` wildcards in one path segment of a glob: each more multiplies the work of matching a long name. */
const MAX_STARS_PER_SEGMENT = 3;

/**
 * Globs are matched as regular expressions that backtrack, so a segment like `*a*a*a*a*b`
 * can take seconds on one long file name: it is refused at load, as are extglobs, and globs
 * that leave the config's folder (absolute, or through `..`), which would otherwise silently
 * match nothing or crawl the whole disk.
 */
function checkGlobs(src: LocatedYaml, data: ConfigData): void {
  const lists: Array<[Array<string | number>, readonly string[] | undefined]> = [
    [['files'], data.files],
    [['ignore'], data.ignore],
    ...(data.overrides ?? []).map((o, i): [Array<string | number>, readonly string[]] => [['overrides', i, 'files'], o.files]),
  ];
  const problems: ConfigProblem[] = [];
  for (const [at, globs] of lists) {
    globs?.forEach((glob, i) => {
      const why = globProblem(glob);
      if (why) problems.push(problemAtPath(src, [...at, i], `${at.join('.').replace(/\.(\d+)\./, '[$1].')}: "${glob}" ${why}`));
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

function globProblem(glob: string): string | undefined {
  const segments = glob.replace(/^!/, '').split('/');
  if (glob.replace(/^!/, '').startsWith('/') || /^[A-Za-z]:/.test(glob)) return 'is absolute: globs are relative to the folder of this file';
  if (segments.includes('..')) return 'leaves the folder of this file (..): globs are relative to it';
  if (/[@+*?!]\(/.test(glob)) return 'uses an extglob pattern ( @(..), +(..), *(..), ?(..), !(..) ), which is not supported: list the alternatives with {a,b}';
  const stars = Math.max(...segments.map((s) => (s === '**' ? 0 : (s.match(/\*/g) ?? []).length)));
  if (stars > MAX_STARS_PER_SEGMENT)
    return `has ${stars} * wildcards in one path segment (at most ${MAX_STARS_PER_SEGMENT}): such a glob can take very long to match a long file name`;
  return undefined;
}
