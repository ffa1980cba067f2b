import { css } from 'lit';

export const recordViewerStyles = css`
  :host {
    --_record-nav-width: var(--care-record-nav-width, 14rem);
    --_record-flag: var(--care-record-flag-color, var(--_care-error));
    --_record-band: var(--care-record-band-color, rgb(0 127 59 / 0.12));
    --_record-line: var(--care-record-line-color, var(--_care-primary));
  }

  .record {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_care-space) * 2);
    padding: calc(var(--_care-space) * 2);
    background: var(--_care-surface);
    color: var(--_care-text);
    border: 1px solid var(--_care-border);
    border-radius: var(--_care-radius);
  }

  h2,
  h3,
  h4 {
    margin: 0;
    line-height: 1.25;
  }

  h2 {
    font-size: 1.375em;
  }

  h3 {
    font-size: 1.1875em;
  }

  h4 {
    font-size: 1em;
  }

  .record-header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_care-space);
  }

  .layout {
    display: grid;
    grid-template-columns: minmax(0, var(--_record-nav-width)) minmax(0, 1fr);
    gap: calc(var(--_care-space) * 3);
  }

  @container (max-width: 40rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }

  @media (max-width: 640px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }

  nav ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }

  @media (max-width: 640px) {
    nav ul {
      flex-direction: row;
      flex-wrap: wrap;
      gap: var(--_care-space);
    }
  }

  .nav-item {
    inline-size: 100%;
    min-block-size: 44px;
    padding-block: var(--_care-space);
    padding-inline: calc(var(--_care-space) * 1.5);
    border: 0;
    border-inline-start: 4px solid transparent;
    background: transparent;
    color: var(--_care-primary);
    font: inherit;
    text-align: start;
    text-decoration: underline;
    cursor: pointer;
  }

  .nav-item[aria-current='true'] {
    border-inline-start-color: var(--_care-primary);
    background: var(--_care-surface-alt);
    color: var(--_care-text);
    font-weight: 700;
    text-decoration: none;
  }

  .content {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_care-space) * 2);
    min-inline-size: 0;
  }

  .items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  .item {
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: calc(var(--_care-space) * 1.5);
    border: 1px solid var(--_care-border);
    border-radius: calc(var(--_care-radius) / 2);
    overflow-wrap: anywhere;
  }

  .item.pending {
    border-style: dashed;
  }

  .item-main {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: var(--_care-space);
  }

  .item-title,
  .item-value {
    margin: 0;
    font-weight: 700;
  }

  .item-meta,
  .provenance {
    margin: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 4px calc(var(--_care-space) * 2);
    color: var(--_care-text-muted);
    font-size: 0.9375em;
  }

  .status {
    font-weight: 600;
  }

  .tag {
    display: inline-block;
    padding-inline: 6px;
    border: 1px solid currentColor;
    border-radius: 4px;
    font-size: 0.875em;
  }

  .tag.mine {
    color: var(--_care-text);
    background: var(--_care-warning-surface);
  }

  .details {
    margin: 0;
    display: grid;
    gap: 2px;
  }

  .details div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_care-space);
  }

  .details dt {
    font-weight: 600;
  }

  .details dd {
    margin: 0;
    white-space: pre-wrap;
  }

  .lab-flag {
    margin: 0;
    font-weight: 700;
    color: var(--_record-flag);
  }

  .lab-flag[data-flag='normal'] {
    color: var(--_care-success);
  }

  .computed {
    font-style: italic;
  }

  .saved-copy {
    margin: 0;
    padding: var(--_care-space);
    border-inline-start: 4px solid var(--_care-text-muted);
    background: var(--_care-warning-surface);
  }

  .none-known {
    margin: 0;
    padding: var(--_care-space);
    border-inline-start: 4px solid var(--_care-success);
    background: var(--_care-surface-alt);
  }

  .item-actions,
  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_care-space) calc(var(--_care-space) * 2);
    align-items: center;
  }

  .tools.start {
    justify-content: flex-start;
  }

  input.short {
    max-inline-size: 10em;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_care-space);
    justify-content: flex-start;
  }

  .summary {
    display: grid;
    gap: calc(var(--_care-space) * 2);
  }

  .summary-part {
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  .trend {
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  .chart {
    inline-size: 100%;
    block-size: auto;
    max-block-size: 260px;
  }

  .chart .band {
    fill: var(--_record-band);
  }

  .chart .axis {
    stroke: var(--_care-border);
    stroke-width: 1;
  }

  .chart .line {
    fill: none;
    stroke: var(--_record-line);
    stroke-width: 2.5;
  }

  .chart .point {
    fill: var(--_record-line);
  }

  /* A second series (diastolic pressure) is dashed, so it is told apart without colour. */
  .chart .line.series-1 {
    stroke-dasharray: 6 4;
  }

  .chart .point.mine {
    fill: var(--_care-surface);
    stroke: var(--_record-line);
    stroke-width: 2;
  }

  /* Outside the normal range: the flag colour and a ring, so it is told apart without colour too. */
  .chart .point.flagged {
    fill: var(--_record-flag);
    stroke: var(--_care-surface);
    stroke-width: 1.5;
  }

  .chart .tick {
    fill: var(--_care-text-muted);
    font-size: 12px;
  }

  .trend-table table {
    border-collapse: collapse;
    inline-size: 100%;
  }

  .trend-table th,
  .trend-table td {
    padding: 4px var(--_care-space);
    border-block-end: 1px solid var(--_care-border);
    text-align: start;
  }

  .trend-table .flag {
    color: var(--_record-flag);
    font-weight: 600;
  }

  .trend-pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_care-space);
    margin-block-start: var(--_care-space);
  }

  .trend-pager .hint {
    margin: 0;
    flex: 1 1 100%;
  }

  .trend-table summary {
    cursor: pointer;
    color: var(--_care-primary);
    text-decoration: underline;
  }

  @media (forced-colors: active) {
    .nav-item[aria-current='true'] {
      border-inline-start-color: Highlight;
      forced-color-adjust: none;
      background: Canvas;
      color: CanvasText;
    }
    .chart .line {
      stroke: CanvasText;
    }
    .chart .point {
      fill: CanvasText;
    }
    .chart .band {
      fill: none;
      stroke: GrayText;
      stroke-dasharray: 4 4;
    }
    .tag,
    .lab-flag,
    .trend-table .flag,
    .none-known {
      forced-color-adjust: auto;
      border: 1px solid CanvasText;
    }
  }

  @media print {
    nav,
    .item-actions,
    .tools,
    .more,
    .form-panel {
      display: none;
    }
    .layout {
      grid-template-columns: 1fr;
    }
  }
`;
