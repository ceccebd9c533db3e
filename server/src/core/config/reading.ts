import path from 'node:path';
import picomatch from 'picomatch';
import type { ReadingOptions } from '../model/document.js';
import type { ReadingLayer, ResolvedConfig } from './model.js';

const matchers = new WeakMap<ReadingLayer, (file: string) => boolean>();

function applies(layer: ReadingLayer, file: string): boolean {
  if (!layer.globs) return true;
  let fn = matchers.get(layer);
  if (!fn) {
    const isMatch = picomatch(layer.globs, { dot: true });
    const base = layer.base!;
    fn = (f: string) => isMatch(path.relative(base, f).split(path.sep).join('/'));
    matchers.set(layer, fn);
  }
  return fn(file);
}

/** How `file` is read under its configuration: the `markdown:` settings that apply to it, the later winning. */
export function readingOptionsFor(config: ResolvedConfig, file: string): ReadingOptions {
  let headerFields: boolean | undefined;
  for (const layer of config.reading) {
    if (layer.markdown.header_fields !== undefined && applies(layer, file)) headerFields = layer.markdown.header_fields;
  }
  return headerFields === undefined ? {} : { headerFields };
}
