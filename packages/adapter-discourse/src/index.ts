/** @careline/adapter-discourse: the community port (and a small session port) over Discourse's API. */
export { createDiscourseAdapter, type DiscourseAdapter, type DiscourseAdapterOptions } from './discourse-adapter.js';
export { startDiscourseSignIn, completeDiscourseSignIn, storedDiscourseKey, forgetDiscourseKey, discourseClientId, DiscourseSignInError, type DiscourseSignInOptions } from './sign-in.js';
