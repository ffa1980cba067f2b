import { css } from 'lit';

export const feedbackStatusStyles = css`
  :host {
    --_feedback-step-done: var(--care-feedback-step-done-color, var(--_care-success));
  }

  .tracking {
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

  p {
    margin: 0;
  }

  form,
  .status,
  .mine {
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  .result:focus {
    outline: none;
  }

  .lookup {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_care-space);
    align-items: center;
  }

  .lookup input {
    inline-size: 16em;
    max-inline-size: 100%;
  }

  .steps,
  .mine-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .mine-list {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_care-space) * 2);
  }

  .step {
    position: relative;
    padding-inline-start: 2em;
    padding-block-end: calc(var(--_care-space) * 2);
    border-inline-start: 3px solid var(--_care-border);
    margin-inline-start: 0.5em;
  }

  .step:last-child {
    border-inline-start-color: transparent;
  }

  .step::before {
    content: '';
    position: absolute;
    inset-inline-start: -0.65em;
    inset-block-start: 0.1em;
    inline-size: 1em;
    block-size: 1em;
    border-radius: 50%;
    border: 3px solid var(--_care-border);
    background: var(--_care-surface);
  }

  .step--done::before,
  .step--current::before {
    background: var(--_feedback-step-done);
    border-color: var(--_feedback-step-done);
  }

  .step--done {
    border-inline-start-color: var(--_feedback-step-done);
  }

  .step__name {
    font-weight: 600;
  }

  .step--pending .step__name {
    color: var(--_care-text-muted);
  }

  .step__note {
    margin: var(--_care-space) 0 0;
    padding-inline-start: var(--_care-space);
    border-inline-start: 4px solid var(--_care-border);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  @media (forced-colors: active) {
    .step::before {
      forced-color-adjust: none;
      border-color: CanvasText;
      background: Canvas;
    }
    .step--done::before,
    .step--current::before {
      background: CanvasText;
    }
  }
`;
