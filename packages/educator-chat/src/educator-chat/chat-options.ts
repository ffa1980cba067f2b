import { property } from 'lit/decorators.js';
import { CareElement } from '@careline/core';

/**
 * The attributes and properties of `<care-educator-chat>`, declared once for it and for the
 * chat it draws inside (`<care-educator-chat-app>`), to which it passes them on.
 */
export abstract class ChatOptionsElement extends CareElement {
  static override requiredPort = 'chat' as const;

  /** `launcher`: a floating button that opens a panel. `inline`: the chat sits in the page. */
  @property({ reflect: true }) mode: 'launcher' | 'inline' = 'launcher';

  /**
   * Which conversation this chat holds. Two chats on one page share a conversation
   * only when both set the same key on purpose.
   */
  @property({ attribute: 'conversation-key' }) conversationKey = 'default';

  /** The number shown and dialled in "Not for emergencies" and the emergency notice. */
  @property({ attribute: 'emergency-number' }) emergencyNumber = '112';

  /** Whether the panel is open (launcher mode). Remembered for the next page the patient visits. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Largest attachment accepted, in megabytes (the backend may refuse smaller ones too). */
  @property({ attribute: 'max-attachment-mb', type: Number }) maxAttachmentMb = 10;

  /** Extra emergency wording the hospital wants recognised, in any language. */
  @property({ attribute: false }) emergencyPhrases: ReadonlyArray<string | RegExp> = [];

  /** This chat's key in localStorage (its conversation, whether its panel is open): no content. */
  protected storageKey(suffix: string): string {
    return `careline:${this.care.config?.namespace ?? 'default'}:chat:${this.conversationKey}:${suffix}`;
  }

  /** Storage may be blocked (sandboxed frames): then nothing is remembered. */
  protected readStored(suffix: string): string | null {
    try {
      return localStorage.getItem(this.storageKey(suffix));
    } catch {
      return null;
    }
  }
}
