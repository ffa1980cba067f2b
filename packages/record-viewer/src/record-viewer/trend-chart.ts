/**
 * A lab trend as an SVG line chart with the reference range as a band, plus the
 * same values as a table (the accessible alternative, always in the DOM).
 * Points without a date or a number are left out of the chart and listed in the table.
 *
 * A test can have a thousand results: the chart stays one path per series, and the
 * table shows one page of rows at a time, so the DOM does not grow with the history.
 */
import { html, svg, nothing, type TemplateResult } from 'lit';
import { dateTimeFormat, numberFormat, registerDefaultMessages, type RecordItem } from '@careline/core';
import type { RangeView } from '../fhir/display.js';
import { enTrend } from '../i18n/en-trend.js';
import { viewItem, type ItemView } from './record-view-model.js';
import type { RecordViewer } from './record-viewer.js';

/** Rows of a trend's table shown at a time: a long history pages instead of filling the page. */
const TREND_TABLE_PAGE = 20;

/** The English of the trend (its summary, table and paging): a host's own wording, registered earlier, is kept. */
export function registerTrendMessages(): void {
  registerDefaultMessages('en', enTrend);
}

/** One test's trend as the viewer shows it: its history as points, the summary and labels in the patient's language, then the chart and the table. */
export function trendView(viewer: RecordViewer, items: readonly RecordItem[], title: string | undefined, latest: ItemView): TemplateResult {
  const t = viewer.t;
  const points = trendPointsFor(viewer, items);
  let first: string | undefined;
  let last: string | undefined;
  let firstIso: string | undefined;
  let lastIso: string | undefined;
  for (const point of points) {
    if (!point.isoDate) continue;
    if (firstIso === undefined || point.isoDate < firstIso) [firstIso, first] = [point.isoDate, point.date];
    if (lastIso === undefined || point.isoDate >= lastIso) [lastIso, last] = [point.isoDate, point.date];
  }
  const summary = t.t('record.trend.summary', { test: title ?? '', count: points.length, first: first ?? '—', last: last ?? '—', latest: latest.value ?? '—' });
  return trendChart(
    points,
    latest.range,
    {
      summary,
      tableCaption: t.t('record.trend.table'),
      date: t.t('record.trend.date'),
      result: t.t('record.trend.result'),
      you: t.t('record.provenance.patient'),
      noDate: t.t('record.noDate'),
      page: (from, to, count) => t.t('record.trend.page', { from, to, count }),
      newer: t.t('record.trend.newer'),
      older: t.t('record.trend.older'),
      markers: t.t('record.trend.markers'),
    },
    viewer.care.locale,
    { start: viewer.trendStart, size: TREND_TABLE_PAGE, go: (start, from) => void viewer.pageTrend(start, from) },
  );
}

/** One point per result, kept while the history and locale stay the same, so paging does not redo a thousand. */
function trendPointsFor(viewer: RecordViewer, items: readonly RecordItem[]): TrendPoint[] {
  const locale = viewer.care.locale;
  if (viewer.trendPoints?.items === items && viewer.trendPoints.locale === locale) return viewer.trendPoints.points;
  const t = viewer.t;
  const points = items.map((item): TrendPoint => {
    const view = viewItem(item, locale);
    const labFlag = view.labFlag && view.labFlag.flag !== 'normal' ? (view.labFlag.text ?? t.t(`record.flag.${view.labFlag.flag}`)) : undefined;
    // Our own reading of the range only when the lab gave no flag at all, as in the list.
    const computed = !view.labFlag && view.computed ? t.t(view.computed === 'above' ? 'record.flag.high' : 'record.flag.low') : undefined;
    // `?.`: a backend may send a result without its provenance; it is then not marked as the patient's own.
    return { isoDate: view.isoDate, date: view.date, value: view.value, numbers: view.numbers, enteredByPatient: item.provenance?.enteredBy === 'patient', flag: labFlag ?? computed };
  });
  viewer.trendPoints = { items, locale, points };
  return points;
}

export interface TrendPoint {
  isoDate: string | undefined;
  date: string | undefined;
  value: string | undefined;
  /** One number per series (one for most tests; systolic and diastolic for blood pressure). */
  numbers: number[];
  enteredByPatient: boolean;
  /** The lab's flag, or our own "above/below the range", in words; undefined when within range. */
  flag: string | undefined;
}

export interface TrendLabels {
  /** The chart's text alternative, e.g. "HbA1c: 4 results from … to …; latest 6.9 %". */
  summary: string;
  tableCaption: string;
  date: string;
  result: string;
  you: string;
  noDate: string;
  /** "Showing 21–40 of 1,000 results, newest first." for the page shown. */
  page: (from: number, to: number, count: number) => string;
  newer: string;
  older: string;
  /** Says what the dots mean when not every result has one. */
  markers: string;
}

/** Which rows of the table are shown: `start` counts from the newest result. */
export interface TrendPage {
  start: number;
  size: number;
  /** Shows the page starting at `start`; `from` is the button pressed. */
  go: (start: number, from: HTMLButtonElement) => void;
}

const WIDTH = 600;
const HEIGHT = 220;
const PAD = { top: 16, right: 16, bottom: 28, left: 48 };
/** Up to this many points each get their own dot: about 9 px apart at most, still told apart. */
const DOT_EACH_UP_TO = 60;
/** Longer series: dots only for the newest few (and every flagged one), drawn as one path. */
const LATEST_DOTS = 3;
const DOT_RADIUS = 4;
const TICK_NUMBER = { maximumFractionDigits: 2 } as const;
const TICK_DATE = { year: 'numeric', month: 'short' } as const;

interface Plotted {
  time: number;
  numbers: number[];
  enteredByPatient: boolean;
  flagged: boolean;
}

interface Prepared {
  /** Oldest first, for the chart. */
  plotted: Plotted[];
  /** Newest first, undated last, for the table. */
  newestFirst: TrendPoint[];
}

// The same points render again on every state change of the viewer (announcements,
// paging): filter and sort them once per list of points.
const preparedPoints = new WeakMap<readonly TrendPoint[], Prepared>();

function prepare(points: readonly TrendPoint[]): Prepared {
  const known = preparedPoints.get(points);
  if (known) return known;
  const plotted: Plotted[] = [];
  for (const point of points) {
    const time = point.isoDate ? Date.parse(point.isoDate) : NaN;
    if (point.numbers.length > 0 && !Number.isNaN(time)) plotted.push({ time, numbers: point.numbers, enteredByPatient: point.enteredByPatient, flagged: !!point.flag });
  }
  plotted.sort((a, b) => a.time - b.time);
  // A stable sort on the ISO text keeps the server's order among equal dates.
  const newestFirst = [...points].sort((a, b) => (a.isoDate === b.isoDate ? 0 : !a.isoDate ? 1 : !b.isoDate ? -1 : b.isoDate.localeCompare(a.isoDate)));
  const result = { plotted, newestFirst };
  preparedPoints.set(points, result);
  return result;
}

export function trendChart(points: readonly TrendPoint[], range: RangeView | undefined, labels: TrendLabels, locale: string, page: TrendPage): TemplateResult {
  const { plotted, newestFirst } = prepare(points);
  const chart = plotted.length >= 2 ? renderSvg(plotted, range, labels.summary, locale) : nothing;
  const count = newestFirst.length;
  const start = Math.max(0, Math.min(page.start, Math.max(0, count - page.size)));
  const rows = newestFirst.slice(start, start + page.size);
  const paged = count > page.size;
  return html`<figure class="trend" part="trend">
    ${chart}
    <figcaption class="hint">${labels.summary}${plotted.length > DOT_EACH_UP_TO ? html` ${labels.markers}` : nothing}</figcaption>
    <details class="trend-table">
      <summary>${labels.tableCaption}</summary>
      <table aria-describedby=${paged ? 'trend-page' : nothing}>
        <caption class="care-visually-hidden">${labels.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">${labels.date}</th>
            <th scope="col">${labels.result}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (point) => html`<tr class=${point.flag ? 'flagged' : ''}>
              <td>${point.date ?? labels.noDate}</td>
              <td>${point.flag ? html`<span class="flag">${point.flag}</span> ` : nothing}${point.value ?? '—'}${point.enteredByPatient ? html` <span class="tag">${labels.you}</span>` : nothing}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${paged
        ? html`<div class="trend-pager">
            <p class="hint" id="trend-page" role="status">${labels.page(start + 1, start + rows.length, count)}</p>
            <button type="button" class="link newer" ?disabled=${start === 0} @click=${(event: Event) => page.go(start - page.size, event.currentTarget as HTMLButtonElement)}>
              ${labels.newer}
            </button>
            <button type="button" class="link older" ?disabled=${start + page.size >= count} @click=${(event: Event) => page.go(start + page.size, event.currentTarget as HTMLButtonElement)}>
              ${labels.older}
            </button>
          </div>`
        : nothing}
    </details>
  </figure>`;
}

/** One path of small circles: any number of dots as a single node. */
function dotsPath(dots: ReadonlyArray<{ x: number; y: number }>): string {
  const r = DOT_RADIUS;
  return dots.map(({ x, y }) => `M${(x - r).toFixed(1)},${y.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`).join('');
}

function renderSvg(points: readonly Plotted[], range: RangeView | undefined, label: string, locale: string): TemplateResult {
  let min = Infinity;
  let max = -Infinity;
  // A loop rather than Math.min(...values): spreading thousands of arguments is slow and can overflow the stack.
  for (const point of points) {
    for (const value of point.numbers) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (range?.low !== undefined) min = Math.min(min, range.low);
  if (range?.high !== undefined) max = Math.max(max, range.high);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const margin = (max - min) * 0.1;
  min -= margin;
  max += margin;
  const first = points[0]!.time;
  const last = points.at(-1)!.time;
  const span = last - first || 1;
  const x = (time: number) => PAD.left + ((time - first) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (value - min) / (max - min)) * (HEIGHT - PAD.top - PAD.bottom);
  const seriesCount = points.reduce((most, point) => Math.max(most, point.numbers.length), 0);
  const number = numberFormat(locale, TICK_NUMBER);
  const year = dateTimeFormat(locale, TICK_DATE);
  const band =
    range && (range.low !== undefined || range.high !== undefined)
      ? svg`<rect class="band" x=${PAD.left} width=${WIDTH - PAD.left - PAD.right}
          y=${y(range.high ?? max)} height=${Math.max(0, y(range.low ?? min) - y(range.high ?? max))}></rect>`
      : nothing;
  const dotEach = points.length <= DOT_EACH_UP_TO;
  const series = Array.from({ length: seriesCount }, (_, index) => {
    const line = points.filter((point) => point.numbers[index] !== undefined).map((point) => ({ ...point, x: x(point.time), y: y(point.numbers[index]!) }));
    const d = line.map((point, at) => `${at ? 'L' : 'M'}${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
    if (dotEach) {
      return svg`<path class=${`line series-${index}`} d=${d}></path>
        ${line.map((point) => svg`<circle class=${`point series-${index}${point.enteredByPatient ? ' mine' : ''}${point.flagged ? ' flagged' : ''}`} cx=${point.x} cy=${point.y} r=${DOT_RADIUS}></circle>`)}`;
    }
    const latest = line.slice(-LATEST_DOTS);
    const flagged = line.slice(0, -LATEST_DOTS).filter((point) => point.flagged);
    return svg`<path class=${`line series-${index}`} d=${d}></path>
      <path class=${`point series-${index} latest`} d=${dotsPath(latest)}></path>
      ${flagged.length ? svg`<path class=${`point series-${index} flagged`} d=${dotsPath(flagged)}></path>` : nothing}`;
  });
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${label} preserveAspectRatio="xMidYMid meet">
    ${band}
    <line class="axis" x1=${PAD.left} x2=${PAD.left} y1=${PAD.top} y2=${HEIGHT - PAD.bottom}></line>
    <line class="axis" x1=${PAD.left} x2=${WIDTH - PAD.right} y1=${HEIGHT - PAD.bottom} y2=${HEIGHT - PAD.bottom}></line>
    <text class="tick" x=${PAD.left - 6} y=${y(max - margin) + 4} text-anchor="end">${number.format(max - margin)}</text>
    <text class="tick" x=${PAD.left - 6} y=${y(min + margin) + 4} text-anchor="end">${number.format(min + margin)}</text>
    <text class="tick" x=${PAD.left} y=${HEIGHT - 8} text-anchor="start">${year.format(first)}</text>
    <text class="tick" x=${WIDTH - PAD.right} y=${HEIGHT - 8} text-anchor="end">${year.format(last)}</text>
    ${series}
  </svg>`;
}
