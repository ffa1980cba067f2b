import { css } from 'lit';

export const feedbackFormStyles = css`
  :host {
    --_feedback-panel: var(--care-feedback-panel-color, var(--_care-success));
    --_feedback-urgent: var(--care-feedback-urgent-color, var(--_care-error));
  }

  .feedback {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_care-space) * 2);
    padding: calc(var(--_care-space) * 2);
    background: var(--_care-surface);
    color: var(--_care-text);
    border: 1px solid var(--_care-border);
    border-radius: var(--_care-radius);
  }

  form,
  .receipt,
  .sending,
  .questions,
  .who {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_care-space) * 2);
  }

  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }

  h2 {
    font-size: 1.375em;
  }

  h3 {
    font-size: 1.1875em;
  }

  p {
    margin: 0;
  }

  h2:focus,
  section:focus {
    outline: none;
  }

  .choice-row {
    margin-block-end: var(--_care-space);
  }

  .choice-hint {
    padding-inline-start: 2.25em;
  }

  .rating {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_care-space) / 2);
  }

  /* Eleven choices side by side where there is room; a list on a phone. */
  @media (min-width: 40em) {
    .rating--recommend {
      flex-direction: row;
      flex-wrap: wrap;
      gap: var(--_care-space) calc(var(--_care-space) * 2);
    }
  }

  .date-input {
    display: flex;
    gap: calc(var(--_care-space) * 2);
  }

  .date-input__item {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_care-space) / 2);
  }

  .width-2 {
    inline-size: 3.5em;
  }

  .width-4 {
    inline-size: 5.5em;
  }

  .conditional {
    border-inline-start: 4px solid var(--_care-border);
    padding-inline-start: calc(var(--_care-space) * 2);
    margin-block: var(--_care-space);
  }

  .count--over {
    color: var(--_care-error);
    font-weight: 600;
  }

  .warning-text {
    background: var(--_care-warning-surface);
    padding: var(--_care-space);
    border-radius: var(--_care-radius);
  }

  .urgent-note {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_care-space);
    align-items: baseline;
  }

  .emergency {
    border-inline-start: 6px solid var(--_feedback-urgent);
    padding: var(--_care-space) calc(var(--_care-space) * 2);
    background: var(--_care-surface-alt);
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  .emergency--full {
    align-items: flex-start;
  }

  .receipt {
    align-items: flex-start;
  }

  .receipt__panel {
    background: var(--_feedback-panel);
    color: var(--_care-surface);
    padding: calc(var(--_care-space) * 3);
    text-align: center;
    align-self: stretch;
    border-radius: var(--_care-radius);
  }

  .receipt__panel h2 {
    font-size: 1.5em;
    margin-block-end: var(--_care-space);
  }

  .reference {
    font-size: 1.5em;
    letter-spacing: 0.05em;
    overflow-wrap: anywhere;
  }

  .files {
    list-style: none;
    padding: 0;
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  .files li {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_care-space);
    align-items: center;
  }

  .files span:first-child {
    overflow-wrap: anywhere;
  }

  progress {
    inline-size: 10em;
  }

  .question-display {
    font-weight: 600;
  }

  .question-problem {
    color: var(--_care-text-muted);
  }

  /* The honeypot: out of sight and out of the tab order, but not display:none (robots skip those). */
  .trap {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_care-space);
  }

  @media (forced-colors: active) {
    .receipt__panel,
    .emergency,
    .warning-text {
      border: 2px solid CanvasText;
    }

    .count--over {
      color: CanvasText;
    }

    progress {
      border: 1px solid CanvasText;
    }
  }
`;
