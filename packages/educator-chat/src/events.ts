/**
 * Events for the host page's analytics. They say what happened, never what was
 * written: no message text, no topic, nothing about health.
 */
const init = { bubbles: true, composed: true } as const;

/** The patient opened the chat panel. */
export class CareChatOpenEvent extends Event {
  static readonly eventName = 'care-chat-open';
  constructor(readonly conversationKey: string) {
    super(CareChatOpenEvent.eventName, init);
  }
}

/** The patient closed the chat panel. */
export class CareChatCloseEvent extends Event {
  static readonly eventName = 'care-chat-close';
  constructor(readonly conversationKey: string) {
    super(CareChatCloseEvent.eventName, init);
  }
}

/** The patient sent a message (it is in the outbox; delivery follows). */
export class CareChatMessageSentEvent extends Event {
  static readonly eventName = 'care-chat-message-sent';
  constructor(
    readonly conversationKey: string,
    /** Whether this message started a new conversation. */
    readonly startedConversation: boolean,
  ) {
    super(CareChatMessageSentEvent.eventName, init);
  }
}

/** The patient rated the chat after ending it. The score only: never the comment. */
export class CareChatRatedEvent extends Event {
  static readonly eventName = 'care-chat-rated';
  constructor(
    readonly conversationKey: string,
    /** 1 to 5. */
    readonly rating: number,
  ) {
    super(CareChatRatedEvent.eventName, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'care-chat-open': CareChatOpenEvent;
    'care-chat-close': CareChatCloseEvent;
    'care-chat-message-sent': CareChatMessageSentEvent;
    'care-chat-rated': CareChatRatedEvent;
  }
}
