/**
 * @careline/community-feed — `<care-community-feed>`. No side effects: import
 * `@careline/community-feed/define.js` to register the element.
 */
export { CommunityFeed, POST_WINDOW } from './community-feed/community-feed.js';
export { CareCommunityPostEvent } from './events.js';
export { findPersonalDetails, readsLikeCrisis, type PersonalDetail } from './community-feed/safety.js';
export { COMMUNITY_LOCALES, registerCommunityMessages, type CommunityMessageKey } from './i18n/index.js';
