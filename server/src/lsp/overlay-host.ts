import type { Host } from '../core/index.js';

/** The disk, except that open editor buffers win: unsaved text is what gets linted. */
export class OverlayHost implements Host {
  private readonly buffers = new Map<string, string>();

  constructor(private readonly disk: Host) {}

  setBuffer(file: string, text: string): void {
    this.buffers.set(file, text);
  }

  closeBuffer(file: string): void {
    this.buffers.delete(file);
  }

  /** Files open in the editor. */
  bufferedFiles(): string[] {
    return [...this.buffers.keys()];
  }

  buffer(file: string): string | undefined {
    return this.buffers.get(file);
  }

  readFile(file: string): string | undefined {
    return this.buffers.get(file) ?? this.disk.readFile(file);
  }

  isFile(file: string): boolean {
    return this.buffers.has(file) || this.disk.isFile(file);
  }

  isDirectory(dir: string): boolean {
    return this.disk.isDirectory(dir);
  }

  realPath(file: string): string | undefined {
    return this.disk.realPath?.(file);
  }

  listDir(dir: string): string[] | undefined {
    return this.disk.listDir(dir);
  }

  glob(patterns: string[], options: { cwd: string; ignore: string[] }): string[] {
    return this.disk.glob(patterns, options);
  }
}
