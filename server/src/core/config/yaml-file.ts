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

/**
 * `key: value[...]` inside `{...}` with the value unquoted: YAML reads `[` as the start of a
 * list there (`{path: promises[*].owner}`), and its parser then reports a cascade of problems.
 */
const UNQUOTED_BRACKET = /([\w$.-]+):[ \t]*([^\s"'{[,}][^,}"'\n]*\[[^,}\n]*)/;

export function parseYamlFile(file: string, text: string, what: string): LocatedYaml {
  const lines = new LineIndex(text);
  const read = readYaml(text);
  if (read.problems.length > 0) {
    // The first problem is the one to fix: those after it usually follow from it.
    const first = read.problems[0];
    const more = read.problems.length - 1;
    const line = lines.lineOf(first.span.start);
    const lineText = text.slice(lines.lineStart(line), lines.lineEnd(line));
    const flow = lineText.indexOf('{');
    const unquoted = flow >= 0 ? UNQUOTED_BRACKET.exec(lineText.slice(flow)) : null;
    const after = more > 0 ? ` (${more} more problem${more === 1 ? '' : 's'} after it, which may go away with it)` : '';
    if (unquoted) {
      const value = unquoted[2].trimEnd();
      const at = lines.lineStart(line) + flow + unquoted.index + unquoted[0].indexOf(value, unquoted[1].length);
      const message = `${what}: inside {...} a value with [ must be quoted, or YAML reads a list: write ${unquoted[1]}: "${value}"`;
      throw new ConfigError([problemAt(file, lines, { start: at, end: at + value.length }, `${message}${after}`)]);
    }
    throw new ConfigError([problemAt(file, lines, first.span, `${what} is not valid YAML: ${first.message}${after}`)]);
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
