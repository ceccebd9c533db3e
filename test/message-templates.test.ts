import assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderMessage, type MessageExtras } from '../server/src/core/checks/context.js';
import { parsePath, resolve, type Cursor } from '../server/src/core/rules/paths.js';
import type { EvalContext } from '../server/src/core/rules/language.js';
import { textOf } from '../server/src/core/rules/values.js';

const LONG = `${'a  lot\tof words '.repeat(8)}end`;
const ctx = {
  root: { owner: ' Sam  Lee\n', count: 3, long: LONG, list: ['a', 'b'], blank: '  ' },
  today: '2026-11-20',
  options: { names: ['x', 'y'], word: ' w ' },
  registries: {},
} as unknown as EvalContext;
const root: Cursor = { value: ctx.root, path: [] };
const at = (key: string): Cursor => ({ value: (ctx.root as Record<string, unknown>)[key], path: [key] });

/** Messages as they were filled before templates were split once: each placeholder replaced by the regular expression. */
function reference(template: string, cursor: Cursor, extras: MessageExtras = {}): string {
  const short = (text: string) => {
    const oneLine = text.replace(/\s+/g, ' ').trim();
    return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
  };
  const fill = (expr: string): string => {
    if (expr === '$value') return short(textOf(cursor.value));
    if (expr === '$field')
      return (
        [...cursor.path]
          .reverse()
          .find((s) => typeof s === 'string')
          ?.toString() ?? 'value'
      );
    if (expr === '$match') return extras.match ?? '';
    if (expr === '$detail') return extras.detail ?? '';
    if (expr === '$near_miss') return extras.nearMiss ?? '';
    if (expr.startsWith('$target.')) return extras.deferTarget ? `\uE000target:${expr.slice(8)}\uE001` : '';
    if (expr.startsWith('$options.')) {
      const v = ctx.options[expr.slice(9)];
      return Array.isArray(v) ? v.map(String).join(', ') : textOf(v);
    }
    try {
      return short(textOf(resolve(ctx, cursor, parsePath(expr)).value));
    } catch {
      return '';
    }
  };
  const sectioned = template.replace(/\{\{#\s*([^}]+?)\s*\}\}([\s\S]*?)\{\{\/\s*\1\s*\}\}/g, (_, expr: string, text: string) =>
    expr.startsWith('$target.') && extras.deferTarget ? `\uE000if:${expr.slice(8)}\uE001${text}\uE000fi\uE001` : fill(expr) === '' ? '' : text,
  );
  return sectioned
    .replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => fill(expr))
    .replace(/\s+/g, ' ')
    .trim();
}

describe('message templates', () => {
  it('fill in as the placeholders were replaced one by one, whatever the template (3,000 generated templates)', () => {
    const expr = fc.constantFrom(
      'owner',
      ' owner ',
      'count',
      'long',
      'list',
      'list[1]',
      'blank',
      'missing',
      'a..b',
      '$value',
      '$field',
      '$match',
      '$detail',
      '$near_miss',
      '$target.title',
      '$options.names',
      '$options.word',
    );
    const piece = fc.oneof(
      expr.map((e) => `{{${e}}}`),
      expr.map((e) => `{{#${e.trim()}}}`),
      expr.map((e) => `{{/${e.trim()}}}`),
      fc.constantFrom('Fix ', 'it.', ' ', '  ', '\n', '\t', '{', '}', '{{', '}}', '"', 'x'),
    );
    const extras: fc.Arbitrary<MessageExtras> = fc.record(
      { match: fc.constantFrom('the  words', ' ', ''), detail: fc.constantFrom('a, b', ''), nearMiss: fc.constantFrom('Promsies', ''), deferTarget: fc.boolean() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), fc.constantFrom(root, at('owner'), at('long'), at('count')), extras, (parts, cursor, more) => {
        const template = parts.join('');
        assert.equal(renderMessage(template, cursor, ctx, more), reference(template, cursor, more), JSON.stringify(template));
      }),
      { numRuns: 3000, seed: 20261206 },
    );
  });

  it('shorten a long value to one line of 80 characters', () => {
    assert.equal(renderMessage('Owner "{{$value}}" is {{/count}}.', at('owner'), ctx), 'Owner "Sam Lee" is 3.');
    assert.equal(renderMessage('{{$value}}', at('long'), ctx), `${'a lot of words '.repeat(6).slice(0, 77)}...`);
  });
});
