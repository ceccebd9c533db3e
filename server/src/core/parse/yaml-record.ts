import type { ParsedDocument } from '../model/document.js';
import { SourceMap } from '../model/source-map.js';
import { LineIndex } from '../text/line-index.js';
import type { DocumentRole } from '../types.js';
import { scanInlineWaivers } from './inline-waivers.js';
import { mapYamlTree, readYaml, topLevelKeySpan } from './yaml-tree.js';

/** Reads a YAML record (or registry) into the shared model. */
export function parseYamlRecord(file: string, text: string, role: DocumentRole): ParsedDocument {
  const lines = new LineIndex(text);
  const read = readYaml(text);
  const anchor = topLevelKeySpan(read.tree, 'decision') ?? firstLineSpan(lines);
  const map = new SourceMap(anchor);
  if (read.tree && read.problems.length === 0) mapYamlTree(read.tree, map, lines);
  return {
    file,
    text,
    form: 'yaml',
    lines,
    data: read.data,
    map,
    syntax: read.problems,
    prose: [],
    blockquotes: [],
    comments: [],
    duplicates: [],
    inlineWaivers: scanInlineWaivers(lines, 0, lines.lineCount, 'yaml'),
    role,
    facts: { headings: [], sections: [], file_name: '' },
  };
}

export function firstLineSpan(lines: LineIndex): { start: number; end: number } {
  return { start: 0, end: lines.lineEnd(0) };
}
