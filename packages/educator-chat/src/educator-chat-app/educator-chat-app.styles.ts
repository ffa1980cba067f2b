import { css } from 'lit';

export const chatStyles = css`
  .panel {
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
    padding: calc(var(--_care-space) * 2);
    background: var(--_care-surface);
    color: var(--_care-text);
    border: 1px solid var(--_care-border);
    border-radius: var(--_care-radius);
  }

  :host([mode='launcher']) .panel {
    position: fixed;
    z-index: var(--_chat-z);
    inset-block-end: calc(var(--_chat-inset) * 2 + var(--care-chat-launcher-size, 56px));
    inset-inline-end: var(--_chat-inset);
    inline-size: min(var(--care-chat-panel-width, 380px), calc(100vw - var(--_chat-inset) * 2));
    max-block-size: min(var(--care-chat-panel-height, 560px), calc(100dvh - var(--_chat-inset) * 3 - var(--care-chat-launcher-size, 56px)));
    overflow-y: auto;
    box-shadow: var(--_care-shadow);
  }

  /* Phones and heavy zoom: a floating card would leave a sliver of page around it, so
     the panel takes the whole screen (its header has the close button). */
  @media (max-width: 480px), (max-height: 480px) {
    :host([mode='launcher']) .panel {
      inset: 0;
      inline-size: auto;
      max-block-size: none;
      border: 0;
      border-radius: 0;
      box-shadow: none;
    }
  }

  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_care-space);
  }

  h2 {
    margin: 0;
    font-size: 1.25em;
    line-height: 1.3;
  }

  h3 {
    margin: 0 0 var(--_care-space);
    font-size: 1.1em;
  }

  .close {
    inline-size: 44px;
    block-size: 44px;
    border: 0;
    border-radius: 50%;
    background: transparent;
    color: inherit;
    cursor: pointer;
    display: grid;
    place-items: center;
  }

  .scope {
    margin: 0;
    padding: var(--_care-space);
    border-inline-start: 4px solid var(--_care-error);
    background: var(--_care-surface-alt);
    font-size: 0.9375em;
  }

  a {
    color: var(--_care-primary);
  }

  .emergency {
    padding: var(--_care-space);
    border: 3px solid var(--_care-error);
    background: var(--_care-warning-surface);
  }

  .emergency p {
    margin: 0;
  }

  .emergency__title {
    font-weight: 700;
  }

  .availability p {
    margin: 0;
  }

  .dot {
    display: inline-block;
    inline-size: 10px;
    block-size: 10px;
    margin-inline-end: 6px;
    border-radius: 50%;
    background: var(--_care-text-muted);
  }

  [data-online='true'] .dot {
    background: var(--_care-success);
  }

  .hours {
    margin: 4px 0 0;
    padding-inline-start: 20px;
  }

  .log {
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
    max-block-size: var(--care-chat-log-height, 360px);
    overflow-y: auto;
    padding: 2px;
    overscroll-behavior: contain;
  }

  /* Announcements for screen readers only: clipped like the region around them. */
  .announcements p {
    margin: 0;
    overflow: hidden;
  }

  /* Markers at the list's ends: scrolling near one moves the window of rendered messages. */
  .edge {
    flex: none;
    block-size: 1px;
    margin-block: calc(var(--_care-space) / -2);
  }

  .date,
  .system {
    margin: 0;
    text-align: center;
    font-size: 0.875em;
    color: var(--_care-text-muted);
  }

  .message {
    display: flex;
    flex-direction: column;
    max-inline-size: 85%;
    align-self: flex-start;
  }

  .message.mine {
    align-self: flex-end;
    align-items: flex-end;
  }

  .bubble {
    padding: var(--_care-space) calc(var(--_care-space) * 1.5);
    border-radius: var(--_care-radius);
    background: var(--care-chat-theirs-background, var(--_care-surface-alt));
    overflow-wrap: anywhere;
  }

  .mine .bubble {
    background: var(--care-chat-mine-background, var(--_care-primary));
    color: var(--care-chat-mine-color, var(--_care-on-primary));
  }

  .mine .bubble a {
    color: inherit;
  }

  .bubble p,
  .bubble ul,
  .bubble ol {
    margin: 0;
  }

  .bubble ul,
  .bubble ol {
    padding-inline-start: 1.25em;
  }

  .message[data-state='rejected'] .bubble,
  .message[data-state='failed'] .bubble {
    outline: 2px dashed var(--_care-error);
  }

  .author {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 0 0 2px;
    font-size: 0.875em;
  }

  .name {
    font-weight: 700;
  }

  .role {
    color: var(--_care-text-muted);
  }

  .avatar {
    display: inline-grid;
    place-items: center;
    inline-size: 28px;
    block-size: 28px;
    border-radius: 50%;
    background: var(--_care-primary);
    color: var(--_care-on-primary);
    font-size: 12px;
    font-weight: 700;
    overflow: hidden;
  }

  .avatar[data-initials]::before {
    content: attr(data-initials);
  }

  .avatar img {
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
  }

  .meta {
    margin: 2px 0 0;
    font-size: 0.8125em;
    color: var(--_care-text-muted);
  }

  .typing {
    margin: 0;
    min-block-size: 1.5em;
    font-style: italic;
    color: var(--_care-text-muted);
  }

  .queue {
    margin: 0;
    font-weight: 600;
  }

  .more {
    align-self: center;
  }

  .composer {
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  .actions {
    display: flex;
    justify-content: flex-end;
  }

  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_care-space);
    justify-content: flex-end;
  }

  .ending {
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
    padding: var(--_care-space);
    border: 1px solid var(--_care-border);
    border-radius: calc(var(--_care-radius) / 2);
  }

  .ending p {
    margin: 0;
  }

  .actions {
    gap: var(--_care-space);
    flex-wrap: wrap;
    align-items: flex-start;
  }

  .attach {
    margin-inline-end: auto;
  }

  .attach-button {
    min-block-size: 44px;
  }

  .context {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_care-space);
    padding: var(--_care-space);
    border-inline-start: 4px solid var(--_care-primary);
    background: var(--_care-surface-alt);
  }

  .context p,
  .context-line {
    margin: 0;
  }

  .context-line {
    font-size: 0.875em;
    color: var(--_care-text-muted);
  }

  .attachments {
    margin: 4px 0 0;
    padding-inline-start: 1.25em;
  }

  .upload {
    display: flex;
    align-items: center;
    gap: var(--_care-space);
    margin: 0;
  }

  progress {
    inline-size: 120px;
  }

  @media (forced-colors: active) {
    .bubble,
    .emergency,
    .scope {
      border: 2px solid CanvasText;
      forced-color-adjust: none;
      background: Canvas;
      color: CanvasText;
    }
    .dot {
      forced-color-adjust: none;
      background: CanvasText;
    }
  }
`;
