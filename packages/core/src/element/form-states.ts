/**
 * The error templates of forms (GOV.UK's error line and summary). Apart from states.ts: a widget
 * whose forms load on demand (the record viewer's, the feed's, the chat's) then carries none of
 * them in its first chunk.
 */
import { html, nothing, type TemplateResult } from 'lit';

export interface FieldError {
  /** The id of the control in error, in the same shadow root. */
  field: string;
  message: string;
}

/**
 * A field's error line, GOV.UK's way: a visually hidden "Error:" in the page's language, then
 * the message. `id` is what the control's aria-describedby names.
 */
export function fieldErrorTemplate(t: { t(key: 'core.error.prefix'): string }, id: string, message: string): TemplateResult {
  return html`<p class="error" id=${id}><span class="care-visually-hidden">${t.t('core.error.prefix')}</span> ${message}</p>`;
}

/**
 * GOV.UK's error summary: a titled list of links, one per error, each moving focus to
 * its control (ids live in the widget's shadow root, out of reach of the page's own
 * anchor navigation). Give it focus after rendering. `heading` is the heading level
 * that fits where the form sits.
 */
export function errorSummaryTemplate(
  title: string,
  errors: readonly FieldError[],
  root: { querySelector(selector: string): Element | null },
  heading: 'h3' | 'h4' = 'h3',
): TemplateResult | typeof nothing {
  if (!errors.length) return nothing;
  const focus = (event: Event, field: string) => {
    event.preventDefault();
    (root.querySelector(`#${CSS.escape(field)}`) as HTMLElement | null)?.focus();
  };
  const titleTemplate = heading === 'h3' ? html`<h3 id="error-summary-title">${title}</h3>` : html`<h4 id="error-summary-title">${title}</h4>`;
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" part="error-summary">
    ${titleTemplate}
    <ul>
      ${errors.map((error) => html`<li><a href=${`#${error.field}`} @click=${(event: Event) => focus(event, error.field)}>${error.message}</a></li>`)}
    </ul>
  </div>`;
}
