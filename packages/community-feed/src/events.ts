/** Events for the host's analytics: no post text, titles or names. */
export class CareCommunityPostEvent extends Event {
  static readonly eventName = 'care-community-post';
  constructor(
    readonly groupId: string,
    readonly reply: boolean,
  ) {
    super(CareCommunityPostEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'care-community-post': CareCommunityPostEvent;
  }
}
