import { BlockReader } from './block-yaml-reader.js';
import { NOT_SIMPLE } from './block-yaml-syntax.js';
import type { YamlNode } from './yaml-nodes.js';

/**
 * A direct reader for the YAML that records are written in: block maps and lists, one-line
 * plain and quoted scalars, one-line flow lists and maps of scalars, and `|`/`>` block scalars
 * (and a document that is a one-line scalar or flow list on its own). It
 * builds the plain data and the node ranges in one pass over the characters, several times
 * quicker than the general parser, and gives up (returns undefined) on anything else —
 * anchors, tags, nested flow collections, multi-line plain or quoted scalars, escapes, comments where they
 * would change a node's range, tabs, CR line ends, document markers, and every error — so
 * the caller reads those with the general parser. Where it does answer, data and ranges
 * equal the general parser's (core schema), which the tests check on generated documents.
 */
export function readBlockYaml(text: string): { data: unknown; tree: YamlNode; flowMaps: boolean } | undefined {
  if (text.indexOf('\t') !== -1 || text.indexOf('\r') !== -1 || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new BlockReader(text).document();
  } catch (err) {
    if (err === NOT_SIMPLE) return undefined;
    throw err;
  }
}
