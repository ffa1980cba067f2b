/**
 * Form styles shared by every widget, after GOV.UK and NHS.UK: labels above
 * controls, hints and errors in the same shadow root, 16 px inputs (phones do not
 * zoom), a red bar beside a field in error, and an error summary.
 */
import { css } from 'lit';

export const formStyles = css`
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }

  legend {
    font-weight: 700;
    margin-block-end: 4px;
  }

  .choice {
    display: flex;
    align-items: center;
    gap: var(--_care-space);
    min-block-size: 32px;
  }

  .choice input {
    inline-size: 20px;
    block-size: 20px;
  }

  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }

  .field label {
    font-weight: 600;
  }

  .field--error {
    border-inline-start: 4px solid var(--_care-error);
    padding-inline-start: var(--_care-space);
  }

  .hint {
    margin: 0;
    color: var(--_care-text-muted);
    font-size: 0.9375em;
  }

  .error {
    margin: 0;
    color: var(--_care-error);
    font-weight: 700;
  }

  input[type='text'],
  input[type='email'],
  input[type='tel'],
  input[type='number'],
  input[type='date'],
  input[type='datetime-local'],
  input[type='search'],
  select,
  textarea {
    inline-size: 100%;
    padding: var(--_care-space);
    border: 2px solid var(--_care-border);
    border-radius: calc(var(--_care-radius) / 2);
    background: var(--_care-surface);
    font-size: 16px;
  }

  textarea {
    resize: vertical;
    min-block-size: 4.5em;
  }

  [aria-invalid='true'] {
    border-color: var(--_care-error);
  }

  .error-summary {
    padding: var(--_care-space) calc(var(--_care-space) * 2);
    border: 4px solid var(--_care-error);
  }

  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  .error-summary a {
    color: var(--_care-error);
    font-weight: 700;
  }

  /* A button that reads as a link: secondary actions beside content. */
  .link {
    border: 0;
    background: none;
    padding: 0 4px;
    color: var(--_care-primary);
    text-decoration: underline;
    cursor: pointer;
    min-block-size: 24px;
    font: inherit;
  }

  .link:disabled {
    color: var(--_care-text-muted);
    cursor: progress;
  }

  /* A form that opens inside a widget (add a reading, join a group, report a post). */
  .form-panel {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_care-space) * 1.5);
    padding: calc(var(--_care-space) * 2);
    background: var(--_care-surface-alt);
    border-radius: calc(var(--_care-radius) / 2);
  }

  /* "Show more" under a list, with its error above the button. */
  div.more {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_care-space);
  }
`;
