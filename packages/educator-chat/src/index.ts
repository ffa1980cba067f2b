/**
 * @careline/educator-chat — `<care-educator-chat>`. No side effects: import
 * `@careline/educator-chat/define.js` to register the element.
 */
export { EducatorChat } from './educator-chat/educator-chat.js';
export { CareChatOpenEvent, CareChatCloseEvent, CareChatMessageSentEvent, CareChatRatedEvent } from './events.js';
export { ConversationModel, TimelineWindow, type TimelineItem } from './conversation/conversation-model.js';
export { CHAT_LOCALES, registerChatMessages, type ChatMessageKey } from './i18n/index.js';
