import type { Host } from '../host.js';
import { SourceMap } from '../model/source-map.js';
import { mapYamlTree, readYaml } from '../parse/yaml-tree.js';
import { describePath, spanOfProblem, type SchemaProblem } from '../schema/located-errors.js';
import { LineIndex } from '../text/line-index.js';
import { ConfigError, type ConfigProblem, type PathSegment, type Span } from '../types.js';

/** A config or rule file read with positions, so every complaint can name its line. */
export interface LocatedYaml {
  file: string;
  data: unknown;
  map: SourceMap;
  lines: LineIndex;
}

export function loadYamlFile(host: Host, file: string, what: string): LocatedYaml {
  const text = host.readFile(file);
  if (text === undefined) {
    throw new ConfigError([{ file, line: 1, column: 1, endLine: 1, endColumn: 1, message: `cannot read ${what}` }]);
  }
  return parseYamlFile(file, text, what);
}

export function parseYamlFile(file: string, text: string, what: string): LocatedYaml {
  const lines = new LineIndex(text);
  const read = readYaml(text);
  if (read.problems.length > 0) {
    throw new ConfigError(read.problems.map((p) => problemAt(file, lines, p.span, `${what} is not valid YAML: ${p.message}`)));
  }
  const map = new SourceMap({ start: 0, end: lines.lineEnd(0) });
  if (read.tree) mapYamlTree(read.tree, map, lines);
  return { file, data: read.data ?? {}, map, lines };
}

export function problemAt(file: string, lines: LineIndex, span: Span, message: string): ConfigProblem {
  return { file, ...lines.range(span), message };
}

/** A located problem at a model path of a loaded file. */
export function problemAtPath(src: LocatedYaml, path: PathSegment[], message: string): ConfigProblem {
  return problemAt(src.file, src.lines, src.map.locate(path).span, message);
}

/**
 * A located problem about a key itself (a mistyped rule id): at the key, not its value, with
 * the fix that writes `replacement` over the key when there is one right answer.
 */
export function problemAtKey(src: LocatedYaml, path: PathSegment[], message: string, replacement?: string): ConfigProblem {
  const key = src.map.get(path)?.key;
  if (!key) return problemAtPath(src, path, message);
  return withFix(problemAt(src.file, src.lines, key, message), src, key, replacement);
}

/** Schema problems as located config problems, each naming the field and what was expected. */
export function schemaProblems(src: LocatedYaml, problems: SchemaProblem[], what: string): ConfigProblem[] {
  return problems.map((p) => {
    const where = p.category === 'unknown' ? '' : ` at ${describePath(p.path)}`;
    const span = spanOfProblem(p, src.map);
    return withFix(problemAt(src.file, src.lines, span, `${what}${where}: ${p.message}`), src, span, p.replacement);
  });
}

/** Adds the correction of a key or scalar value, keeping the quotes it was written with. */
function withFix(problem: ConfigProblem, src: LocatedYaml, span: Span, replacement: string | undefined): ConfigProblem {
  if (replacement === undefined) return problem;
  const written = src.lines.text.slice(span.start, span.end);
  if (/^[[{]/.test(written) || written.includes('\n')) return problem;
  const quote = written[0] === '"' || written[0] === "'" ? written[0] : '';
  return { ...problem, fix: { ...src.lines.range(span), text: `${quote}${replacement}${quote}` } };
}
