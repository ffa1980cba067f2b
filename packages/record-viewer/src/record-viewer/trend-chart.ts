/**
 * A lab trend as an SVG line chart with the reference range as a band, plus the
 * same values as a table (the accessible alternative, always in the DOM).
 * Points without a date or a number are left out of the chart and listed in the table.
 */
import { html, svg, nothing, type TemplateResult } from 'lit';
import type { RangeView } from '../fhir/display.js';

export interface TrendPoint {
  isoDate: string | undefined;
  date: string | undefined;
  value: string | undefined;
  /** One number per series (one for most tests; systolic and diastolic for blood pressure). */
  numbers: number[];
  enteredByPatient: boolean;
}

export interface TrendLabels {
  /** The chart's text alternative, e.g. "HbA1c: 4 results from … to …; latest 6.9 %". */
  summary: string;
  tableCaption: string;
  date: string;
  result: string;
  you: string;
  noDate: string;
}

const WIDTH = 600;
const HEIGHT = 220;
const PAD = { top: 16, right: 16, bottom: 28, left: 48 };

export function trendChart(points: readonly TrendPoint[], range: RangeView | undefined, labels: TrendLabels, locale: string): TemplateResult {
  const plotted = points
    .filter((point): point is TrendPoint & { isoDate: string } => point.numbers.length > 0 && !!point.isoDate && !Number.isNaN(Date.parse(point.isoDate)))
    .map((point) => ({ ...point, time: Date.parse(point.isoDate) }))
    .sort((a, b) => a.time - b.time);
  const chart = plotted.length >= 2 ? renderSvg(plotted, range, labels.summary, locale) : nothing;
  return html`<figure class="trend" part="trend">
    ${chart}
    <figcaption class="hint">${labels.summary}</figcaption>
    <details class="trend-table">
      <summary>${labels.tableCaption}</summary>
      <table>
        <caption class="care-visually-hidden">${labels.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">${labels.date}</th>
            <th scope="col">${labels.result}</th>
          </tr>
        </thead>
        <tbody>
          ${points.map(
            (point) => html`<tr>
              <td>${point.date ?? labels.noDate}</td>
              <td>${point.value ?? '—'}${point.enteredByPatient ? html` <span class="tag">${labels.you}</span>` : nothing}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </figure>`;
}

function renderSvg(points: ReadonlyArray<{ time: number; numbers: number[]; enteredByPatient: boolean }>, range: RangeView | undefined, label: string, locale: string): TemplateResult {
  const values = points.flatMap((point) => point.numbers);
  const bounds = [...values, ...(range?.low !== undefined ? [range.low] : []), ...(range?.high !== undefined ? [range.high] : [])];
  let min = Math.min(...bounds);
  let max = Math.max(...bounds);
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
  const seriesCount = Math.max(...points.map((point) => point.numbers.length));
  const series = Array.from({ length: seriesCount }, (_, index) => points.filter((point) => point.numbers[index] !== undefined).map((point) => ({ ...point, value: point.numbers[index]! })));
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const year = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short' });
  const band =
    range && (range.low !== undefined || range.high !== undefined)
      ? svg`<rect class="band" x=${PAD.left} width=${WIDTH - PAD.left - PAD.right}
          y=${y(range.high ?? max)} height=${Math.max(0, y(range.low ?? min) - y(range.high ?? max))}></rect>`
      : nothing;
  // Many points: draw the lines only, so 5,000 results stay a few paths, not thousands of nodes.
  const markers = points.length <= 200;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${label} preserveAspectRatio="xMidYMid meet">
    ${band}
    <line class="axis" x1=${PAD.left} x2=${PAD.left} y1=${PAD.top} y2=${HEIGHT - PAD.bottom}></line>
    <line class="axis" x1=${PAD.left} x2=${WIDTH - PAD.right} y1=${HEIGHT - PAD.bottom} y2=${HEIGHT - PAD.bottom}></line>
    <text class="tick" x=${PAD.left - 6} y=${y(max - margin) + 4} text-anchor="end">${number.format(max - margin)}</text>
    <text class="tick" x=${PAD.left - 6} y=${y(min + margin) + 4} text-anchor="end">${number.format(min + margin)}</text>
    <text class="tick" x=${PAD.left} y=${HEIGHT - 8} text-anchor="start">${year.format(first)}</text>
    <text class="tick" x=${WIDTH - PAD.right} y=${HEIGHT - 8} text-anchor="end">${year.format(last)}</text>
    ${series.map(
      (line, index) => svg`<path class=${`line series-${index}`} d=${line.map((point, at) => `${at ? 'L' : 'M'}${x(point.time).toFixed(1)},${y(point.value).toFixed(1)}`).join(' ')}></path>
        ${markers ? line.map((point) => svg`<circle class=${point.enteredByPatient ? `point mine series-${index}` : `point series-${index}`} cx=${x(point.time)} cy=${y(point.value)} r="4"></circle>`) : nothing}`,
    )}
  </svg>`;
}
