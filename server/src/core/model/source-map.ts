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

/**
 * Locations worked out when asked for, from a parsed tree mounted at some path: most
 * documents are asked about a few of their nodes, so most nodes are never located.
 */
export interface LocationTree {
  /** The location of `path.slice(from)`, relative to the tree's root (nothing left = the root). */
  find(path: readonly PathSegment[], from: number): NodeLocation | undefined;
  /** Every location in the tree, parents before children, paths relative to the root. */
  each(visit: (path: PathSegment[], location: NodeLocation) => void): void;
}

const SEP = '\u001f';

export function pathKey(path: readonly PathSegment[]): string {
  return path.join(SEP);
}

/** The path a `pathKey` was made from (all-digit segments read back as list indexes). */
export function keyPath(key: string): PathSegment[] {
  return key === '' ? [] : key.split(SEP).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

interface Entry {
  location: NodeLocation;
  /** When it was set: a later entry or mount wins over an earlier one for the same path. */
  order: number;
}

/**
 * Entries set one by one, by path segment (as `pathKey` reads a segment: its string), so a
 * path is stored and looked up without joining it into a key.
 */
interface PathNode {
  entry?: Entry;
  children?: Map<string, PathNode>;
}

interface Mount {
  prefix: readonly PathSegment[];
  tree: LocationTree;
  order: number;
}

/**
 * Maps model paths to source spans. Both record forms fill one of these, so rules never
 * know whether a value came from YAML, front matter or a Markdown section. Nodes are
 * either set one by one or mounted as a whole tree that is searched on demand.
 */
export class SourceMap {
  private readonly nodes: PathNode = {};
  private size = 0;
  private readonly mounts: Mount[] = [];
  private order = 0;
  private all: Map<string, NodeLocation> | undefined;

  /** Span of the document as a whole: the `decision:` key, or the best substitute. */
  constructor(public root: Span) {}

  set(path: readonly PathSegment[], location: NodeLocation): void {
    let node = this.nodes;
    for (const segment of path) {
      const key = String(segment);
      node.children ??= new Map();
      let child = node.children.get(key);
      if (!child) {
        child = {};
        node.children.set(key, child);
      }
      node = child;
    }
    if (!node.entry) this.size++;
    node.entry = { location, order: this.order++ };
    this.all = undefined;
  }

  private entryAt(path: readonly PathSegment[]): Entry | undefined {
    let node: PathNode | undefined = this.nodes;
    for (let i = 0; i < path.length && node; i++) node = node.children?.get(String(path[i]));
    return node?.entry;
  }

  /** Places a whole tree at `prefix`; it overrides what was set there before. */
  mount(prefix: readonly PathSegment[], tree: LocationTree): void {
    this.mounts.push({ prefix: [...prefix], tree, order: this.order++ });
    this.all = undefined;
  }

  /** Every recorded node, for features that search by position. */
  entries(): IterableIterator<[string, NodeLocation]> {
    this.all ??= this.collect();
    return this.all.entries();
  }

  get(path: readonly PathSegment[]): NodeLocation | undefined {
    const entry = this.size > 0 ? this.entryAt(path) : undefined;
    for (let i = this.mounts.length - 1; i >= 0; i--) {
      const mount = this.mounts[i];
      if (entry && mount.order < entry.order) break;
      if (!startsWith(path, mount.prefix)) continue;
      const found = mount.tree.find(path, mount.prefix.length);
      if (found) return found;
    }
    return entry?.location;
  }

  /**
   * The span a finding about `path` points at: a scalar's value, a block's key, an
   * item's first line; for a path that does not exist, the nearest existing ancestor
   * (the key or heading that should contain it); the root anchor last.
   */
  locate(path: readonly PathSegment[]): { span: Span; path: PathSegment[] } {
    for (let depth = path.length; depth > 0; depth--) {
      const prefix = path.slice(0, depth);
      const loc = this.get(prefix);
      if (loc) return { span: pointOf(loc), path: prefix };
    }
    return { span: this.root, path: [] };
  }

  /** Mounts and single entries replayed in the order they were made. */
  private collect(): Map<string, NodeLocation> {
    const steps: Array<{ order: number; apply: (into: Map<string, NodeLocation>) => void }> = [];
    const visit = (node: PathNode, path: string[]) => {
      const entry = node.entry;
      if (entry) {
        const key = path.join(SEP);
        steps.push({ order: entry.order, apply: (into) => into.set(key, entry.location) });
      }
      if (node.children) for (const [segment, child] of node.children) visit(child, [...path, segment]);
    };
    visit(this.nodes, []);
    for (const mount of this.mounts) {
      steps.push({
        order: mount.order,
        apply: (into) => mount.tree.each((rel, location) => into.set(pathKey([...mount.prefix, ...rel]), location)),
      });
    }
    const into = new Map<string, NodeLocation>();
    for (const step of steps.sort((a, b) => a.order - b.order)) step.apply(into);
    return into;
  }
}

function startsWith(path: readonly PathSegment[], prefix: readonly PathSegment[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (String(path[i]) !== String(prefix[i])) return false;
  return true;
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
