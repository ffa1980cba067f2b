/**
 * The base every widget's styles start from.
 *
 * Three tiers: public tokens `--care-*` (set by hosts and vendor themes),
 * per-component properties that fall back to them (in each widget), and a few
 * `::part`s. Private `--_care-*` variables resolve tokens to defaults once.
 */
import { css } from 'lit';

/**
 * A hardened host. Outer normal declarations beat `:host`, but for
 * `!important` declarations the shadow tree wins (CSS Scoping), so
 * `!important` here defeats `* { color: magenta !important }` and friends on
 * legacy pages. Hosts still theme through `--care-*` tokens and `::part`,
 * and can still place the element (margins, width) and hide it with `hidden`.
 */
/** Dark defaults, used when configured `dark` or when `auto` meets a dark system setting. */
const darkTokens = css`
  --_care-primary: var(--care-color-primary, #7cb9f0);
  --_care-on-primary: var(--care-color-on-primary, #0b1620);
  --_care-text: var(--care-color-text, #e8edee);
  --_care-text-muted: var(--care-color-text-muted, #b7c3cc);
  --_care-surface: var(--care-color-surface, #15202b);
  --_care-surface-alt: var(--care-color-surface-alt, #22303c);
  --_care-border: var(--care-color-border, #8799a6);
  --_care-error: var(--care-color-error, #ff8a80);
  --_care-on-error: var(--care-color-on-error, #0b1620);
  --_care-success: var(--care-color-success, #7ed29c);
  --_care-warning-surface: var(--care-color-warning-surface, #3d3414);
  color-scheme: dark;
`;

export const hostStyles = css`
  :host {
    display: block !important;
    visibility: visible !important;
    opacity: 1 !important;
    box-sizing: border-box !important;
    color: var(--care-color-text, #212b32) !important;
    font-family: var(--care-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Arabic', Tahoma, Arial, sans-serif) !important;
    font-size: var(--care-font-size, 16px) !important;
    font-style: normal !important;
    font-weight: 400 !important;
    font-variant: normal !important;
    line-height: var(--care-line-height, 1.5) !important;
    letter-spacing: normal !important;
    word-spacing: normal !important;
    text-align: start !important;
    text-indent: 0 !important;
    text-transform: none !important;
    text-shadow: none !important;
    white-space: normal !important;
    cursor: auto !important;
    filter: none !important;
    transform: none !important;
    clip-path: none !important;
    pointer-events: auto !important;
    -webkit-text-fill-color: currentColor !important;
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .care-root {
    /* Resolved tokens: page values win; these are the light defaults. */
    --_care-primary: var(--care-color-primary, #005eb8);
    --_care-on-primary: var(--care-color-on-primary, #ffffff);
    --_care-text: var(--care-color-text, #212b32);
    --_care-text-muted: var(--care-color-text-muted, #4c6272);
    --_care-surface: var(--care-color-surface, #ffffff);
    --_care-surface-alt: var(--care-color-surface-alt, #f0f4f5);
    --_care-border: var(--care-color-border, #768692);
    --_care-focus: var(--care-color-focus, #ffeb3b);
    --_care-focus-text: var(--care-color-focus-text, #212b32);
    --_care-error: var(--care-color-error, #d5281b);
    --_care-on-error: var(--care-color-on-error, #ffffff);
    --_care-success: var(--care-color-success, #007f3b);
    --_care-warning-surface: var(--care-color-warning-surface, #fff9c4);
    --_care-radius: var(--care-radius, 8px);
    --_care-space: var(--care-space, 8px);
    --_care-shadow: var(--care-shadow, 0 2px 8px rgb(0 0 0 / 0.2));
    --_care-motion: var(--care-motion-duration, 150ms);
    color: var(--_care-text);
    background: var(--_care-surface);
    border-radius: var(--_care-radius);
    color-scheme: light;
  }

  .care-root[data-scheme='dark'] {
    ${darkTokens}
  }

  @media (prefers-color-scheme: dark) {
    .care-root[data-scheme='auto'] {
      ${darkTokens}
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .care-root {
      --_care-motion: 0ms;
    }
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      animation-iteration-count: 1 !important;
      transition-duration: 0.01ms !important;
      scroll-behavior: auto !important;
    }
  }

  /* Shared controls. 16px inputs: iOS zooms into anything smaller. */
  button,
  input,
  select,
  textarea {
    font: inherit;
    font-size: max(16px, 1em);
    color: inherit;
    letter-spacing: inherit;
  }

  :focus-visible {
    outline: 3px solid var(--_care-focus);
    outline-offset: 0;
    box-shadow: 0 0 0 5px var(--_care-text);
  }

  .care-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: calc(var(--_care-space) / 2);
    min-block-size: 44px;
    padding-block: calc(var(--_care-space) * 1);
    padding-inline: calc(var(--_care-space) * 2);
    border: 2px solid transparent;
    border-radius: calc(var(--_care-radius) / 2);
    background: var(--_care-primary);
    color: var(--_care-on-primary);
    font-weight: 600;
    cursor: pointer;
    transition: filter var(--_care-motion);
  }

  .care-button:hover {
    filter: brightness(0.92);
  }

  .care-button[data-variant='secondary'] {
    background: var(--_care-surface-alt);
    color: var(--_care-text);
    border-color: var(--_care-border);
  }

  .care-visually-hidden {
    position: absolute !important;
    inline-size: 1px !important;
    block-size: 1px !important;
    margin: -1px !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    white-space: nowrap !important;
    border: 0 !important;
  }

  /* State panels: loading, empty, error, offline, configuration problems. */
  .care-state {
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
    padding: calc(var(--_care-space) * 2);
    border-inline-start: 4px solid var(--_care-border);
    background: var(--_care-surface-alt);
  }

  .care-state[data-state='error'],
  .care-state[data-state='config'] {
    border-inline-start-color: var(--_care-error);
  }

  .care-state[data-state='offline'] {
    border-inline-start-color: var(--_care-primary);
    background: var(--_care-warning-surface);
  }

  .care-state__title {
    margin: 0;
    font-size: 1.125em;
    font-weight: 700;
  }

  .care-state__detail {
    margin: 0;
  }

  .care-state__fix {
    margin: 0;
    font-size: 0.875em;
    color: var(--_care-text-muted);
    overflow-wrap: anywhere;
  }

  .care-spinner {
    inline-size: 1.5em;
    block-size: 1.5em;
    border: 3px solid var(--_care-border);
    border-block-start-color: var(--_care-primary);
    border-radius: 50%;
    animation: care-spin 0.9s linear infinite;
  }

  @keyframes care-spin {
    to {
      transform: rotate(360deg);
    }
  }

  /* Windows High Contrast and other forced palettes: rely on system colours. */
  @media (forced-colors: active) {
    .care-root {
      --_care-focus: Highlight;
      --_care-border: CanvasText;
      border: 1px solid CanvasText;
    }
    .care-button {
      border-color: ButtonText;
      forced-color-adjust: none;
      background: ButtonFace;
      color: ButtonText;
    }
    .care-state {
      border: 1px solid CanvasText;
    }
    :focus-visible {
      outline-color: Highlight;
      box-shadow: none;
    }
  }
`;
