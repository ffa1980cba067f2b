/** @careline/adapter-discourse: the community port (and a small session port) over Discourse's API. */
export { createDiscourseAdapter, type DiscourseAdapter, type DiscourseAdapterOptions } from './discourse-adapter.js';
