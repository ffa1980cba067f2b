import { html } from 'lit';

/** The launcher's speech-bubble icon, shared with the chat itself so the button never changes when it loads. */
export const launcherIcon = html`<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
  <path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
</svg>`;
