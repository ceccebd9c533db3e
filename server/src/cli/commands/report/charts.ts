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
  /** More data attributes for the bar or column. */
  attrs?: Record<string, string>;
}

function extraAttrs(r: BarRow): string {
  return Object.entries(r.attrs ?? {})
    .map(([k, v]) => ` data-${esc(k)}="${esc(v)}"`)
    .join('');
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
      const attrs = r.segments.map((s) => ` data-${esc(s.name)}="${s.value}"`).join('') + extraAttrs(r);
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
      const attrs = r.segments.map((s) => ` data-${esc(s.name)}="${s.value}"`).join('') + extraAttrs(r);
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

export interface TrendSeries {
  /** The value's name in `TrendPoint.values` and in data attributes. */
  name: string;
  /** CSS class giving the colour: total, error, warning, info. */
  cls: string;
}

export interface TrendPoint {
  key: string;
  label: string;
  /** Series name → value; undefined values (a point that could not be read) break the lines. */
  values: Record<string, number> | undefined;
  /** Extra data attributes for the point (new and resolved findings, the commit). */
  attrs?: Record<string, string | number>;
  /** Shown when the pointer is on the point. */
  title: string;
}

/**
 * Lines over time, one per series, with a dot and its number at each point. Every point is a
 * `g.point` carrying its numbers as data attributes, like the bars.
 */
export function trendLines(id: string, points: TrendPoint[], series: TrendSeries[], options: { width?: number; height?: number; headline?: string } = {}): string {
  if (points.length === 0) return `<p class="empty" data-chart-empty="${esc(id)}">Nothing to show.</p>`;
  const width = options.width ?? 560;
  const height = options.height ?? 180;
  const top = 20;
  const bottom = 34;
  const side = 24;
  const plotH = height - top - bottom;
  const step = points.length > 1 ? (width - 2 * side) / (points.length - 1) : 0;
  const xOf = (i: number) => (points.length > 1 ? side + step * i : width / 2);
  const max = Math.max(1, ...points.flatMap((p) => (p.values ? series.map((s) => p.values![s.name] ?? 0) : [])));
  const yOf = (v: number) => top + plotH - (v / max) * plotH;
  // Labels are thinned out so they do not overlap: about one per 56 pixels.
  const every = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor((width - 2 * side) / 56))));
  const headline = options.headline ?? series[0].name;
  const lines = series
    .map((s) => {
      const runs: string[][] = [[]];
      points.forEach((p, i) => {
        if (!p.values) runs.push([]);
        else runs[runs.length - 1].push(`${xOf(i).toFixed(1)},${yOf(p.values[s.name] ?? 0).toFixed(1)}`);
      });
      return runs
        .filter((r) => r.length > 1)
        .map((r) => `<polyline class="line ${esc(s.cls)}" points="${r.join(' ')}"/>`)
        .join('');
    })
    .join('');
  const dots = points
    .map((p, i) => {
      const x = xOf(i).toFixed(1);
      const attrs = Object.entries(p.attrs ?? {})
        .map(([k, v]) => ` data-${esc(k)}="${esc(v)}"`)
        .join('');
      const label =
        i % every === 0 || i === points.length - 1 ? `<text class="label" x="${x}" y="${height - bottom + 16}" text-anchor="middle">${esc(p.label)}</text>` : '';
      if (!p.values) {
        return `<g class="point missing" data-key="${esc(p.key)}"${attrs}><title>${esc(p.title)}</title><text class="value" x="${x}" y="${top + plotH}" text-anchor="middle">?</text>${label}</g>`;
      }
      const values = p.values;
      const circles = series.map((s) => `<circle class="${esc(s.cls)}" cx="${x}" cy="${yOf(values[s.name] ?? 0).toFixed(1)}" r="3"/>`).join('');
      // Every value is an attribute, drawn as a line or not.
      const data = Object.entries(values)
        .map(([name, v]) => ` data-${esc(name)}="${v}"`)
        .join('');
      const peak = Math.max(...series.map((s) => values[s.name] ?? 0));
      return (
        `<g class="point" data-key="${esc(p.key)}" data-value="${values[headline] ?? 0}"${data}${attrs}><title>${esc(p.title)}</title>${circles}` +
        `<text class="value" x="${x}" y="${(yOf(peak) - 7).toFixed(1)}" text-anchor="middle">${values[headline] ?? 0}</text>${label}</g>`
      );
    })
    .join('');
  const axis = `<line class="axis" x1="4" x2="${width - 4}" y1="${top + plotH + 0.5}" y2="${top + plotH + 0.5}"/>`;
  return `<svg class="trend" role="img" aria-label="${esc(id)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${axis}${lines}${dots}</svg>`;
}
