/** @careline/adapter-discourse: the community port (and a small session port) over Discourse's API. */
export { createDiscourseAdapter, type DiscourseAdapter, type DiscourseAdapterOptions } from './discourse-adapter.js';
export { startDiscourseSignIn, completeDiscourseSignIn, discourseClientId, DiscourseSignInError, type DiscourseSignInOptions } from './sign-in-flow.js';
export { storedDiscourseKey, storedDiscourseClientId, forgetDiscourseKey } from './sign-in.js';
