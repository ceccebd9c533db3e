import { esc } from './charts.js';

/** A chart card: heading, chart, caption (HTML). */
export function figure(id: string, heading: string, body: string, caption: string): string {
  return `<figure class="chart" id="chart-${esc(id)}" data-chart="${esc(id)}"><h2>${esc(heading)}</h2>${body}<figcaption>${caption}</figcaption></figure>`;
}

export function legend(items: Array<[string, string]>): string {
  return `<span class="legend">${items.map(([cls, label]) => `<span class="swatch ${cls}"></span>${esc(label)}`).join(' ')}</span>`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2026-09` → "Sep ’26" (not to be read as a day of the month). */
export function monthLabel(key: string): string {
  const [y, m] = key.split('-').map(Number);
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[m - 1] ?? '?'} ’${String(y).slice(2)}`;
}

/** A link to a file of the repository, showing its path from the repository root. */
export function fileLink(file: string, hrefOf: (file: string) => string): string {
  return `<a href="${esc(hrefOf(file))}">${esc(file)}</a>`;
}
