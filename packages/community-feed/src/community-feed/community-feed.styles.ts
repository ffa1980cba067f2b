import { css } from 'lit';

export const communityFeedStyles = css`
  :host {
    --_community-staff: var(--care-community-staff-color, var(--_care-primary));
    --_community-pinned: var(--care-community-pinned-background, var(--_care-surface-alt));
  }

  .community {
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
  h4,
  h5 {
    margin: 0;
    line-height: 1.25;
  }

  h2 {
    font-size: 1.375em;
  }

  h3 {
    font-size: 1.1875em;
  }

  h4,
  h5 {
    font-size: 1em;
  }

  p {
    margin: 0;
  }

  .groups,
  .group,
  .membership,
  .thread {
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  .groups {
    max-inline-size: 24rem;
  }

  .groups label {
    font-weight: 600;
  }

  .tools,
  .actions,
  .post-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_care-space);
  }

  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_care-space) calc(var(--_care-space) * 2);
  }

  .toolbar .search {
    flex: 1 1 12rem;
  }

  .rules {
    padding: var(--_care-space);
    border-inline-start: 4px solid var(--_care-primary);
    background: var(--_care-surface);
  }

  .posts,
  .replies {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_care-space);
  }

  /* The feed keeps the reader's place itself when its window moves (see moveWindow). */
  .posts[role='feed'] {
    overflow-anchor: none;
  }

  .replies {
    padding-inline-start: calc(var(--_care-space) * 2);
    border-inline-start: 2px solid var(--_care-border);
  }

  .post {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: calc(var(--_care-space) * 1.5);
    border: 1px solid var(--_care-border);
    border-radius: calc(var(--_care-radius) / 2);
    overflow-wrap: anywhere;
  }

  .post.pinned {
    background: var(--_community-pinned);
    border-inline-start: 4px solid var(--_community-staff);
  }

  .post.pending {
    border-style: dashed;
  }

  .post.reply {
    border: 0;
    padding: var(--_care-space) 0;
  }

  .post-title {
    font-size: 1.0625em;
  }

  .byline {
    display: flex;
    flex-wrap: wrap;
    gap: 4px var(--_care-space);
    color: var(--_care-text-muted);
    font-size: 0.9375em;
  }

  .author {
    font-weight: 700;
    color: var(--_care-text);
  }

  .badge {
    padding-inline: 6px;
    border: 1px solid currentColor;
    border-radius: 4px;
    font-size: 0.875em;
  }

  .badge.staff,
  .label.verified {
    color: var(--_community-staff);
    font-weight: 700;
  }

  .label {
    font-weight: 600;
    font-size: 0.9375em;
  }

  .pending-label {
    padding: 4px var(--_care-space);
    background: var(--_care-warning-surface);
  }

  .post-body p {
    margin: 0 0 0.5em;
  }

  .post-body p:last-child {
    margin-block-end: 0;
  }

  .content-warning summary {
    cursor: pointer;
    font-weight: 600;
    color: var(--_care-primary);
    text-decoration: underline;
  }

  .reaction {
    min-block-size: 32px;
    padding-inline: 10px;
    border: 1px solid var(--_care-border);
    border-radius: 16px;
    background: var(--_care-surface);
    color: var(--_care-text);
    font: inherit;
    cursor: pointer;
  }

  .reaction[aria-pressed='true'] {
    border-color: var(--_care-primary);
    background: var(--_care-primary);
    color: var(--_care-on-primary);
  }

  .reaction:disabled {
    cursor: default;
    opacity: 0.8;
  }

  .crisis,
  .details-warning {
    padding: var(--_care-space) calc(var(--_care-space) * 1.5);
    border: 3px solid var(--_care-error);
    background: var(--_care-surface);
  }

  .details-warning {
    border-color: var(--_care-text);
    background: var(--_care-warning-surface);
  }

  .shared-item,
  .share-preview {
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: var(--_care-space) calc(var(--_care-space) * 1.5);
    border-inline-start: 4px solid var(--_community-staff);
    background: var(--_care-surface);
  }

  .share-preview {
    gap: var(--_care-space);
    border: 2px solid var(--_community-staff);
  }

  @media (forced-colors: active) {
    .reaction[aria-pressed='true'] {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    .post.pinned,
    .crisis,
    .details-warning,
    .pending-label {
      border: 2px solid CanvasText;
    }
  }
`;
