import { isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import type { LineIndex } from '../text/line-index.js';
import type { PathSegment, Span } from '../types.js';
import type { SourceMap } from '../model/source-map.js';
import type { SyntaxProblem } from '../model/document.js';
import { readBlockYaml } from './block-yaml.js';
import { LIMITS } from './limits.js';
import { yamlBeyond } from './nesting-guard.js';
import { YamlLocations } from './yaml-locations.js';
import { nodesOfDocument, type YamlNode } from './yaml-nodes.js';

export interface YamlRead {
  data: unknown;
  /** The document's nodes; present (possibly partial) whenever the text could be parsed at all. */
  tree: YamlNode | undefined;
  problems: SyntaxProblem[];
}

/**
 * Parses YAML text (a whole file or a front-matter block starting at `offset` of the
 * file) and converts it to plain data. Errors become located problems, never exceptions.
 * Block-style YAML is read directly; everything else goes through the general parser.
 */
export function readYaml(source: string, offset = 0): YamlRead {
  // Refused before parsing: the parser would recurse once per level and could run out of stack,
  // and takes minutes over hundreds of thousands of entries. Flow maps are YAML that needs the
  // parser in general, so a document with one is held to the same limits wherever it is read.
  const simple = readBlockYaml(source);
  const excess = simple && !simple.flowMaps ? undefined : yamlBeyond(source, { maxDepth: LIMITS.maxDepth + 1, maxEntries: LIMITS.maxYamlEntries });
  if (simple && !excess) return { data: simple.data, tree: simple.tree, problems: [] };
  if (excess) {
    const span = { start: offset + excess.at, end: offset + excess.at + 1 };
    return { data: undefined, tree: undefined, problems: [{ span, message: excess.what === 'depth' ? tooDeep(`more than ${LIMITS.maxDepth}`) : tooManyEntries() }] };
  }
  let doc: Document.Parsed;
  try {
    // No line counter: spans are offsets, and LineIndex turns them into lines once per document.
    // The parser's own duplicate-key check compares each key with every earlier one (minutes for
    // a 20,000-key map): duplicates are found below in one pass instead.
    doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false });
  } catch (err) {
    return { data: undefined, tree: undefined, problems: [{ span: { start: offset, end: offset }, message: describe(err) }] };
  }
  const tree = nodesOfDocument(doc);
  const errors: Array<{ pos: [number, number]; message: string }> = [...doc.errors, ...duplicateKeys(doc)].sort((a, b) => a.pos[0] - b.pos[0]);
  if (errors.length > 0) {
    // The parser may place an error just past the end of the text; keep spans inside it.
    const clamp = (n: number) => offset + Math.max(0, Math.min(n, source.length));
    const problems = errors.map((e) => ({
      span: { start: clamp(e.pos[0]), end: clamp(Math.max(e.pos[0], e.pos[1])) },
      message: /call stack/i.test(e.message) ? tooDeep('too many') : firstLine(e.message),
    }));
    return { data: undefined, tree, problems };
  }
  try {
    const depth = nestingDepth(doc.contents);
    if (depth > LIMITS.maxDepth) {
      return { data: undefined, tree, problems: [{ span: { start: offset, end: offset }, message: tooDeep(String(depth)) }] };
    }
    const cycle = aliasInsideItsAnchor(doc);
    if (cycle) {
      return {
        data: undefined,
        tree,
        problems: [{ span: { start: offset + cycle[0], end: offset + cycle[1] }, message: 'this alias stands for a node that contains it: the data would never end' }],
      };
    }
    return { data: doc.toJS({ maxAliasCount: LIMITS.maxAliasCount }), tree, problems: [] };
  } catch (err) {
    // An alias problem points at the first alias rather than at the start of the document.
    const alias = /alias/i.test(err instanceof Error ? err.message : '') ? firstAlias(doc) : undefined;
    const at = alias ? { start: offset + alias[0], end: offset + alias[1] } : { start: offset, end: offset };
    return { data: undefined, tree, problems: [{ span: at, message: describe(err) }] };
  }
}

/** Records where every node of a parsed YAML document came from (located when asked). */
export function mapYamlTree(tree: YamlNode, map: SourceMap, lines: LineIndex, offset = 0, prefix: PathSegment[] = [], rootKey?: Span): void {
  map.mount(prefix, new YamlLocations(tree, lines, offset, rootKey));
}

/** Span of a top-level key in a parsed document, if present. */
export function topLevelKeySpan(tree: YamlNode | undefined, name: string, offset = 0): Span | undefined {
  if (tree?.kind !== 'map') return undefined;
  const pair = tree.pairs.find((p) => p.key === name);
  return pair ? { start: offset + pair.keyStart, end: offset + pair.keyEnd } : undefined;
}

function nestingDepth(root: unknown): number {
  // Iterative, so a pathological document cannot overflow the stack here.
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (depth > LIMITS.maxDepth) break;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push([isPair(item) ? item.value : item, depth + 1]);
    }
  }
  return max;
}

/**
 * An alias used inside the node its anchor names (`x: &a [*a]`) makes the data a cycle,
 * which every later walk would follow for ever. Anchors must come before their aliases,
 * so every cycle has such an alias.
 */
function aliasInsideItsAnchor(doc: Document.Parsed): [number, number] | undefined {
  let range: [number, number] | undefined;
  visit(doc, {
    Alias(_, node, path) {
      const target = node.resolve(doc);
      if (target === undefined || !path.includes(target)) return undefined;
      range = node.range ? [node.range[0], node.range[1]] : [0, 0];
      return visit.BREAK;
    },
  });
  return range;
}

/**
 * Keys that repeat an earlier key of the same map, where the parser would report them (with
 * its message): scalar keys equal in value. One pass with a set per map.
 */
function duplicateKeys(doc: Document.Parsed): Array<{ pos: [number, number]; message: string }> {
  const out: Array<{ pos: [number, number]; message: string }> = [];
  visit(doc, {
    Map(_, map) {
      if (map.items.length < 2) return;
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        // Equal as the parser compares them (===): NaN equals nothing, not even itself.
        if (!isScalar(key) || Number.isNaN(key.value)) continue;
        if (!seen.has(key.value)) seen.add(key.value);
        else if (key.range) out.push({ pos: [key.range[0], key.range[0] + 1], message: 'Map keys must be unique' });
      }
    },
  });
  return out;
}

function tooDeep(levels: string): string {
  return `nesting is ${levels} levels deep; the limit is ${LIMITS.maxDepth} levels`;
}

function tooManyEntries(): string {
  const limit = LIMITS.maxYamlEntries.toLocaleString('en-US');
  return `more than ${limit} entries (keys and list items): the limit for YAML written with flow collections ({…}, […]), anchors or tags is ${limit}; write it in block style or split it`;
}

function firstAlias(doc: Document.Parsed): [number, number] | undefined {
  let range: [number, number] | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) range = [node.range[0], node.range[1]];
      return visit.BREAK;
    },
  });
  return range;
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  if (/alias/i.test(text)) return `aliases expand to too much data: the limit is ${LIMITS.maxAliasCount} alias resolutions (${firstLine(text)})`;
  if (err instanceof RangeError) return tooDeep('too many');
  return firstLine(text);
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
