import { css } from 'lit';

/**
 * The floating launcher, shared by <care-educator-chat> (before the chat has loaded) and the
 * chat itself, so the button the patient sees does not move or change when one replaces the other.
 */
export const launcherStyles = css`
  :host {
    --_chat-inset: var(--care-chat-inset, 16px);
    --_chat-z: var(--care-chat-z-index, 2147483000);
  }

  :host([mode='launcher']) {
    /* The host takes no room in the page: the launcher floats. */
    display: contents !important;
  }

  :host([mode='launcher']) .care-root {
    background: transparent;
  }

  .launcher {
    position: fixed;
    inset-block-end: var(--_chat-inset);
    inset-inline-end: var(--_chat-inset);
    z-index: var(--_chat-z);
    inline-size: var(--care-chat-launcher-size, 56px);
    block-size: var(--care-chat-launcher-size, 56px);
    border: 2px solid var(--_care-on-primary);
    border-radius: 50%;
    background: var(--_care-primary);
    color: var(--_care-on-primary);
    box-shadow: var(--_care-shadow);
    cursor: pointer;
    display: grid;
    place-items: center;
    padding: 0;
  }

  .badge {
    position: absolute;
    inset-block-start: -4px;
    inset-inline-end: -4px;
    min-inline-size: 22px;
    block-size: 22px;
    padding-inline: 6px;
    border-radius: 11px;
    background: var(--_care-error);
    color: var(--_care-on-error);
    font-size: 13px;
    font-weight: 700;
    line-height: 22px;
  }

  @media (forced-colors: active) {
    .launcher,
    .badge {
      border: 2px solid CanvasText;
      forced-color-adjust: none;
      background: Canvas;
      color: CanvasText;
    }
  }
`;

/** Where the launcher says the chat could not be loaded: where its panel would have opened. */
export const loadProblemStyles = css`
  .load-problem {
    position: fixed;
    z-index: var(--_chat-z);
    inset-block-end: calc(var(--_chat-inset) * 2 + var(--care-chat-launcher-size, 56px));
    inset-inline-end: var(--_chat-inset);
    inline-size: min(var(--care-chat-panel-width, 380px), calc(100vw - var(--_chat-inset) * 2));
    padding: calc(var(--_care-space) * 2);
    background: var(--_care-surface);
    color: var(--_care-text);
    border: 1px solid var(--_care-border);
    border-radius: var(--_care-radius);
    box-shadow: var(--_care-shadow);
  }
`;
