/**
 * Floors for time to first content that include the data: trivial Lit elements that get the
 * same items from the same in-memory adapter as our widgets and show them with the same Intl
 * formatting (times, numbers), and nothing else — no configuration, locale, storage or safety
 * work. What our widgets take beyond these is their own cost.
 */
import { LitElement, html, css } from 'lit';

const styles = css`:host { display: block; }`;
const time = () => new Intl.DateTimeFormat(document.documentElement.lang || 'en', { timeStyle: 'short' });
const dateTime = () => new Intl.DateTimeFormat(document.documentElement.lang || 'en', { dateStyle: 'medium', timeStyle: 'short' });

class DataFloor extends LitElement {
  static styles = styles;
  static properties = { items: { state: true } };
  connectedCallback() {
    super.connectedCallback();
    this.load().then((items) => (this.items = items));
  }
}

export class TrivialLitChat extends DataFloor {
  load() {
    return this.adapter.chat.listMessages('c-bench', { limit: 30 }).then((page) => page.items);
  }
  render() {
    if (!this.items) return html`<p>Loading…</p>`;
    const format = time();
    return html`<ol class="log">${this.items.map((m) => html`<li><b>${m.author.name ?? 'You'}</b> <span>${m.text}</span> <time>${format.format(new Date(m.sentAt))}</time></li>`)}</ol>`;
  }
}

export class TrivialLitRecord extends DataFloor {
  load() {
    return this.adapter.records.listSection('labs', { limit: 20 }).then((page) => page.items);
  }
  render() {
    if (!this.items) return html`<p>Loading…</p>`;
    const number = new Intl.NumberFormat(document.documentElement.lang || 'en', { maximumFractionDigits: 3 });
    const format = dateTime();
    return html`<ul class="labs">${this.items.map(({ resource: r }) => html`<li><b>${r.code.text}</b> <span class="value">${number.format(r.valueQuantity.value)} ${r.valueQuantity.unit}</span> <time>${format.format(new Date(r.effectiveDateTime))}</time></li>`)}</ul>`;
  }
}

export class TrivialLitFeed extends DataFloor {
  load() {
    return this.adapter.community.listPosts('g-diabetes', { limit: 20 }).then((page) => page.items);
  }
  render() {
    if (!this.items) return html`<p>Loading…</p>`;
    const format = dateTime();
    return html`<ul class="posts">${this.items.map((p) => html`<li><article><h4>${p.title}</h4><p>${p.author?.name ?? ''} · <time>${format.format(new Date(p.createdAt))}</time></p><p>${p.body}</p></article></li>`)}</ul>`;
  }
}

/** The feedback form needs no data: the floor is a plain form with the same first fieldset. */
export class TrivialLitFeedback extends LitElement {
  static styles = styles;
  render() {
    return html`<form><fieldset><legend>What would you like to tell us?</legend>
      ${['Compliment', 'Complaint', 'Suggestion'].map((kind) => html`<label><input type="radio" name="kind" value=${kind.toLowerCase()}> ${kind}</label>`)}
      </fieldset><label for="d">Tell us what happened</label><textarea id="d"></textarea><button>Send</button></form>`;
  }
}

for (const [tag, element] of [['trivial-lit-chat', TrivialLitChat], ['trivial-lit-record', TrivialLitRecord], ['trivial-lit-feed', TrivialLitFeed], ['trivial-lit-feedback', TrivialLitFeedback]]) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
