import type { PathSegment, Span } from '../types.js';

/**
 * Where one model node came from. `scalar` nodes are pointed at by their value;
 * `block` nodes (maps, lists, Markdown sections) by their key or heading; `item`
 * nodes (list items that are maps) by their first line.
 */
export interface NodeLocation {
  shape: 'scalar' | 'block' | 'item';
  key?: Span;
  value: Span;
  /** First line of an item. */
  head?: Span;
}

const SEP = '\u001f';

export function pathKey(path: readonly PathSegment[]): string {
  return path.join(SEP);
}

/**
 * Maps model paths to source spans. Both record forms fill one of these, so rules never
 * know whether a value came from YAML, front matter or a Markdown section.
 */
export class SourceMap {
  private readonly nodes = new Map<string, NodeLocation>();

  /** Span of the document as a whole: the `decision:` key, or the best substitute. */
  constructor(public root: Span) {}

  set(path: readonly PathSegment[], location: NodeLocation): void {
    this.nodes.set(pathKey(path), location);
  }

  /** Every recorded node, for features that search by position. */
  entries(): IterableIterator<[string, NodeLocation]> {
    return this.nodes.entries();
  }

  get(path: readonly PathSegment[]): NodeLocation | undefined {
    return this.nodes.get(pathKey(path));
  }

  /**
   * The span a finding about `path` points at: a scalar's value, a block's key, an
   * item's first line; for a path that does not exist, the nearest existing ancestor
   * (the key or heading that should contain it); the root anchor last.
   */
  locate(path: readonly PathSegment[]): { span: Span; path: PathSegment[] } {
    for (let depth = path.length; depth > 0; depth--) {
      const prefix = path.slice(0, depth);
      const loc = this.nodes.get(pathKey(prefix));
      if (loc) return { span: pointOf(loc), path: prefix };
    }
    return { span: this.root, path: [] };
  }
}

function pointOf(loc: NodeLocation): Span {
  switch (loc.shape) {
    case 'scalar':
      return loc.value;
    case 'block':
      return loc.key ?? loc.head ?? loc.value;
    case 'item':
      return loc.head ?? loc.value;
  }
}
