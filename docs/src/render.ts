/**
 * The documentation site as pure functions: markdown files, the packages' custom element
 * manifests and the OpenAPI document in, HTML pages out. No file system, no DOM, so the same
 * code runs in the vite plugin (docs/vite.config.ts, at build and dev time) and in the browser
 * tests that axe-check every page (docs/src/pages.test.ts).
 */
import { Marked, type Tokens } from 'marked';

/* ------------------------------------------------------------------ inputs */

/** The parts of a custom elements manifest (schema 1.0) the reference uses. */
export interface Manifest {
  schemaVersion: string;
  modules: ManifestModule[];
}
export interface ManifestModule {
  path: string;
  declarations?: ManifestDeclaration[];
}
export interface ManifestType {
  text: string;
}
export interface ManifestDeclaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  summary?: string;
  description?: string;
  attributes?: { name: string; fieldName?: string; type?: ManifestType; default?: string; description?: string }[];
  members?: {
    kind: 'field' | 'method';
    name: string;
    privacy?: string;
    static?: boolean;
    readonly?: boolean;
    attribute?: string;
    type?: ManifestType;
    default?: string;
    description?: string;
    parameters?: { name: string; type?: ManifestType; optional?: boolean; description?: string }[];
    return?: { type?: ManifestType };
  }[];
  events?: { name: string; type?: ManifestType; description?: string }[];
  slots?: { name: string; description?: string }[];
  cssParts?: { name: string; description?: string }[];
  cssProperties?: { name: string; default?: string; description?: string }[];
}

/** OpenAPI 3.1, loosely: the reference walks what it finds. */
export type OpenApi = Record<string, unknown>;

export interface SiteSource {
  /** Markdown files by path relative to docs/, e.g. `configuration.md`, `elements/educator-chat.md`. */
  markdown: Record<string, string>;
  /** Manifests by npm package name, e.g. `@careline/educator-chat`. */
  manifests: Record<string, Manifest>;
  /** docs/api/openapi.yaml, parsed. */
  openapi: OpenApi;
}

export interface RenderOptions {
  /** Stylesheets every page links (URLs as written into the page). */
  styles: readonly string[];
  /** Module scripts the live example pages load: the elements, the mock backend, the theme switcher. */
  exampleScripts: readonly string[];
}

export type PageKind = 'home' | 'guide' | 'element-guide' | 'reference' | 'example' | 'api';

export interface Page {
  /** Output path relative to the site root, e.g. `reference/care-educator-chat.html`. */
  path: string;
  title: string;
  kind: PageKind;
  html: string;
}

/** One public element, from its manifest. */
export interface ElementDoc {
  tagName: string;
  className: string;
  packageName: string;
  declaration: ManifestDeclaration;
}

/* ---------------------------------------------------------------- helpers */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** GitHub-style heading ids, so `#subscribeoptions-connection-states-and-resync` links keep working. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

/** `href` from page `from` to page `to`, both relative to the site root. */
export function relativeUrl(from: string, to: string): string {
  const [toPath = '', hash] = to.split('#');
  const fromDirs = from.split('/').slice(0, -1);
  const toParts = toPath.split('/');
  let common = 0;
  while (common < fromDirs.length && common < toParts.length - 1 && fromDirs[common] === toParts[common]) common++;
  const up = fromDirs.length - common;
  const result = `${'../'.repeat(up)}${toParts.slice(common).join('/')}` || './';
  return hash !== undefined ? `${result}#${hash}` : result;
}

/** Resolves `target` (relative, may use `..`) against the directory of `from`; null if it leaves the root. */
function resolvePath(from: string, target: string): string | null {
  const parts = from.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(segment);
  }
  return parts.join('/');
}

/**
 * Inline markdown from JSDoc (manifest descriptions): text outside code spans is escaped first,
 * so a description that mentions `<care-provider>` without backticks shows it rather than
 * creating the element.
 */
function inlineMarkdown(text: string | undefined): string {
  if (!text) return '';
  const safe = text
    .split(/(`[^`]*`)/)
    .map((piece, index) => (index % 2 === 1 ? piece : piece.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
  return new Marked().parseInline(safe.replace(/\n+/g, ' ')) as string;
}

function blockMarkdown(text: string | undefined): string {
  if (!text) return '';
  const safe = text
    .split(/(```[\s\S]*?```|`[^`]*`)/)
    .map((piece, index) => (index % 2 === 1 ? piece : piece.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
  return new Marked().parse(safe) as string;
}

function code(text: string | undefined): string {
  return text ? `<code>${escapeHtml(text)}</code>` : '';
}

/**
 * A wide table scrolls sideways in its wrapper on a narrow screen: the wrapper is a labelled
 * region in the tab order (as code blocks are), so keyboard users can scroll it too.
 * `labelHtml` is escaped already (a caption's HTML without its tags).
 */
function tableWrap(labelHtml: string): string {
  return `<div class="table-wrap" role="region" tabindex="0" aria-label="${labelHtml.replace(/"/g, '&quot;')}">`;
}

function table(caption: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  return `${tableWrap(caption.replace(/<[^>]*>/g, ''))}<table>
<caption>${caption}</caption>
<thead><tr>${headers.map((header) => `<th scope="col">${header}</th>`).join('')}</tr></thead>
<tbody>
${rows.map((row) => `<tr>${row.map((cell, index) => (index === 0 ? `<th scope="row">${cell}</th>` : `<td>${cell}</td>`)).join('')}</tr>`).join('\n')}
</tbody>
</table></div>`;
}

/* ---------------------------------------------------------------- markdown */

export interface RenderedMarkdown {
  title: string;
  html: string;
}

/** Where a link in a markdown file goes on the site. */
function siteTarget(fromMarkdown: string, href: string): { href: string } | { outside: string } | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('//')) return null;
  const [path = '', hash] = href.split('#');
  const resolved = resolvePath(fromMarkdown, path);
  if (resolved === null) return { outside: path.replace(/^(\.\.\/)+/, '') };
  let target: string;
  if (resolved === 'api/openapi.yaml') target = 'api/index.html';
  else if (resolved.endsWith('.md')) target = resolved.replace(/\.md$/, '.html');
  // Links written straight to generated pages (examples, references).
  else if (resolved.endsWith('.html')) target = resolved;
  else return { outside: resolved };
  const page = markdownPagePath(fromMarkdown);
  return { href: relativeUrl(page, hash !== undefined ? `${target}#${hash}` : target) };
}

/** Renders one markdown file; links to other markdown files become links to their pages. */
export function renderMarkdown(source: string, fromMarkdown: string): RenderedMarkdown {
  let title = '';
  // Tables are named after the section they are in (and their columns), each name once per page.
  let section = '';
  const tableNames = new Set<string>();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        if (token.depth === 1 && !title) title = token.text.replace(/`/g, '');
        section = token.text.replace(/[`*_\\]/g, '');
        const id = slugify(inner);
        return `<h${token.depth} id="${id}">${inner}</h${token.depth}>\n`;
      },
      link(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Link) {
        const inner = this.parser.parseInline(token.tokens);
        const target = siteTarget(fromMarkdown, token.href);
        const titleAttribute = token.title ? ` title="${escapeHtml(token.title)}"` : '';
        // Source files are not part of the site: name them, in the repository.
        if (target && 'outside' in target) return `${inner} (<code>${escapeHtml(target.outside)}</code> in the repository)`;
        const href = target ? target.href : token.href;
        return `<a href="${escapeHtml(href)}"${titleAttribute}>${inner}</a>`;
      },
      // Raw HTML passes through, except Careline tags: written bare in a table they would become
      // (unconfigured) elements and their text would vanish. Shown as text instead.
      html(token: Tokens.HTML | Tokens.Tag) {
        return /<\/?care-/.test(token.text) ? escapeHtml(token.text) : token.text;
      },
      code(token: Tokens.Code) {
        const language = (token.lang ?? '').split(/\s/)[0] ?? '';
        const label = language ? ` data-lang="${escapeHtml(language)}"` : '';
        return `<pre${label} tabindex="0"><code>${escapeHtml(token.text)}</code></pre>\n`;
      },
      table(this: { parser: { parseInline(tokens: Tokens.Generic[]): string } }, token: Tokens.Table) {
        const head = token.header.map((cell) => `<th scope="col">${this.parser.parseInline(cell.tokens)}</th>`).join('');
        const body = token.rows
          .map((row) => `<tr>${row.map((cell) => `<td>${this.parser.parseInline(cell.tokens)}</td>`).join('')}</tr>`)
          .join('\n');
        // Markdown tables have no caption: the region is named by its section and its columns.
        const columns = token.header.map((cell) => cell.text.replace(/[`*_\\]/g, '')).join(', ');
        const base = `${section ? `${section}: ` : ''}table of ${columns}`;
        let label = base;
        for (let n = 2; tableNames.has(label); n++) label = `${base} (${n})`;
        tableNames.add(label);
        return `${tableWrap(escapeHtml(label))}<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>\n`;
      },
    },
  });
  const html = marked.parse(source) as string;
  return { title: title || fromMarkdown, html };
}

export function markdownPagePath(markdownPath: string): string {
  return markdownPath.replace(/\.md$/, '.html');
}

/* ---------------------------------------------------------------- manifests */

/** Every element a manifest declares with a tag name, across all packages, sorted by tag. */
export function elementsOf(manifests: Record<string, Manifest>): ElementDoc[] {
  const elements: ElementDoc[] = [];
  for (const [packageName, manifest] of Object.entries(manifests)) {
    for (const module of manifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (declaration.tagName) elements.push({ tagName: declaration.tagName, className: declaration.name, packageName, declaration });
      }
    }
  }
  return elements.sort((a, b) => a.tagName.localeCompare(b.tagName));
}

/**
 * The events a reader should see. The analyzer also lists, without a description, events it
 * found in `dispatchEvent(new SomeEvent(…))` calls, named after the constructor's first argument
 * (`section`, `kind`, …): those repeat a documented event of the same type and are left out.
 */
export function documentedEvents(declaration: ManifestDeclaration): NonNullable<ManifestDeclaration['events']> {
  const events = declaration.events ?? [];
  const documentedTypes = new Set(events.filter((event) => event.description).map((event) => event.type?.text));
  return events.filter((event) => event.description || !documentedTypes.has(event.type?.text));
}

export function publicFields(declaration: ManifestDeclaration): NonNullable<ManifestDeclaration['members']> {
  return (declaration.members ?? []).filter(
    (member) => member.kind === 'field' && !member.static && (!member.privacy || member.privacy === 'public') && !member.name.startsWith('_'),
  );
}

export function publicMethods(declaration: ManifestDeclaration): NonNullable<ManifestDeclaration['members']> {
  return (declaration.members ?? []).filter(
    (member) => member.kind === 'method' && !member.static && (!member.privacy || member.privacy === 'public') && !member.name.startsWith('_'),
  );
}

export function referencePagePath(tagName: string): string {
  return `reference/${tagName}.html`;
}

/** The reference section for one element: attributes, properties, methods, events, slots, parts, CSS properties. */
export function renderElementReference(element: ElementDoc): string {
  const d = element.declaration;
  const define = element.packageName === '@careline/core' ? '@careline/core/define.js' : `${element.packageName}/define.js`;
  const parts: string[] = [];
  parts.push(`<h1 id="top"><code>&lt;${escapeHtml(element.tagName)}&gt;</code></h1>`);
  if (d.summary) parts.push(`<p class="lead">${inlineMarkdown(d.summary)}</p>`);
  parts.push(
    `<dl class="facts"><dt>Package</dt><dd>${code(element.packageName)}</dd><dt>Define it</dt><dd>${code(`import '${define}';`)}</dd><dt>Class</dt><dd>${code(element.className)}</dd></dl>`,
  );
  if (d.description) parts.push(blockMarkdown(d.description));

  const section = (id: string, heading: string, body: string, empty: string) =>
    `<section aria-labelledby="${id}"><h2 id="${id}">${heading}</h2>${body || `<p>${empty}</p>`}</section>`;

  parts.push(
    section(
      'attributes',
      'Attributes',
      table(
        `Attributes of &lt;${element.tagName}&gt;`,
        ['Attribute', 'Property', 'Type', 'Default', 'Description'],
        (d.attributes ?? []).map((attribute) => [
          code(attribute.name),
          code(attribute.fieldName),
          code(attribute.type?.text),
          code(attribute.default ?? d.members?.find((member) => member.name === attribute.fieldName)?.default),
          inlineMarkdown(attribute.description ?? d.members?.find((member) => member.name === attribute.fieldName)?.description),
        ]),
      ),
      'No attributes.',
    ),
  );
  parts.push(
    section(
      'properties',
      'Properties',
      table(
        `Properties of &lt;${element.tagName}&gt;`,
        ['Property', 'Attribute', 'Type', 'Default', 'Description'],
        publicFields(d).map((field) => [
          code(field.name),
          field.attribute ? code(field.attribute) : '—',
          code(field.type?.text),
          code(field.default),
          `${field.readonly ? '<strong>Read-only.</strong> ' : ''}${inlineMarkdown(field.description)}`,
        ]),
      ),
      'No public properties.',
    ),
  );
  const methods = publicMethods(d);
  if (methods.length > 0) {
    parts.push(
      section(
        'methods',
        'Methods',
        table(
          `Methods of &lt;${element.tagName}&gt;`,
          ['Method', 'Returns', 'Description'],
          methods.map((method) => [
            code(`${method.name}(${(method.parameters ?? []).map((parameter) => `${parameter.name}${parameter.optional ? '?' : ''}${parameter.type ? `: ${parameter.type.text}` : ''}`).join(', ')})`),
            code(method.return?.type?.text ?? 'void'),
            inlineMarkdown(method.description),
          ]),
        ),
        '',
      ),
    );
  }
  parts.push(
    section(
      'events',
      'Events',
      table(
        `Events of &lt;${element.tagName}&gt;`,
        ['Event', 'Type', 'What it carries'],
        documentedEvents(d).map((event) => [code(event.name), code(event.type?.text), inlineMarkdown(event.description)]),
      ),
      'No events.',
    ),
  );
  parts.push(
    section(
      'slots',
      'Slots',
      table(
        `Slots of &lt;${element.tagName}&gt;`,
        ['Slot', 'Description'],
        (d.slots ?? []).map((slot) => [slot.name ? code(slot.name) : '(default)', inlineMarkdown(slot.description)]),
      ),
      'No slots.',
    ),
  );
  parts.push(
    section(
      'parts',
      'CSS parts',
      table(
        `CSS parts of &lt;${element.tagName}&gt;`,
        ['Part', 'Description'],
        (d.cssParts ?? []).map((part) => [code(part.name), inlineMarkdown(part.description)]),
      ),
      'No parts.',
    ),
  );
  parts.push(
    section(
      'css-properties',
      'CSS custom properties',
      table(
        `CSS custom properties of &lt;${element.tagName}&gt;`,
        ['Property', 'Default', 'Description'],
        (d.cssProperties ?? []).map((property) => [code(property.name), code(property.default), inlineMarkdown(property.description)]),
      ),
      'No element-specific custom properties; the global <code>--care-*</code> tokens apply.',
    ),
  );
  return parts.join('\n');
}

/* ---------------------------------------------------------------- OpenAPI */

function refName(ref: unknown): string | undefined {
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

function schemaSummary(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return '';
  const s = schema as Record<string, unknown>;
  const name = refName(s['$ref']);
  if (name) return `<a href="#schema-${slugify(name)}"><code>${escapeHtml(name)}</code></a>`;
  for (const combiner of ['oneOf', 'anyOf', 'allOf']) {
    const list = s[combiner];
    if (Array.isArray(list)) return list.map(schemaSummary).join(combiner === 'allOf' ? ' and ' : ' or ');
  }
  if (s['type'] === 'array') return `array of ${schemaSummary(s['items'])}`;
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((value) => code(String(value))).join(' | ');
  const type = Array.isArray(s['type']) ? (s['type'] as unknown[]).join(' | ') : s['type'];
  const format = s['format'] ? ` (${String(s['format'])})` : '';
  return type ? code(`${String(type)}${format}`) : code('object');
}

/** The REST API reference from docs/api/openapi.yaml. */
export function renderOpenApi(spec: OpenApi): string {
  const info = (spec['info'] ?? {}) as Record<string, unknown>;
  const components = (spec['components'] ?? {}) as Record<string, Record<string, unknown>>;
  const parametersById = components['parameters'] ?? {};
  const responsesById = components['responses'] ?? {};
  const out: string[] = [];
  out.push(`<h1 id="top">${escapeHtml(String(info['title'] ?? 'REST API'))} <small>${escapeHtml(String(info['version'] ?? ''))}</small></h1>`);
  if (info['summary']) out.push(`<p class="lead">${inlineMarkdown(String(info['summary']))}</p>`);
  out.push(`<p>The source of this page is <a href="openapi.yaml"><code>docs/api/openapi.yaml</code></a> (OpenAPI ${escapeHtml(String(spec['openapi'] ?? ''))}); load it into any OpenAPI tool.</p>`);
  if (info['description']) out.push('<h2 id="overview">Overview</h2>', blockMarkdown(String(info['description']).replace(/^## /gm, '### ')));

  const tags = ((spec['tags'] ?? []) as { name: string; description?: string }[]).map((tag) => tag.name);
  const paths = (spec['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  const operations: { method: string; path: string; op: Record<string, unknown>; pathParameters: unknown[] }[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || !op || typeof op !== 'object') continue;
      operations.push({ method, path, op: op as Record<string, unknown>, pathParameters: (item['parameters'] as unknown[]) ?? [] });
    }
  }
  for (const operation of operations) {
    const tag = ((operation.op['tags'] as string[] | undefined) ?? ['other'])[0] ?? 'other';
    if (!tags.includes(tag)) tags.push(tag);
  }

  out.push('<h2 id="routes">Routes</h2>');
  for (const tag of tags) {
    const ofTag = operations.filter((operation) => (((operation.op['tags'] as string[] | undefined) ?? ['other'])[0] ?? 'other') === tag);
    if (ofTag.length === 0) continue;
    const tagInfo = ((spec['tags'] ?? []) as { name: string; description?: string }[]).find((candidate) => candidate.name === tag);
    out.push(`<h3 id="tag-${slugify(tag)}">${escapeHtml(tag)}</h3>`);
    if (tagInfo?.description) out.push(blockMarkdown(tagInfo.description));
    for (const { method, path, op, pathParameters } of ofTag) {
      const id = String(op['operationId'] ?? `${method}-${path}`);
      out.push(`<section class="operation" aria-labelledby="op-${slugify(id)}">`);
      out.push(`<h4 id="op-${slugify(id)}"><span class="method method-${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h4>`);
      if (op['summary']) out.push(`<p><strong>${inlineMarkdown(String(op['summary']))}</strong> <span class="operation-id">(${code(id)})</span></p>`);
      if (op['description']) out.push(blockMarkdown(String(op['description'])));
      const parameters = [...pathParameters, ...((op['parameters'] as unknown[]) ?? [])].map((parameter) => {
        const p = parameter as Record<string, unknown>;
        const name = refName(p['$ref']);
        return (name ? parametersById[name] : p) as Record<string, unknown> | undefined;
      });
      out.push(
        table(
          `Parameters of ${method.toUpperCase()} ${escapeHtml(path)}`,
          ['Name', 'In', 'Type', 'Description'],
          parameters
            .filter((p): p is Record<string, unknown> => !!p)
            .map((p) => [code(String(p['name'])), escapeHtml(String(p['in'] ?? '')) + (p['required'] ? ' (required)' : ''), schemaSummary(p['schema']), inlineMarkdown(p['description'] as string | undefined)]),
        ),
      );
      const body = op['requestBody'] as Record<string, unknown> | undefined;
      if (body) {
        const content = (body['content'] ?? {}) as Record<string, { schema?: unknown }>;
        out.push(
          `<p>Request body: ${Object.entries(content)
            .map(([type, media]) => `${code(type)} ${schemaSummary(media.schema)}`)
            .join('; ')}</p>`,
        );
      }
      const responses = (op['responses'] ?? {}) as Record<string, Record<string, unknown>>;
      out.push(
        table(
          `Responses of ${method.toUpperCase()} ${escapeHtml(path)}`,
          ['Status', 'Body', 'Description'],
          Object.entries(responses).map(([status, response]) => {
            const shared = refName(response['$ref']);
            const resolved = (shared ? responsesById[shared] : response) as Record<string, unknown> | undefined;
            const content = (resolved?.['content'] ?? {}) as Record<string, { schema?: unknown }>;
            return [
              code(status),
              Object.entries(content)
                .map(([type, media]) => `${code(type)} ${schemaSummary(media.schema)}`)
                .join('<br>'),
              inlineMarkdown(resolved?.['description'] as string | undefined),
            ];
          }),
        ),
      );
      out.push('</section>');
    }
  }

  const schemas = (components['schemas'] ?? {}) as Record<string, Record<string, unknown>>;
  out.push('<h2 id="schemas">Schemas</h2>');
  for (const [name, schema] of Object.entries(schemas)) {
    out.push(`<section class="schema" aria-labelledby="schema-${slugify(name)}"><h3 id="schema-${slugify(name)}"><code>${escapeHtml(name)}</code></h3>`);
    if (schema['description']) out.push(blockMarkdown(String(schema['description'])));
    const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
    const required = new Set((schema['required'] as string[] | undefined) ?? []);
    if (Object.keys(properties).length > 0) {
      out.push(
        table(
          `Fields of ${escapeHtml(name)}`,
          ['Field', 'Type', 'Description'],
          Object.entries(properties).map(([field, property]) => [
            `${code(field)}${required.has(field) ? ' <span class="required">required</span>' : ''}`,
            schemaSummary(property),
            inlineMarkdown(property['description'] as string | undefined),
          ]),
        ),
      );
    } else {
      out.push(`<p>${schemaSummary(schema)}</p>`);
    }
    out.push('</section>');
  }
  return out.join('\n');
}

/* ---------------------------------------------------------------- examples */

export interface Example {
  /** File name under `examples/`. */
  slug: string;
  title: string;
  intro: string;
  /** The live markup: shown running, and shown as code. */
  markup: string;
  /** Tags whose reference pages the example links to. */
  tags: string[];
  /** Whether the example shows the theme switcher. */
  themes?: boolean;
}

/**
 * The live examples. Each page defines every element, starts the mock backend in a service
 * worker and configures the page exactly as the demo does (docs/src/runtime.ts); these are
 * the tags inside.
 */
export const EXAMPLES: readonly Example[] = [
  {
    slug: 'educator-chat',
    title: 'Educator chat',
    intro:
      'The chat inline in a page section. The mock has a simulated educator who answers after a moment; try sending a message, then reload the page while it is on its way.',
    markup: '<care-educator-chat mode="inline" conversation-key="docs-example" emergency-number="112"></care-educator-chat>',
    tags: ['care-educator-chat'],
  },
  {
    slug: 'record-viewer',
    title: 'Record viewer',
    intro: 'The record of the mock’s fictional patient, Siti Rahma: summary, sections, lab trends, her own readings, correction requests, sharing, download and print.',
    markup: '<care-record-viewer page-size="10"></care-record-viewer>',
    tags: ['care-record-viewer'],
  },
  {
    slug: 'community-feed',
    title: 'Community feed',
    intro: 'Condition groups with posts, replies, reactions, reports, pseudonyms and staff answers.',
    markup: '<care-community-feed emergency-number="112" crisis-line="(555) 010-2999"></care-community-feed>',
    tags: ['care-community-feed'],
  },
  {
    slug: 'feedback-form',
    title: 'Feedback form and tracking',
    intro: 'A compliment, complaint, suggestion or question gets a reference and an acknowledgement date in working days; the reference can then be tracked below.',
    markup: [
      '<care-feedback-form acknowledge-days="3" time-zone="Asia/Jakarta" emergency-number="112" safety-line="(555) 010-2999"></care-feedback-form>',
      '<care-feedback-status></care-feedback-status>',
    ].join('\n'),
    tags: ['care-feedback-form', 'care-feedback-status'],
  },
  {
    slug: 'provider',
    title: 'Declarative configuration',
    intro:
      'A <code>&lt;care-provider&gt;</code> configures the widgets inside it without JavaScript: here the REST adapter, Indonesian and a storage namespace of its own. Every attribute but <code>adapter</code>, <code>locale</code>, <code>namespace</code>, <code>scheme</code> and <code>scope</code> goes to the adapter factory.',
    markup: '<care-provider adapter="rest" endpoint="/api/careline/v1" locale="id" namespace="docs-id">\n  <care-feedback-form kinds="compliment suggestion"></care-feedback-form>\n</care-provider>',
    tags: ['care-provider', 'care-feedback-form'],
  },
  {
    slug: 'themes',
    title: 'Vendor themes',
    intro:
      'Two complete vendor themes, <code>packages/core/themes/dark.css</code> and <code>packages/core/themes/high-contrast.css</code>, made only of <code>--care-*</code> custom properties and <code>::part</code> rules. Each applies with a class on an ancestor; choose one to see it on live widgets.',
    markup: [
      '<care-feedback-form kinds="compliment complaint" draft-name="themes"></care-feedback-form>',
      '<care-educator-chat mode="inline" conversation-key="docs-themes"></care-educator-chat>',
    ].join('\n'),
    tags: ['care-feedback-form', 'care-educator-chat'],
    themes: true,
  },
];

export const THEMES = [
  { id: 'default', label: 'Default (light)', className: '' },
  { id: 'dark', label: 'Dark', className: 'care-theme-dark' },
  { id: 'high-contrast', label: 'High contrast', className: 'care-theme-high-contrast' },
] as const;

export function examplePagePath(slug: string): string {
  return `examples/${slug}.html`;
}

function renderExample(example: Example, elements: readonly ElementDoc[], page: string): string {
  const events = elements
    .filter((element) => example.tags.includes(element.tagName))
    .flatMap((element) => documentedEvents(element.declaration).map((event) => event.name));
  const references = example.tags.map((tag) => `<a href="${relativeUrl(page, referencePagePath(tag))}"><code>&lt;${tag}&gt;</code> reference</a>`);
  const switcher = example.themes
    ? `<fieldset class="theme-switcher" data-theme-switcher="theme-stage">
<legend>Theme</legend>
${THEMES.map(
  (theme, index) =>
    `<label><input type="radio" name="theme" value="${theme.className}"${index === 0 ? ' checked' : ''}> ${escapeHtml(theme.label)}${theme.className ? ` <code>.${theme.className}</code>` : ''}</label>`,
).join('\n')}
</fieldset>`
    : '';
  return `<h1 id="top">${escapeHtml(example.title)}</h1>
<p class="lead">${example.intro}</p>
<p class="note">Live, on <code>@careline/mock</code>: a fictional hospital served by a service worker in this page. Nothing leaves your browser. ${references.join(' · ')}</p>
${switcher}
<section class="example-stage${example.themes ? ' theme-stage' : ''}" id="${example.themes ? 'theme-stage' : 'stage'}" aria-label="Live example">
${example.markup}
</section>
<h2 id="markup">The markup</h2>
<p>The page also loads the element definitions and configures the REST adapter once, as in <a href="${relativeUrl(page, 'getting-started/drop-in.html')}">Drop in a tag</a>.</p>
<pre data-lang="html" tabindex="0"><code>${escapeHtml(example.markup)}</code></pre>
${
  events.length > 0
    ? `<h2 id="events">Events, as the page sees them</h2>
<p>Events carry only what analytics may know: never what the patient typed. Use the example and they appear here.</p>
<ol class="event-log" data-event-log="${escapeHtml(events.join(' '))}" aria-label="Events seen"></ol>`
    : ''
}`;
}

/* ---------------------------------------------------------------- the site */

interface NavEntry {
  path: string;
  label: string;
}

/**
 * The markdown files of the site, in navigation order. A markdown file in docs/ that is not
 * listed here still becomes a page, under "More" (the build warns: list it, so the tests
 * axe-check it). `optional`: pages written alongside this site that may not be there.
 */
export const MARKDOWN_PAGES: readonly { path: string; label: string; group: string; optional?: boolean }[] = [
  { path: 'index.md', label: 'Overview', group: 'Getting started' },
  { path: 'getting-started/drop-in.md', label: 'Drop in a tag', group: 'Getting started' },
  { path: 'getting-started/vendor-theme.md', label: 'Theme for a vendor', group: 'Getting started' },
  { path: 'getting-started/static-site-chat.md', label: 'Add chat to a static site', group: 'Getting started' },
  { path: 'frameworks.md', label: 'React, Vue and Angular', group: 'Getting started', optional: true },
  { path: 'elements/educator-chat.md', label: 'Educator chat', group: 'Elements' },
  { path: 'elements/record-viewer.md', label: 'Record viewer', group: 'Elements' },
  { path: 'elements/community-feed.md', label: 'Community feed', group: 'Elements' },
  { path: 'elements/feedback-form.md', label: 'Feedback form and status', group: 'Elements' },
  { path: 'configuration.md', label: 'Configuration', group: 'Guides' },
  { path: 'i18n-and-theming.md', label: 'Languages and theming', group: 'Guides' },
  { path: 'outbox.md', label: 'The outbox', group: 'Guides' },
  { path: 'fhir-and-smart.md', label: 'FHIR and SMART', group: 'Guides' },
  { path: 'distribution.md', label: 'Distribution, SRI and CSP', group: 'Guides', optional: true },
  { path: 'performance.md', label: 'Performance', group: 'Guides', optional: true },
  { path: 'adapter-guide.md', label: 'Writing an adapter', group: 'Adapters and API' },
  { path: 'adapters/chatwoot.md', label: 'Chatwoot adapter', group: 'Adapters and API' },
  { path: 'adapters/discourse.md', label: 'Discourse adapter', group: 'Adapters and API' },
  { path: 'privacy-and-security.md', label: 'Privacy and security', group: 'Policies' },
  { path: 'accessibility.md', label: 'Accessibility statement', group: 'Policies' },
];

const GROUP_ORDER = ['Getting started', 'Elements', 'Reference', 'Live examples', 'Guides', 'Adapters and API', 'Policies', 'More'];

function navigation(source: SiteSource, elements: readonly ElementDoc[]): { heading: string; entries: NavEntry[] }[] {
  const groups = new Map<string, NavEntry[]>(GROUP_ORDER.map((heading) => [heading, []]));
  const listed = new Set(MARKDOWN_PAGES.map((entry) => entry.path));
  for (const entry of MARKDOWN_PAGES) {
    if (entry.path in source.markdown) groups.get(entry.group)?.push({ path: markdownPagePath(entry.path), label: entry.label });
  }
  for (const path of Object.keys(source.markdown).sort()) {
    if (!listed.has(path)) groups.get('More')?.push({ path: markdownPagePath(path), label: renderMarkdown(source.markdown[path] ?? '', path).title });
  }
  groups.get('Reference')?.push(...elements.map((element) => ({ path: referencePagePath(element.tagName), label: `<${element.tagName}>` })));
  groups.get('Live examples')?.push(...EXAMPLES.map((example) => ({ path: examplePagePath(example.slug), label: example.title })));
  groups.get('Adapters and API')?.push({ path: 'api/index.html', label: 'REST API reference' });
  return [...groups].map(([heading, entries]) => ({ heading, entries }));
}

function layout(options: RenderOptions, page: string, title: string, content: string, nav: ReturnType<typeof navigation>, scripts: readonly string[]): string {
  const up = relativeUrl(page, '');
  const asset = (url: string) => (/^(\/|[a-z]+:)/i.test(url) ? url : `${up === './' ? '' : up}${url}`);
  const navHtml = nav
    .filter((group) => group.entries.length > 0)
    .map(
      (group) => `<h2>${escapeHtml(group.heading)}</h2>
<ul>
${group.entries
  .map((entry) => `<li><a href="${relativeUrl(page, entry.path)}"${entry.path === page ? ' aria-current="page"' : ''}>${escapeHtml(entry.label)}</a></li>`)
  .join('\n')}
</ul>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en" data-site-root="${up}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Careline documentation</title>
<link rel="icon" href="data:,">
${options.styles.map((href) => `<link rel="stylesheet" href="${escapeHtml(asset(href))}">`).join('\n')}
${scripts.map((src) => `<script type="module" src="${escapeHtml(asset(src))}"></script>`).join('\n')}
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
<a class="brand" href="${relativeUrl(page, 'index.html')}">Careline <span>documentation</span></a>
</header>
<div class="layout">
<nav class="site-nav" aria-label="Documentation">
${navHtml}
</nav>
<main id="content" tabindex="-1">
${content}
</main>
</div>
<footer class="site-footer"><p>Careline: framework-free web components for hospital websites. This site makes no request to any other server.</p></footer>
</body>
</html>
`;
}

/** Every page of the site. */
export function buildSite(source: SiteSource, options: RenderOptions): Page[] {
  const elements = elementsOf(source.manifests);
  const nav = navigation(source, elements);
  const pages: Page[] = [];

  for (const [path, text] of Object.entries(source.markdown).sort(([a], [b]) => a.localeCompare(b))) {
    const page = markdownPagePath(path);
    const rendered = renderMarkdown(text, path);
    let content = rendered.html;
    let kind: PageKind = path === 'index.md' ? 'home' : 'guide';
    if (path.startsWith('elements/')) {
      kind = 'element-guide';
      // The elements a guide is about (named in its title) get a box of links to their references and example.
      const tags = elements.filter((element) => rendered.title.includes(`<${element.tagName}>`));
      const example = EXAMPLES.find((candidate) => candidate.tags[0] === tags[0]?.tagName);
      const links = [
        ...tags.map((element) => `<li><a href="${relativeUrl(page, referencePagePath(element.tagName))}">Reference for <code>&lt;${element.tagName}&gt;</code></a>: every attribute, property, event, slot, part and CSS property</li>`),
        ...(example ? [`<li><a href="${relativeUrl(page, examplePagePath(example.slug))}">Live example</a> on the mock backend</li>`] : []),
      ];
      content = content.replace(/(<\/h1>\n)/, `$1<aside class="see-also" aria-label="Reference and example"><ul>${links.join('')}</ul></aside>\n`);
    }
    pages.push({ path: page, title: rendered.title, kind, html: layout(options, page, rendered.title, content, nav, []) });
  }

  for (const element of elements) {
    const page = referencePagePath(element.tagName);
    const title = `<${element.tagName}> reference`;
    pages.push({ path: page, title, kind: 'reference', html: layout(options, page, title, renderElementReference(element), nav, []) });
  }

  for (const example of EXAMPLES) {
    const page = examplePagePath(example.slug);
    pages.push({ path: page, title: example.title, kind: 'example', html: layout(options, page, `${example.title} (live example)`, renderExample(example, elements, page), nav, options.exampleScripts) });
  }

  const apiTitle = String(((source.openapi['info'] ?? {}) as Record<string, unknown>)['title'] ?? 'REST API');
  pages.push({ path: 'api/index.html', title: apiTitle, kind: 'api', html: layout(options, 'api/index.html', apiTitle, renderOpenApi(source.openapi), nav, []) });
  return pages;
}
