import { esc } from './charts.js';

/**
 * A rule message as HTML without its Markdown markers: `code` becomes <code>, **strong**
 * becomes <strong>, and a stray backtick or asterisk pair is dropped rather than shown.
 */
export function messageHtml(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) =>
      part.length > 2 && part.startsWith('`') && part.endsWith('`')
        ? `<code>${esc(part.slice(1, -1))}</code>`
        : esc(part)
            .replace(/\*\*(\S(?:[^*]*\S)?)\*\*/g, '<strong>$1</strong>')
            .replace(/`|\*\*/g, ''),
    )
    .join('');
}
