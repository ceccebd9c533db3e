/**
 * Resolves a one-line value the way YAML's core schema would, without a parser, when
 * the text is unambiguous; undefined means "let the YAML parser decide". Markdown
 * records have many `key: value` sub-items, and a full parse for each is costly.
 */
export function plainScalar(text: string): { value: unknown } | undefined {
  if (text === '' || /^(?:~|null|Null|NULL)$/.test(text)) return { value: null };
  if (/^(?:true|True|TRUE)$/.test(text)) return { value: true };
  if (/^(?:false|False|FALSE)$/.test(text)) return { value: false };
  if (/^[-+]?[0-9]+$/.test(text)) return { value: Number(text) };
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$/.test(text) || /^[-+]?[0-9]+[eE][-+]?[0-9]+$/.test(text)) return { value: Number(text) };
  // A plain string: no indicator first, no comment, no mapping, nothing a flow or block scalar needs.
  if (/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(text) || /\s$/.test(text) || /: |:$| #|\t/.test(text)) return undefined;
  if (/^(?:\.inf|\.Inf|\.INF|\.nan|\.NaN|\.NAN|0o|0x)/.test(text)) return undefined;
  return { value: text };
}
