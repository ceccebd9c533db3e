import fs from 'node:fs';
import { createRequire } from 'node:module';
import { lazyModule, LIMITS, type EntryKind, type Host, type PatternVerdict } from '../core/index.js';
import { checkPattern } from './pattern-checker.js';

// The glob walker (and picomatch with it) loads when a folder is searched: checking named files needs neither.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require that esbuild inlines into the bundles (see lazyModule)
const tinyglobby = lazyModule<typeof import('tinyglobby')>('tinyglobby', import.meta.url, () => require('tinyglobby'));

/** How generated modules load: with require, unless the process's entry point gave a loader (`useModuleLoader`). */
let loadModule = (file: string): unknown => createRequire(import.meta.url)(file);

/**
 * Generated modules (the schema validators) load with `load` from now on, once per file: the
 * command line's loads them as it loads its bundle, from a V8 code cache beside each
 * (bin/bundle-loader.js), instead of compiling their code again on every run.
 */
export function useModuleLoader(load: (file: string) => unknown): void {
  const loaded = new Map<string, unknown>();
  loadModule = (file) => {
    if (!loaded.has(file)) loaded.set(file, load(file));
    return loaded.get(file);
  };
}

/** The engine's view of the disk, for the CLI and as the language server's fallback. */
export class NodeHost implements Host {
  /**
   * Reads a regular file as UTF-8 (bytes that are not UTF-8 become U+FFFD, which the parser
   * reports), at most LIMITS.maxReadBytes of it: enough for the parser to refuse a file over
   * the size limit without a huge file filling memory. FIFOs and devices are not read: the
   * file is opened without waiting (a named pipe with no writer would block the open) and
   * checked to be a regular file before a byte is read.
   */
  readFile(file: string): string | undefined {
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) return undefined;
      const buffer = Buffer.alloc(Math.min(stat.size, LIMITS.maxReadBytes));
      let length = 0;
      for (let n = -1; n !== 0 && length < buffer.length; length += n) n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      const text = buffer.toString('utf8', 0, length);
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  isFile(file: string): boolean {
    try {
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  }

  isDirectory(dir: string): boolean {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  }

  entryKind(file: string): EntryKind | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      // Not there, unless it is a link to nothing (or a loop of links).
      try {
        return fs.lstatSync(file).isSymbolicLink() ? 'broken symbolic link' : undefined;
      } catch {
        return undefined;
      }
    }
    if (stat.isFile()) return 'file';
    if (stat.isDirectory()) return 'folder';
    if (stat.isFIFO()) return 'named pipe';
    if (stat.isSocket()) return 'socket';
    return 'device';
  }

  realPath(file: string): string | undefined {
    try {
      return fs.realpathSync(file);
    } catch {
      return undefined;
    }
  }

  listDir(dir: string): string[] | undefined {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  }

  checkPattern(source: string, flags: string): PatternVerdict {
    return checkPattern(source, flags);
  }

  /** Generated modules are self-contained CommonJS: require works from the ESM build and from the bundles alike. */
  loadGenerated(file: string): unknown {
    return loadModule(file);
  }

  glob(patterns: string[], options: { cwd: string; ignore: string[] }): string[] {
    // Symbolic links are not followed, so a link loop in the workspace cannot trap the walk.
    return tinyglobby().globSync(patterns, {
      cwd: options.cwd,
      ignore: options.ignore,
      absolute: true,
      dot: true,
      onlyFiles: true,
      followSymbolicLinks: false,
      expandDirectories: false,
    });
  }
}
