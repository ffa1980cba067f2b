/** What is run in Chromium, and what each of our rows is compared with. */

/** Speed and memory of each widget in its normal, small state (20 items), and of each peer doing the same job. */
export const SPEED_PAGES = [
  { id: 'chat', label: '<care-educator-chat> inline (20 messages)', url: 'chat.html', ours: true, tag: 'care-educator-chat' },
  { id: 'record', label: '<care-record-viewer> (labs, 20 results)', url: 'record.html', ours: true, tag: 'care-record-viewer' },
  { id: 'feed', label: '<care-community-feed> (20 posts)', url: 'feed.html', ours: true, tag: 'care-community-feed' },
  { id: 'feedback', label: '<care-feedback-form>', url: 'feedback.html', ours: true, tag: 'care-feedback-form' },
  { id: 'lit', label: 'Trivial Lit element (floor)', url: 'lit.html', floor: true, tag: 'trivial-lit' },
  // What the widget's first view shows (same words, controls, structure and styles) for the same
  // items through the same adapter, with the same Intl formatting, from one render() and nothing else.
  { id: 'lit-chat', label: 'Trivial Lit element showing the chat\'s first view (floor)', url: 'litdata.html?floor=chat', floorFor: 'chat', tag: 'trivial-lit-chat' },
  { id: 'lit-record', label: 'Trivial Lit element showing the record viewer\'s first view (floor)', url: 'litdata.html?floor=record', floorFor: 'record', tag: 'trivial-lit-record' },
  { id: 'lit-feed', label: 'Trivial Lit element showing the feed\'s first view (floor)', url: 'litdata.html?floor=feed', floorFor: 'feed', tag: 'trivial-lit-feed' },
  { id: 'lit-feedback', label: 'Trivial Lit element showing the feedback form\'s first view (floor)', url: 'litdata.html?floor=feedback', floorFor: 'feedback', tag: 'trivial-lit-feedback' },
  { id: 'deepchat', label: 'deep-chat (20 messages)', url: 'deepchat.html', vs: 'chat', tag: 'deep-chat' },
  { id: 'formbricks', label: '@formbricks/surveys, the same first question inline (Preact included)', url: 'formbricks.html', vs: 'feedback' },
  { id: 'fhirreact', label: 'fhir-react + React (20 Observations)', url: 'fhirreact.html', vs: 'record' },
  { id: 'medplum', label: '@medplum/react ObservationTable + React + Mantine (20)', url: 'medplum.html', vs: 'record' },
];

export const THROTTLES = [1, 4];
export const RUNS = 7;
/**
 * Speed and memory pages get more: their first-content times decide budgets against floors
 * measured beside them, and on a 2-core machine a floor's median moved 20–30% between 7-run
 * samples of the same build (21–32 ms for the feed's floor in one session).
 */
export const SPEED_RUNS = 15;
/**
 * Rounds of each widget and its same-view floor (SPEED_RUNS with every page, the rest the two
 * alone): the time budget is their ratio, and with 15 rounds it moved by up to a third between
 * whole bench runs of the same build (the feedback form's at 4× CPU between 1.22 and 1.95).
 */
export const TTFC_ROUNDS = 45;
/**
 * A pair whose round-by-round ratio still has 1.5× inside its 95% interval after TTFC_ROUNDS gets
 * more rounds, TTFC_MORE_ROUNDS at a time, up to this many: a first content of a few milliseconds
 * on this 2-core machine needs them to be told from 1.5×, and only the unsettled pairs pay.
 */
export const TTFC_MAX_ROUNDS = 135;
export const TTFC_MORE_ROUNDS = 15;

/**
 * Long lists, at 1× CPU. `budgetMs`: when a scenario's runs together pass this, it stops
 * early (at least one run) and the row says how many runs it got, instead of stalling the whole bench.
 */
export const LONG_LISTS = [
  { id: 'chat-1k', label: 'Chat, 1,000 messages', url: 'chat.html?messages=1000&whole', action: 'append', ours: true },
  { id: 'chat-10k', label: 'Chat, 10,000 messages', url: 'chat.html?messages=10000&whole', action: 'append', ours: true },
  { id: 'deepchat-1k', label: 'deep-chat, 1,000 messages', url: 'deepchat.html?messages=1000', action: 'append', vs: 'chat-1k' },
  { id: 'deepchat-10k', label: 'deep-chat, 10,000 messages', url: 'deepchat.html?messages=10000&timeout=150000', action: 'append', vs: 'chat-10k', budgetMs: 60_000, limitMs: 60_000 },
  { id: 'record-5k', label: 'Record viewer, 5,000 lab results (labs section, then a trend)', url: 'record.html?observations=5000', action: 'trend', ours: true },
  { id: 'fhirreact-5k', label: 'fhir-react, 5,000 Observations', url: 'fhirreact.html?observations=5000&timeout=150000', vs: 'record-5k', budgetMs: 30_000 },
  { id: 'medplum-5k', label: '@medplum/react ObservationTable, 5,000 Observations', url: 'medplum.html?observations=5000&timeout=150000', vs: 'record-5k', budgetMs: 30_000 },
  { id: 'feed-10k', label: 'Feed, 10,000 posts on the server (first page, then load more)', url: 'feed.html?posts=10000', action: 'more', ours: true },
  { id: 'feed-10k-all', label: 'Feed, all 10,000 posts loaded (2 pages of 5,000)', url: 'feed.html?posts=10000&pageSize=5000', action: 'more', ours: true },
];

/**
 * A whole page load on a slow phone: Chrome DevTools' "Slow 4G" network (about 1.4 Mbps down, 560 ms
 * added to each request) with 4× CPU, as Lighthouse throttles for mobile. From navigation to first
 * content: the HTML, every script the page needs (gzipped, never cached), its compiling and running,
 * and the first content. Ours, the static-text floor (Lit alone) and every peer that runs offline.
 */
export const SLOW_PHONE = { label: 'Slow 4G (DevTools preset) and 4× CPU', cpu: 4, network: 'Slow 4G' };
export const LOAD_RUNS = 7;
export const LOAD_PAGES = ['chat', 'record', 'feed', 'feedback', 'lit', 'deepchat', 'formbricks', 'fhirreact', 'medplum'];
/**
 * The same, for a page without a build step: the loader's classic snippet from docs/distribution.md,
 * configured by its data-* attributes, and the tag in the markup (pages/no-build, not built). Only
 * first views that ask the backend nothing: the bench serves static files, with no API behind them.
 */
export const NO_BUILD_PAGES = [
  { id: 'no-build-feedback', label: '`<care-feedback-form>` on a page without a build step (the loader\'s classic snippet)', url: 'no-build/feedback.html', built: 'feedback' },
  { id: 'no-build-chat', label: '`<care-educator-chat>` launcher on a page without a build step (the loader\'s classic snippet)', url: 'no-build/chat.html' },
  // The same page with the preload links the loader's build prints (--preload care-feedback-form,adapter:rest).
  { id: 'no-build-feedback-preload', label: '`<care-feedback-form>` on a page without a build step, with the build\'s preload links', url: 'no-build/feedback-preload.html', built: 'feedback' },
];

export const LEAK_CYCLES = 1000;
export const LEAKS = [
  { id: 'chat', label: '<care-educator-chat>', url: 'chat.html', tag: 'care-educator-chat care-educator-chat-app', ours: true },
  { id: 'record', label: '<care-record-viewer>', url: 'record.html', tag: 'care-record-viewer', ours: true },
  { id: 'feed', label: '<care-community-feed>', url: 'feed.html', tag: 'care-community-feed', ours: true },
  { id: 'feedback', label: '<care-feedback-form>', url: 'feedback.html', tag: 'care-feedback-form', ours: true },
  { id: 'lit', label: 'Trivial Lit element (floor)', url: 'lit.html', tag: 'trivial-lit' },
  { id: 'deepchat', label: 'deep-chat', url: 'deepchat.html', tag: 'deep-chat' },
];

export const NOT_RUN = [
  '@formbricks/js: its npm package is only a loader stub; `setup()` downloads the real SDK (`/js/formbricks.umd.cjs`) and the surveys from a Formbricks server, which does not exist offline. Only the stub\'s size is measured. Its survey renderer is measured instead: @formbricks/surveys 1.99.0, the last version on npm (the server sends a newer one), asked the feedback form\'s first question from a survey written into the page. No leak cycles for it: it renders into a container with Preact and offers no way to unmount.',
  '<care-community-feed> has no peer: no maintained community-feed web component or React library does the same job offline.',
  'fhir-react and @medplum/react are React components: their leak cycles (mount/unmount) are not run; deep-chat and the Lit floor are.',
  'fhir-react 2.1.1 requires base64-js, ieee754 and util without declaring them (added to the bench to run it), and its CSS loads Google Fonts, which are blocked offline.',
];
