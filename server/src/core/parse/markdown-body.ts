import type { Root } from 'mdast';
import { lazyModule } from '../lazy-module.js';
import { readMarkdownDirect } from './markdown-direct.js';

/**
 * How a Markdown record's body (after its front matter) becomes the syntax tree the record
 * mapping reads (`markdown-record.ts`): the direct reader, which builds remark's tree for the
 * Markdown records are written in, and remark-parse, the reference, for every body the direct
 * reader leaves (or for all of them, when `remark` is chosen). The boundary between reading
 * and mapping is that tree: an mdast `Root` with remark's positions, whichever reader made it.
 */
export type MarkdownReader = 'direct' | 'remark';

let chosen: MarkdownReader = 'direct';

/** Chooses the reader for every body read from now on (hosts: `STANDPOINT_MARKDOWN=remark`). */
export function useMarkdownReader(reader: MarkdownReader): void {
  chosen = reader;
}

// remark (unified, micromark: ~60 modules) loads only when a body needs it.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a literal require that esbuild inlines into the bundles (see lazyModule)
const remark = lazyModule<typeof import('./markdown-remark.js')>('./markdown-remark.js', import.meta.url, () => require('./markdown-remark.js'));

/** The mdast tree of a Markdown body, offsets relative to `body`. */
export function readMarkdownBody(body: string): Root {
  return (chosen === 'direct' ? readMarkdownDirect(body) : undefined) ?? remark().parseWithRemark(body);
}
