/**
 * Events for the host page's analytics. None carries free text, names, contact
 * details, departments, dates, ratings or references: only what kind of feedback
 * it was and how the form was used.
 */
import type { FeedbackKind, FeedbackState } from '@careline/core';

/** The patient chose what kind of feedback to give (once per form, and again if they change it). */
export class CareFeedbackStartEvent extends Event {
  static readonly eventName = 'care-feedback-start';
  constructor(readonly kind: FeedbackKind) {
    super(CareFeedbackStartEvent.eventName, { bubbles: true, composed: true });
  }
}

/** "Send" found problems: which fields (their ids), never what was typed. */
export class CareFeedbackInvalidEvent extends Event {
  static readonly eventName = 'care-feedback-invalid';
  constructor(readonly fields: readonly string[]) {
    super(CareFeedbackInvalidEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Feedback went into the outbox. Not the standard `submit`: that would bubble to a
 * host `<form>` around the widget and set off the page's own submit handlers.
 */
export class CareFeedbackSubmitEvent extends Event {
  static readonly eventName = 'care-feedback-submit';
  constructor(
    readonly kind: FeedbackKind,
    readonly anonymous: boolean,
    readonly onBehalf: boolean,
    readonly attachmentCount: number,
    /** Sent while offline: it waits in the outbox. */
    readonly queued: boolean,
  ) {
    super(CareFeedbackSubmitEvent.eventName, { bubbles: true, composed: true });
  }
}

/** The hospital confirmed it has the feedback (a reference was shown). */
export class CareFeedbackReceiptEvent extends Event {
  static readonly eventName = 'care-feedback-receipt';
  constructor(readonly kind: FeedbackKind) {
    super(CareFeedbackReceiptEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Emergency information was shown: `reason` says whether the patient asked for it or their words suggested it. */
export class CareFeedbackUrgentEvent extends Event {
  static readonly eventName = 'care-feedback-urgent';
  constructor(readonly reason: 'chosen' | 'detected') {
    super(CareFeedbackUrgentEvent.eventName, { bubbles: true, composed: true });
  }
}

/** A reference was looked up in `<care-feedback-status>`: found or not, and its state. */
export class CareFeedbackTrackEvent extends Event {
  static readonly eventName = 'care-feedback-track';
  constructor(
    readonly found: boolean,
    readonly state: FeedbackState | undefined,
  ) {
    super(CareFeedbackTrackEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'care-feedback-start': CareFeedbackStartEvent;
    'care-feedback-invalid': CareFeedbackInvalidEvent;
    'care-feedback-submit': CareFeedbackSubmitEvent;
    'care-feedback-receipt': CareFeedbackReceiptEvent;
    'care-feedback-urgent': CareFeedbackUrgentEvent;
    'care-feedback-track': CareFeedbackTrackEvent;
  }
}
