/**
 * Inline SVG charts for the scorecard: plain markup, no script, no fonts to fetch. Every
 * bar carries its numbers as data attributes (`data-key`, `data-value`, ...) so the page
 * can be read by tests and scripts, and a `<title>` so a pointer shows them too.
 */

export function esc(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface Segment {
  /** CSS class giving the colour: error, warning, info, clean, share. */
  cls: string;
  value: number;
  /** Name of the segment in data attributes and tooltips (`errors`, `warnings`...). */
  name: string;
}

export interface BarRow {
  key: string;
  label: string;
  segments: Segment[];
}

const ROW = 26;
const BAR = 18;

/** Horizontal bars, stacked by segment, scaled to the largest total. */
export function horizontalBars(id: string, rows: BarRow[], options: { labelWidth?: number; width?: number } = {}): string {
  if (rows.length === 0) return `<p class="empty" data-chart-empty="${esc(id)}">Nothing to show.</p>`;
  const labelWidth = options.labelWidth ?? 200;
  const width = options.width ?? 560;
  const plot = width - labelWidth - 48;
  const max = Math.max(1, ...rows.map((r) => total(r)));
  const height = rows.length * ROW + 4;
  const bars = rows
    .map((r, i) => {
      const y = i * ROW + 2;
      let x = labelWidth;
      const rects = r.segments
        .filter((s) => s.value > 0)
        .map((s) => {
          const w = Math.max(2, (s.value / max) * plot);
          const rect = `<rect class="${esc(s.cls)}" x="${x.toFixed(1)}" y="${y + (ROW - BAR) / 2}" width="${w.toFixed(1)}" height="${BAR}" rx="2"><title>${esc(`${r.label}: ${s.value} ${s.name}`)}</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      const attrs = r.segments.map((s) => ` data-${esc(s.name)}="${s.value}"`).join('');
      return (
        `<g class="bar" data-key="${esc(r.key)}" data-value="${total(r)}"${attrs}>` +
        `<text class="label" x="${labelWidth - 8}" y="${y + ROW / 2}" text-anchor="end" dominant-baseline="middle">${esc(truncate(r.label, Math.floor(labelWidth / 7)))}<title>${esc(r.label)}</title></text>` +
        rects +
        `<text class="value" x="${(x + 6).toFixed(1)}" y="${y + ROW / 2}" dominant-baseline="middle">${total(r)}</text></g>`
      );
    })
    .join('');
  return `<svg class="hbars" role="img" aria-label="${esc(id)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${bars}</svg>`;
}

export interface ShareRow {
  key: string;
  label: string;
  count: number;
  of: number;
}

/** Bars from 0 to 100 %: how many of a whole have something. */
export function shareBars(id: string, rows: ShareRow[], options: { labelWidth?: number; width?: number } = {}): string {
  const labelWidth = options.labelWidth ?? 200;
  const width = options.width ?? 560;
  const plot = width - labelWidth - 110;
  const height = rows.length * ROW + 4;
  const bars = rows
    .map((r, i) => {
      const y = i * ROW + 2;
      const share = r.of === 0 ? 0 : r.count / r.of;
      const pct = Math.round(share * 100);
      const cls = share >= 0.9 ? 'clean' : share >= 0.6 ? 'warning' : 'error';
      return (
        `<g class="share" data-key="${esc(r.key)}" data-count="${r.count}" data-of="${r.of}" data-percent="${pct}">` +
        `<text class="label" x="${labelWidth - 8}" y="${y + ROW / 2}" text-anchor="end" dominant-baseline="middle">${esc(r.label)}</text>` +
        `<rect class="track" x="${labelWidth}" y="${y + (ROW - BAR) / 2}" width="${plot}" height="${BAR}" rx="2"/>` +
        `<rect class="${cls}" x="${labelWidth}" y="${y + (ROW - BAR) / 2}" width="${(share * plot).toFixed(1)}" height="${BAR}" rx="2"><title>${esc(`${r.label}: ${r.count} of ${r.of}`)}</title></rect>` +
        `<text class="value" x="${labelWidth + plot + 8}" y="${y + ROW / 2}" dominant-baseline="middle">${r.count} of ${r.of} (${pct}%)</text></g>`
      );
    })
    .join('');
  return `<svg class="shares" role="img" aria-label="${esc(id)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${bars}</svg>`;
}

/** Vertical bars, stacked by segment, one column per key (months, expiry buckets). */
export function columns(id: string, rows: BarRow[], options: { width?: number; height?: number } = {}): string {
  if (rows.length === 0) return `<p class="empty" data-chart-empty="${esc(id)}">Nothing to show.</p>`;
  const width = options.width ?? 560;
  const height = options.height ?? 220;
  const top = 18;
  const bottom = 40;
  const plotH = height - top - bottom;
  const slot = (width - 20) / rows.length;
  const barW = Math.min(48, slot * 0.7);
  const max = Math.max(1, ...rows.map((r) => total(r)));
  const cols = rows
    .map((r, i) => {
      const cx = 10 + slot * i + slot / 2;
      let y = top + plotH;
      const rects = r.segments
        .filter((s) => s.value > 0)
        .map((s) => {
          const h = Math.max(2, (s.value / max) * plotH);
          y -= h;
          return `<rect class="${esc(s.cls)}" x="${(cx - barW / 2).toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" rx="2"><title>${esc(`${r.label}: ${s.value} ${s.name}`)}</title></rect>`;
        })
        .join('');
      const attrs = r.segments.map((s) => ` data-${esc(s.name)}="${s.value}"`).join('');
      return (
        `<g class="column" data-key="${esc(r.key)}" data-value="${total(r)}"${attrs}>${rects}` +
        `<text class="value" x="${cx.toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${total(r)}</text>` +
        `<text class="label" x="${cx.toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${esc(r.label)}</text></g>`
      );
    })
    .join('');
  const axis = `<line class="axis" x1="4" x2="${width - 4}" y1="${top + plotH + 0.5}" y2="${top + plotH + 0.5}"/>`;
  return `<svg class="columns" role="img" aria-label="${esc(id)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${axis}${cols}</svg>`;
}

function total(r: BarRow): number {
  return r.segments.reduce((n, s) => n + s.value, 0);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
