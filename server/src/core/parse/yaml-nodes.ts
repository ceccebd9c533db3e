import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/**
 * A YAML node as the model needs it: its kind, keys and range. `end` is where the `yaml`
 * package ends the node's value (a collection ends where its last item's line ends).
 * Both readers produce these: the direct block reader and the general parser.
 */
export type YamlNode = YamlScalarNode | YamlMapNode | YamlSeqNode;

export interface YamlScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
}

export interface YamlMapNode {
  kind: 'map';
  start: number;
  end: number;
  pairs: YamlPairNode[];
}

export interface YamlSeqNode {
  kind: 'seq';
  start: number;
  end: number;
  /** Undefined for an item the parser has no node for. */
  items: Array<YamlNode | undefined>;
}

export interface YamlPairNode {
  /** The key's text value; undefined for keys that are not scalars. */
  key: string | undefined;
  keyStart: number;
  keyEnd: number;
  /** Undefined when the pair has no value node at all. */
  value: YamlNode | undefined;
}

/** The node tree of a document read by the general parser (aliases count as scalars). */
export function nodesOfDocument(doc: Document.Parsed): YamlNode | undefined {
  const convert = (node: unknown): YamlNode | undefined => {
    if (!node || typeof node !== 'object') return undefined;
    const range = (node as { range?: [number, number, number] | null }).range ?? [0, 0, 0];
    if (isAlias(node) || isScalar(node)) return { kind: 'scalar', start: range[0], end: range[1] };
    if (isMap(node)) {
      const pairs: YamlPairNode[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range ?? [0, 0, 0];
        pairs.push({
          key: isScalar(pair.key) ? String(pair.key.value) : undefined,
          keyStart: keyRange[0],
          keyEnd: keyRange[1],
          value: convert(pair.value),
        });
      }
      return { kind: 'map', start: range[0], end: range[1], pairs };
    }
    if (isSeq(node)) {
      return { kind: 'seq', start: range[0], end: range[1], items: node.items.map(convert) };
    }
    return undefined;
  };
  return convert(doc.contents);
}
