import fs from 'node:fs';
import { globSync } from 'tinyglobby';
import type { Host } from '../core/host.js';

/** The engine's view of the disk, for the CLI and as the language server's fallback. */
export class NodeHost implements Host {
  readFile(file: string): string | undefined {
    try {
      const text = fs.readFileSync(file, 'utf8');
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    } catch {
      return undefined;
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

  listDir(dir: string): string[] | undefined {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  }

  glob(patterns: string[], options: { cwd: string; ignore: string[] }): string[] {
    // Symbolic links are not followed, so a link loop in the workspace cannot trap the walk.
    return globSync(patterns, {
      cwd: options.cwd, ignore: options.ignore, absolute: true, dot: true, onlyFiles: true, followSymbolicLinks: false,
      expandDirectories: false,
    });
  }
}
