import type { LocationTree, NodeLocation } from '../model/source-map.js';
import type { LineIndex } from '../text/line-index.js';
import type { PathSegment, Span } from '../types.js';
import { LIMITS } from './limits.js';
import type { YamlNode, YamlPairNode } from './yaml-nodes.js';

/**
 * The locations of a parsed YAML tree, found by walking the tree when asked. A key with an
 * empty value is located at the key; a list item that is a collection by its first line.
 * Keys repeated in one map: the last one counts. Nothing deeper than the depth limit.
 */
export class YamlLocations implements LocationTree {
  constructor(
    private readonly tree: YamlNode,
    private readonly lines: LineIndex,
    /** Where the parsed text starts in the file. */
    private readonly offset: number,
    /** The key the tree is the value of, when it is mounted under one. */
    private readonly rootKey: Span | undefined,
  ) {}

  find(path: readonly PathSegment[], from: number): NodeLocation | undefined {
    let node = this.tree;
    // The pair whose value `node` is (its key is the location's key); spans are made only for the answer.
    let pair: YamlPairNode | undefined;
    let inList = false;
    for (let i = from; i < path.length; i++) {
      const depth = i - from + 1;
      if (node.kind === 'map') {
        const found = lastPair(node.pairs, String(path[i]));
        if (!found) return undefined;
        if (isEmpty(found.value)) {
          if (i !== path.length - 1) return undefined;
          const keySpan = this.span(found.keyStart, found.keyEnd);
          return { shape: 'scalar', key: keySpan, value: keySpan };
        }
        node = found.value;
        pair = found;
        inList = false;
      } else if (node.kind === 'seq') {
        const item = node.items[indexOf(path[i])];
        if (!item) return undefined;
        node = item;
        pair = undefined;
        inList = true;
      } else {
        return undefined;
      }
      if (depth > LIMITS.maxDepth) return undefined;
    }
    const key = pair ? this.span(pair.keyStart, pair.keyEnd) : path.length === from ? this.rootKey : undefined;
    return this.locationOf(node, key, inList);
  }

  each(visit: (path: PathSegment[], location: NodeLocation) => void): void {
    const walk = (node: YamlNode, path: PathSegment[], key: Span | undefined, inList: boolean, depth: number): void => {
      if (depth > LIMITS.maxDepth) return;
      visit(path, this.locationOf(node, key, inList));
      if (node.kind === 'map') {
        for (const pair of node.pairs) {
          if (pair.key === undefined) continue;
          const keySpan = this.span(pair.keyStart, pair.keyEnd);
          if (isEmpty(pair.value)) visit([...path, pair.key], { shape: 'scalar', key: keySpan, value: keySpan });
          else walk(pair.value, [...path, pair.key], keySpan, false, depth + 1);
        }
      } else if (node.kind === 'seq') {
        node.items.forEach((item, i) => item && walk(item, [...path, i], undefined, true, depth + 1));
      }
    };
    walk(this.tree, [], this.rootKey, false, 0);
  }

  private locationOf(node: YamlNode, key: Span | undefined, inList: boolean): NodeLocation {
    const value = this.span(node.start, node.end);
    if (node.kind === 'scalar') return { shape: 'scalar', key, value };
    return inList ? { shape: 'item', value, head: this.headOf(value) } : { shape: 'block', key, value };
  }

  private span(start: number, end: number): Span {
    return { start: this.offset + start, end: this.offset + end };
  }

  /** An item's first line. */
  private headOf(s: Span): Span {
    const end = this.lines.lineEnd(this.lines.lineOf(s.start));
    return { start: s.start, end: Math.max(s.start, Math.min(end, s.end)) };
  }
}

function isEmpty(value: YamlNode | undefined): value is undefined {
  return !value || (value.kind === 'scalar' && value.start === value.end);
}

function lastPair(pairs: readonly YamlPairNode[], key: string): YamlPairNode | undefined {
  for (let i = pairs.length - 1; i >= 0; i--) if (pairs[i].key === key) return pairs[i];
  return undefined;
}

/** A list index as the path spells it (`2` or `'2'`); anything else finds no item. */
function indexOf(segment: PathSegment): number {
  if (typeof segment === 'number') return segment;
  return /^(?:0|[1-9]\d*)$/.test(segment) ? Number(segment) : -1;
}
