/**
 * Floors for time to first content: trivial Lit elements that show what our widget's first view
 * shows — the same words, controls and structure, with the same styles — for the same items from
 * the same in-memory adapter, formatted with the same Intl options. Each is one class with one
 * render(): no configuration, locale, translation tables, tasks, storage, outbox or safety work.
 * What our widgets take beyond these is the cost of being more than a template. The bench prints
 * both DOM node counts, and the budget counts only a floor within 20% of its widget's nodes.
 */
import { LitElement, html, nothing } from 'lit';
import { hostStyles } from '../../../core/src/theme/theme.styles.ts';
import { formStyles } from '../../../core/src/theme/forms.styles.ts';
import { chatStyles } from '../../../educator-chat/src/educator-chat-app/educator-chat-app.styles.ts';
import { launcherStyles } from '../../../educator-chat/src/educator-chat/educator-chat.styles.ts';
import { recordViewerStyles } from '../../../record-viewer/src/record-viewer/record-viewer.styles.ts';
import { communityFeedStyles } from '../../../community-feed/src/community-feed/community-feed.styles.ts';
import { feedbackFormStyles } from '../../../feedback-form/src/feedback-form/feedback-form.styles.ts';
import { FEEDBACK_KINDS } from './feedback-words.js';

const lang = () => document.documentElement.lang || 'en';
const root = (body) => html`<div class="care-root" part="base" dir="ltr" lang="en" data-scheme="auto">${body}</div>`;

class DataFloor extends LitElement {
  static properties = { data: { state: true } };
  connectedCallback() {
    super.connectedCallback();
    this.load().then((data) => (this.data = data));
  }
  render() {
    return root(this.data ? this.renderData(this.data) : html`<p>Loading…</p>`);
  }
}

export class TrivialLitChat extends DataFloor {
  static styles = [hostStyles, formStyles, launcherStyles, chatStyles];
  load() {
    return this.adapter.chat.listMessages('c-bench', { limit: 30 }).then((page) => page.items);
  }
  renderData(messages) {
    const day = new Intl.DateTimeFormat(lang(), { dateStyle: 'long' });
    const time = new Intl.DateTimeFormat(lang(), { timeStyle: 'short' });
    let lastDay;
    const rows = messages.map((m) => {
      const at = new Date(m.sentAt);
      const date = m.sentAt.slice(0, 10);
      const separator = date !== lastDay ? html`<p class="date"><time datetime=${date}>${day.format(at)}</time></p>` : nothing;
      lastDay = date;
      const mine = m.author.kind === 'patient';
      const initials = (m.author.name ?? '').split(/\s+/).map((part) => part[0]).join('').slice(0, 2).toUpperCase();
      return html`${separator}<div part="message" class=${`message ${mine ? 'mine' : 'theirs'}`} data-key=${`m:${m.id}`}>${mine
        ? html`<p class="author care-visually-hidden">You</p>`
        : html`<p class="author"><span class="avatar" aria-hidden="true" data-initials=${initials}></span><span class="name">${m.author.name}</span><span class="role">${m.author.role}</span></p>`}<div class="bubble">${m.text}</div><p class="meta"><time datetime=${m.sentAt}>${time.format(at)}</time><span>${mine ? ' · Read' : ''}</span></p></div>`;
    });
    return html`<section id="panel" class="panel" part="panel" aria-labelledby="title" role="region">
      <header class="header" part="header"><h2 id="title">Ask a health educator</h2></header>
      <p class="scope">Not for emergencies. In an emergency call <a dir="ltr" href="tel:112">112</a>.</p>
      <div class="log" part="log" role="log" aria-live="off" tabindex="0" aria-label="Conversation with a health educator"><div class="edge" aria-hidden="true"></div>${rows}<div class="edge" aria-hidden="true"></div></div>
      <div class="announcements care-visually-hidden" aria-live="polite"></div>
      <p class="typing" aria-live="polite"></p>
      <div class="tools">
        <button type="button" class="link">Download transcript</button>
        <button type="button" class="link">Print transcript</button>
        <button type="button" class="link end">End chat</button>
      </div>
      <form class="composer" part="composer" novalidate>
        <div class="field">
          <label for="message">Your message</label>
          <p class="hint" id="message-hint">Press Enter to send, Shift and Enter for a new line.</p>
          <textarea id="message" rows="3" aria-describedby="message-hint" aria-invalid="false"></textarea>
        </div>
        <div class="actions">
          <div class="attach">
            <button type="button" class="link attach-button" aria-describedby="attachment-hint">Attach a photo or PDF</button>
            <input id="attachment" type="file" hidden multiple accept="image/jpeg,image/png,image/webp,image/gif,application/pdf">
            <p class="hint" id="attachment-hint">Images or PDF, up to 10 MB each.</p>
          </div>
          <button type="submit" class="care-button">Send</button>
        </div>
      </form>
    </section>`;
  }
}

const SECTIONS = [['summary', 'Summary'], ['medications', 'Medicines'], ['conditions', 'Conditions'], ['labs', 'Test results'], ['vitals', 'Vital signs'], ['immunizations', 'Vaccinations'], ['allergies', 'Allergies'], ['encounters', 'Visits'], ['appointments', 'Appointments'], ['documents', 'Documents and reports'], ['bills', 'Bills']];

export class TrivialLitRecord extends DataFloor {
  static styles = [hostStyles, formStyles, recordViewerStyles];
  load() {
    return Promise.all([this.adapter.records.getPatient(), this.adapter.records.listSection('labs', { limit: 20 })]).then(([patient, page]) => ({ patient, items: page.items }));
  }
  renderData({ patient, items }) {
    const number = new Intl.NumberFormat(lang(), { maximumFractionDigits: 3 });
    const when = new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' });
    // One row per test, its latest result first (the items come newest first).
    const latest = new Map();
    for (const item of items) {
      const coding = item.resource.code.coding[0];
      const key = `${coding.system}|${coding.code}`;
      if (!latest.has(key)) latest.set(key, item);
    }
    const name = `${patient.name[0].given.join(' ')} ${patient.name[0].family}`;
    const rows = [...latest].map(([key, item]) => {
      const r = item.resource;
      const id = `lab-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const { value, unit } = r.valueQuantity;
      const [{ low, high }] = r.referenceRange;
      const computed = value > high.value ? 'Above' : value < low.value ? 'Below' : undefined;
      return html`<li class="item lab" part="item" aria-labelledby=${id}>
          <div class="item-main"><p class="item-title" id=${id}>${r.code.text}</p><p class="item-value">${number.format(value)} ${unit}</p></div>
          <p class="item-meta"><span>${when.format(new Date(r.effectiveDateTime))}</span> <span>Normal range: ${number.format(low.value)}–${number.format(high.value)} ${unit}</span></p>
          ${computed ? html`<p class="computed hint">${computed} the normal range (worked out from the numbers; the lab did not flag it).</p>` : nothing}
          <p class="provenance"><span class="tag">Entered by your care team</span> <span>From ${item.provenance.organisation}</span></p>
          <div class="item-actions">
            <button type="button" class="link" aria-expanded="false">Show trend</button>
            <button type="button" class="link correct">Something wrong? Ask for a correction</button>
          </div>
        </li>`;
    });
    return html`<section class="record" aria-labelledby="record-title">
      <header class="record-header">
        <h2 id="record-title">Health record of ${name}</h2>
        <div class="tools">
          <button type="button" class="link export">Download my record (FHIR JSON)</button>
          <button type="button" class="link print">Print my record</button>
        </div>
      </header>
      <div class="layout">
        <nav part="nav" aria-label="Parts of your record">
          <ul>${SECTIONS.map(([section, label]) => html`<li><button type="button" class="nav-item" aria-current=${section === 'labs' ? 'true' : 'false'}>${label}</button></li>`)}</ul>
        </nav>
        <div class="content" part="section">
          <h3 id="section-heading" tabindex="-1">Test results</h3>
          <div class="tools start"><button type="button" class="care-button add-reading">Add a reading</button></div>
          <ul class="items labs">${rows}</ul>
        </div>
      </div>
      <p class="care-visually-hidden" role="status" aria-live="polite"></p>
    </section>`;
  }
}

export class TrivialLitFeed extends DataFloor {
  static styles = [hostStyles, formStyles, communityFeedStyles];
  load() {
    return Promise.all([this.adapter.community.listGroups(), this.adapter.community.listPosts('g-diabetes', { limit: 20 })]).then(([groups, page]) => ({ group: groups[0], posts: page.items }));
  }
  renderData({ group, posts }) {
    const when = new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' });
    const count = new Intl.NumberFormat(lang());
    const shown = posts.slice(0, 10);
    return html`<section class="community" aria-labelledby="community-title">
      <h2 id="community-title">Patient communities</h2>
      <div class="groups" part="groups">
        <label for="group-choice">Group</label>
        <select id="group-choice"><option value=${group.id} selected>${group.name}</option></select>
      </div>
      <section class="group" aria-labelledby="group-name">
        <h3 id="group-name">${group.name}</h3>
        <p>${group.description}</p>
        <p class="hint"><span>${count.format(group.memberCount)} members.</span> Members share their own experience: this is not medical advice. Ask your care team before changing your treatment.</p>
        <div class="membership">
          <p>You post in this group as ${group.pseudonym}.</p>
          <div class="tools">
            <button type="button" class="care-button new-post">Start a new post</button>
            <button type="button" class="link leave">Leave ${group.name}</button>
          </div>
        </div>
        <form class="toolbar" role="search">
          <div class="field">
            <label for="sort">Sort by</label>
            <select id="sort"><option value="newest" selected>Newest</option><option value="helpful">Most helpful</option></select>
          </div>
          <div class="field search">
            <label for="search">Search this group</label>
            <input id="search" type="search">
          </div>
          <button type="submit" class="care-button" data-variant="secondary">Search</button>
        </form>
        <div class="posts" role="feed" aria-labelledby="group-name" aria-busy="false">${shown.map((p, index) => html`<article tabindex="-1" part="post" data-id=${p.id} aria-labelledby=${`post-${p.id}`} class="post" aria-posinset=${index + 1} aria-setsize=${posts.length}><header class="post-header"><h4 class="post-title" id=${`post-${p.id}`}>${p.title}</h4><p class="byline"><span class="author">${p.author.name}</span>${p.author.badge ? html`<span class="badge staff">Health educator</span>` : nothing}<span class="when">${when.format(new Date(p.createdAt))}</span></p></header><div class="post-body"><p>${p.body}</p></div><div class="post-actions"><button type="button" class="reaction" data-reaction="helpful" aria-pressed="false"><span>Helpful </span><span class="count">${p.reactions.helpful}</span></button><button type="button" class="reaction" data-reaction="support" aria-pressed="false"><span>Support </span><span class="count">${p.reactions.support}</span></button><button type="button" class="link thread" aria-expanded="false">${p.replyCount === 1 ? '1 reply' : `${p.replyCount} replies`}</button><button type="button" class="link reply">Reply</button><button type="button" class="link report">Report</button></div></article>`)}</div>
        <button type="button" class="link older">Show older posts</button>
      </section>
      <p class="care-visually-hidden" role="status" aria-live="polite"></p>
    </section>`;
  }
}

/** The feedback form needs no data: its first question, with the same wording around it. */
export class TrivialLitFeedback extends LitElement {
  static styles = [hostStyles, formStyles, feedbackFormStyles];
  render() {
    return root(html`<div class="feedback">
      <form part="form" novalidate>
        <h2 tabindex="-1">Give feedback</h2>
        <slot name="intro"><p>Tell us about a compliment, a complaint, a suggestion or a question. It takes about 5 minutes. Your answers are saved on this device as you type.</p></slot>
        <div class="urgent-note">
          <p>If someone’s life is at risk, call 112 now. Feedback is read within days, not minutes.</p>
          <button type="button" class="link urgent-link">Someone’s safety is at risk now</button>
        </div>
        <div class="field">
          <fieldset>
            <legend>What would you like to tell us?</legend>
            ${FEEDBACK_KINDS.map(([value, label, hint]) => html`<div class="choice-row">
              <label class="choice"><input type="radio" name="feedback-kind" id=${`feedback-kind-${value}`} aria-describedby=${`feedback-kind-${value}-hint`} value=${value}> ${label}</label>
              <p class="hint choice-hint" id=${`feedback-kind-${value}-hint`}>${hint}</p>
            </div>`)}
          </fieldset>
        </div>
        <div class="field trap" aria-hidden="true">
          <label for="feedback-website">Leave this field empty</label>
          <input id="feedback-website" name="website" type="text" autocomplete="off" tabindex="-1">
        </div>
        <p class="reassurance">Giving feedback, including making a complaint, will not affect your care or treatment.</p>
        <div class="actions"><button type="submit" class="care-button">Send feedback</button></div>
      </form>
      <p class="care-visually-hidden" role="status" aria-live="polite"></p>
      <p class="care-visually-hidden count-status" aria-live="polite"></p>
    </div>`);
  }
}

for (const [tag, element] of [['trivial-lit-chat', TrivialLitChat], ['trivial-lit-record', TrivialLitRecord], ['trivial-lit-feed', TrivialLitFeed], ['trivial-lit-feedback', TrivialLitFeedback]]) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
