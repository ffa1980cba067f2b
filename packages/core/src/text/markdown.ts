/**
 * Minimal, safe markdown for chat messages.
 *
 * Supported: paragraphs (blank line), line breaks (single newline), `**bold**`, `*italic*`,
 * `_italic_`, unordered lists (`- ` / `* `), ordered lists (`1. `), links `[text](url)` and
 * bare `http(s)://` URLs. Everything else is text: `# heading`, `<b>`, images, code.
 *
 * Safety: the output is built from lit templates only. Message text only ever reaches the
 * DOM as text nodes or as a checked `href`, never as HTML, so `<script>` and friends render
 * as the characters the patient typed. Links are allowed for `https:`, `http:`, `mailto:`
 * and `tel:` only (checked with `new URL`, after rejecting whitespace, control and format
 * characters); anything else, including `javascript:` in any disguise, renders as the
 * plain text of the original. Links open in a new tab with `rel="noopener noreferrer
 * nofollow"`, and when their text does not already show where they go, the destination's
 * host is shown with them: `Portal (portal.example.org)`.
 */
import { html, nothing, type TemplateResult } from 'lit';

export interface MarkdownOptions {
  /**
   * The text shown in brackets after a link whose text does not already show its
   * destination, e.g. to add a translated "opens in a new tab". Receives the link's checked,
   * normalised `href`. Default: {@link linkDestination} (the host of a web address, the
   * address of `mailto:`, the number of `tel:`). Return `''` to show nothing.
   */
  linkLabel?: (href: string) => string;
}

/** The URL schemes a message may link to. */
export const ALLOWED_LINK_PROTOCOLS: readonly string[] = ['https:', 'http:', 'mailto:', 'tel:'];
const ALLOWED = new Set(ALLOWED_LINK_PROTOCOLS);

const MAX_URL_LENGTH = 2048;
const MAX_LABEL_LENGTH = 500;

/** Whitespace, control and invisible format characters (bidi overrides, zero-width). */
const INVISIBLE_OR_SPACE = /[\s\p{Cc}\p{Cf}\p{Z}]/u;

/**
 * Returns the normalised `href` for a link target a message may use, or `null`. Only
 * absolute `https:`, `http:`, `mailto:` and `tel:` URLs pass; URLs with whitespace, control
 * or format characters, or with credentials (`https://bank.example@evil.example`) do not.
 * Character references are never decoded, so `javascript&colon;…` is not a scheme at all.
 */
export function safeHref(raw: string): string | null {
  const value = raw.trim();
  if (value === '' || value.length > MAX_URL_LENGTH || INVISIBLE_OR_SPACE.test(value)) return null;
  // The scheme as written must already be allowed: no relative URLs, no parser surprises.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (scheme === undefined || !ALLOWED.has(`${scheme.toLowerCase()}:`)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!ALLOWED.has(url.protocol)) return null;
  if (url.username !== '' || url.password !== '') return null;
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return null;
  if ((url.protocol === 'mailto:' || url.protocol === 'tel:') && url.pathname === '') return null;
  return url.href;
}

/**
 * Where a checked `href` goes, as a patient should see it: the host of a web address
 * (IDN hosts in their `xn--` form, so look-alike letters cannot hide), the address of a
 * `mailto:` link, the number of a `tel:` link.
 */
export function linkDestination(href: string): string {
  const url = new URL(href);
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.host;
  return safeDecode(url.pathname);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** True when the visible link text already shows the link's destination. */
function textShowsDestination(text: string, href: string): boolean {
  const shown = text.trim().toLowerCase();
  if (shown === '' || shown === href.toLowerCase()) return true;
  const url = new URL(href);
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    const host = /^(?:https?:\/\/)?([^\s/?#]+)(?:[/?#]\S*)?$/.exec(shown)?.[1];
    return host !== undefined && host.replace(/\.$/, '') === url.host;
  }
  const destination = linkDestination(href).toLowerCase();
  if (url.protocol === 'tel:') {
    const digits = (value: string) => value.replace(/[^\d+]/g, '');
    return /\d/.test(shown) && digits(shown) === digits(destination);
  }
  return shown === destination || shown === `mailto:${destination}`;
}

// ---------------------------------------------------------------------------------------
// Inline parsing

type Inline = string | InlineElement;
type InlineElement =
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'br' }
  | { type: 'link'; href: string; children: Inline[]; hint: string; bare: boolean };

interface Linked {
  prev: Token | null;
  next: Token | null;
}
interface TextToken extends Linked {
  kind: 'text';
  value: string;
}
interface NodeToken extends Linked {
  kind: 'node';
  node: InlineElement;
}
interface DelimiterToken extends Linked {
  kind: 'delimiter';
  char: '*' | '_';
  /** Characters of the run not yet used for emphasis. */
  count: number;
  /** Length of the run as written (for the "multiple of 3" rule). */
  length: number;
  canOpen: boolean;
  canClose: boolean;
}
type Token = TextToken | NodeToken | DelimiterToken;

class TokenList {
  head: Token | null = null;
  tail: Token | null = null;
  push(token: Token): void {
    token.prev = this.tail;
    token.next = null;
    if (this.tail) this.tail.next = token;
    else this.head = token;
    this.tail = token;
  }
}

const ESCAPABLE = new Set(['\\', '*', '_', '[', ']', '(', ')', '#', '+', '-', '.', '!', '`']);
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const BARE_URL = new RegExp(`https?://[^\\s<>"'\`]{1,${MAX_URL_LENGTH}}`, 'iy');
/** Not part of a bare URL when they end it: "see https://example.org." */
const TRAILING_PUNCTUATION = new Set([...'.,:;!?\'"*_~…،؛؟。、”’»›']);

interface Context {
  options: MarkdownOptions;
}

function parseInline(source: string, allowLinks: boolean, context: Context): Inline[] {
  const list = new TokenList();
  let buffer = '';
  const flush = () => {
    if (buffer !== '') list.push({ kind: 'text', value: buffer, prev: null, next: null });
    buffer = '';
  };
  const pushNode = (node: InlineElement) => {
    flush();
    list.push({ kind: 'node', node, prev: null, next: null });
  };

  let link: LinkMatch | null;
  let url: string | null;
  let i = 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === '\\' && ESCAPABLE.has(source.charAt(i + 1))) {
      buffer += source.charAt(i + 1);
      i += 2;
    } else if (c === '\n') {
      pushNode({ type: 'br' });
      i++;
    } else if (c === '[' && allowLinks && (link = matchLink(source, i)) !== null) {
      const href = safeHref(link.target);
      if (href === null) buffer += source.slice(i, link.end); // rejected: the original, as text
      else {
        const children = link.label.trim() === '' ? [link.target.trim()] : parseInline(link.label, false, context);
        pushNode(makeLink(href, children, false, context));
      }
      i = link.end;
    } else if (
      (c === 'h' || c === 'H') &&
      allowLinks &&
      !WORD_CHARACTER.test(source.charAt(i - 1)) &&
      (url = matchBareUrl(source, i)) !== null
    ) {
      const href = safeHref(url);
      if (href === null) buffer += url;
      else pushNode(makeLink(href, [url], true, context));
      i += url.length;
    } else if (c === '*' || c === '_') {
      let end = i;
      while (source.charAt(end) === c) end++;
      const before = i === 0 ? '\n' : source.charAt(i - 1);
      const after = end >= source.length ? '\n' : source.charAt(end);
      const spaceBefore = WHITESPACE.test(before);
      const spaceAfter = WHITESPACE.test(after);
      const punctBefore = PUNCTUATION.test(before);
      const punctAfter = PUNCTUATION.test(after);
      const leftFlanking = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
      const rightFlanking = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
      flush();
      list.push({
        kind: 'delimiter',
        char: c,
        count: end - i,
        length: end - i,
        // `_` does not open or close inside words (snake_case_name), `*` may.
        canOpen: c === '*' ? leftFlanking : leftFlanking && (!rightFlanking || punctBefore),
        canClose: c === '*' ? rightFlanking : rightFlanking && (!leftFlanking || punctAfter),
        prev: null,
        next: null,
      });
      i = end;
    } else {
      buffer += c;
      i++;
    }
  }
  flush();
  processEmphasis(list);
  return flatten(list.head, null);
}

function makeLink(href: string, children: Inline[], bare: boolean, context: Context): InlineElement {
  let hint = '';
  if (!textShowsDestination(plainText(children), href)) {
    hint = context.options.linkLabel ? context.options.linkLabel(href) : linkDestination(href);
  }
  return { type: 'link', href, children, hint, bare };
}

/** Without recursion: emphasis can nest as deep as a message is long (see MAX_NESTING). */
function plainText(nodes: readonly Inline[]): string {
  let text = '';
  const stack = [...nodes].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node === 'string') text += node;
    else if (node.type === 'br') text += ' ';
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return text;
}

interface LinkMatch {
  end: number;
  label: string;
  target: string;
}

/**
 * `[label](target)` starting at `start`. Kept simple so every `[` costs little: neither
 * part holds a newline or `[`, and the target's parentheses balance. Anything else is not
 * link syntax and stays text. (A target with spaces inside is link syntax, then rejected
 * by {@link safeHref}.)
 */
function matchLink(source: string, start: number): LinkMatch | null {
  let labelEnd = -1;
  const labelLimit = Math.min(source.length, start + 1 + MAX_LABEL_LENGTH);
  for (let i = start + 1; i < labelLimit; i++) {
    const c = source.charAt(i);
    if (c === '\\') i++;
    else if (c === '\n' || c === '[') return null;
    else if (c === ']') {
      labelEnd = i;
      break;
    }
  }
  if (labelEnd < 0 || source.charAt(labelEnd + 1) !== '(') return null;
  const targetStart = labelEnd + 2;
  const targetLimit = Math.min(source.length, targetStart + MAX_URL_LENGTH);
  let parens = 0;
  for (let i = targetStart; i < targetLimit; i++) {
    const c = source.charAt(i);
    if (c === '\n' || c === '[') return null;
    if (c === '(') parens++;
    else if (c === ')') {
      if (parens === 0) return { end: i + 1, label: source.slice(start + 1, labelEnd), target: source.slice(targetStart, i) };
      parens--;
    }
  }
  return null;
}

/** A bare `http(s)://` URL at `start`, without trailing punctuation or an unbalanced `)`. */
function matchBareUrl(source: string, start: number): string | null {
  BARE_URL.lastIndex = start;
  const candidate = BARE_URL.exec(source)?.[0];
  if (candidate === undefined) return null;
  let end = candidate.length;
  let open = 0;
  let close = 0;
  let openSquare = 0;
  let closeSquare = 0;
  for (const c of candidate) {
    if (c === '(') open++;
    else if (c === ')') close++;
    else if (c === '[') openSquare++;
    else if (c === ']') closeSquare++;
  }
  for (;;) {
    const last = candidate.charAt(end - 1);
    if (TRAILING_PUNCTUATION.has(last)) end--;
    else if (last === ')' && close > open) {
      end--;
      close--;
    } else if (last === ']' && closeSquare > openSquare) {
      end--;
      closeSquare--;
    } else break;
  }
  const url = candidate.slice(0, end);
  return /^https?:\/\/./i.test(url) ? url : null;
}

/**
 * Pairs `*` and `_` delimiter runs into emphasis, following CommonMark's delimiter
 * algorithm (simplified: no links inside the run list, they are already nodes). Runs that
 * find no partner stay literal.
 */
function processEmphasis(list: TokenList): void {
  const openers: DelimiterToken[] = [];
  // For each kind of closer, the stack height below which no opener can match it.
  const bottoms = new Map<string, number>();
  for (let token = list.head; token !== null; token = token.next) {
    if (token.kind !== 'delimiter') continue;
    const closer = token;
    if (closer.canClose) {
      const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.length % 3}`;
      while (closer.count > 0) {
        const bottom = Math.min(bottoms.get(key) ?? 0, openers.length);
        let index = -1;
        for (let k = openers.length - 1; k >= bottom; k--) {
          const opener = openers[k]!;
          if (opener.char !== closer.char || opener.count === 0) continue;
          const oddMatch =
            (opener.canClose || closer.canOpen) &&
            (opener.length + closer.length) % 3 === 0 &&
            !(opener.length % 3 === 0 && closer.length % 3 === 0);
          if (!oddMatch) {
            index = k;
            break;
          }
        }
        if (index < 0) {
          bottoms.set(key, openers.length);
          break;
        }
        const opener = openers[index]!;
        const used = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
        opener.count -= used;
        closer.count -= used;
        const node: NodeToken = {
          kind: 'node',
          node: { type: used === 2 ? 'strong' : 'em', children: flatten(opener.next, closer) },
          prev: opener,
          next: closer,
        };
        opener.next = node;
        closer.prev = node;
        // Openers inside the new emphasis can no longer match anything.
        openers.length = opener.count === 0 ? index : index + 1;
        for (const [k, height] of bottoms) if (height > openers.length) bottoms.set(k, openers.length);
      }
    }
    if (closer.count > 0 && closer.canOpen) openers.push(closer);
  }
}

/** The tokens from `from` up to (not including) `to`, as inline content. */
function flatten(from: Token | null, to: Token | null): Inline[] {
  const out: Inline[] = [];
  const pushText = (text: string) => {
    if (text === '') return;
    const last = out.length - 1;
    const previous = out[last];
    if (typeof previous === 'string') out[last] = previous + text;
    else out.push(text);
  };
  for (let token = from; token !== null && token !== to; token = token.next) {
    if (token.kind === 'text') pushText(token.value);
    else if (token.kind === 'delimiter') pushText(token.char.repeat(token.count));
    else out.push(token.node);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Blocks

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'unordered'; items: string[] }
  | { kind: 'ordered'; start: number; items: string[] };

const BLANK = /^\s*$/;
const UNORDERED_ITEM = /^[ \t]*[-*][ \t]+(.*)$/;
const ORDERED_ITEM = /^[ \t]*(\d{1,9})\.[ \t]+(.*)$/;
const INDENTED = /^[ \t]+\S/;

function parseBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] | null = null;
  let list: Extract<Block, { items: string[] }> | null = null;
  const endParagraph = () => {
    if (paragraph) blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
    paragraph = null;
  };

  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (BLANK.test(line)) {
      endParagraph();
      list = null;
      continue;
    }
    const unordered = UNORDERED_ITEM.exec(line);
    const ordered = unordered ? null : ORDERED_ITEM.exec(line);
    if (unordered || ordered) {
      endParagraph();
      const kind = unordered ? 'unordered' : 'ordered';
      if (list?.kind !== kind) {
        list = ordered ? { kind: 'ordered', start: Number(ordered[1]), items: [] } : { kind: 'unordered', items: [] };
        blocks.push(list);
      }
      list.items.push((unordered ? unordered[1] : ordered?.[2]) ?? '');
    } else if (list && INDENTED.test(line)) {
      // An indented line continues the list item above it.
      list.items[list.items.length - 1] += `\n${line.trim()}`;
    } else {
      list = null;
      (paragraph ??= []).push(line);
    }
  }
  endParagraph();
  return blocks;
}

// ---------------------------------------------------------------------------------------
// Rendering

type Rendered = string | TemplateResult;

/**
 * How deep emphasis and links nest before what is inside shows as plain text. Text needs two or
 * three; `*` × 5,000 + `a` + `*` × 5,000 (one post, from any client of the backend) would
 * otherwise nest 2,500 elements deep and overflow the call stack, taking the whole feed with it.
 */
const MAX_NESTING = 8;

function renderInline(nodes: readonly Inline[], depth = 0): Rendered[] {
  return nodes.map((node) => renderNode(node, depth));
}

function renderNode(node: Inline, depth: number): Rendered {
  if (typeof node === 'string') return node;
  if (node.type !== 'br' && depth >= MAX_NESTING) return plainText(node.children);
  const inner = node.type === 'br' ? [] : renderInline(node.children, depth + 1);
  switch (node.type) {
    case 'br':
      return html`<br />`;
    case 'strong':
      return html`<strong>${inner}</strong>`;
    case 'em':
      return html`<em>${inner}</em>`;
    case 'link':
      // `dir="ltr"` isolates a bare URL from right-to-left text around it; <bdi> does the
      // same for the destination after a link.
      return html`<a
        href=${node.href}
        dir=${node.bare ? 'ltr' : nothing}
        rel="noopener noreferrer nofollow"
        target="_blank"
        >${inner}${node.hint === '' ? nothing : html` <bdi class="link-destination">(${node.hint})</bdi>`}</a
      >`;
  }
}

const MARKDOWN_SYNTAX = /[\n\r\\*_[\]`]|https?:|^\s|\s$/i;
const LIST_ITEM = /^(?:[-*+]|\d+[.)])\s/;

/**
 * Whether {@link renderMarkdown} would show `text` as one plain paragraph of exactly these
 * characters (no markup, links, lists, line breaks or spacing to trim). Long lists of messages
 * or posts use it to skip the parser, and its nodes, for the many that are plain.
 */
export function isPlainParagraph(text: string): boolean {
  return text !== '' && !MARKDOWN_SYNTAX.test(text) && !LIST_ITEM.test(text);
}

/**
 * Renders a chat message's minimal markdown as a lit template. Never produces HTML from
 * the text: anything that is not one of the supported constructs renders as text.
 */
export function renderMarkdown(text: string, options: MarkdownOptions = {}): TemplateResult {
  const context: Context = { options };
  const blocks = parseBlocks(text).map((block): TemplateResult => {
    switch (block.kind) {
      case 'paragraph':
        return html`<p>${renderInline(parseInline(block.text, true, context))}</p>`;
      case 'unordered':
        return html`<ul>
          ${block.items.map((item) => html`<li>${renderInline(parseInline(item, true, context))}</li>`)}
        </ul>`;
      case 'ordered':
        return html`<ol start=${block.start === 1 ? nothing : block.start}>
          ${block.items.map((item) => html`<li>${renderInline(parseInline(item, true, context))}</li>`)}
        </ol>`;
    }
  });
  return html`${blocks}`;
}
