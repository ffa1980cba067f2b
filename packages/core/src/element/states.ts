/**
 * Templates for the states every widget has: loading, empty, error, offline and
 * configuration problems. Widgets compose them; each has a test.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Translator } from '../i18n/i18n.js';
import type { ConfigProblem } from '../config/config.js';

export function loadingTemplate(t: Translator, label?: string): TemplateResult {
  return html`<div class="care-state" data-state="loading" role="status" aria-live="polite" part="state">
    <div class="care-spinner" aria-hidden="true"></div>
    <p class="care-state__detail">${label ?? t.t('core.loading')}</p>
  </div>`;
}

export function emptyTemplate(t: Translator, message?: string): TemplateResult {
  return html`<div class="care-state" data-state="empty" part="state">
    <p class="care-state__detail">${message ?? t.t('core.empty')}</p>
  </div>`;
}

export function errorTemplate(t: Translator, retry?: () => void, detail?: string): TemplateResult {
  return html`<div class="care-state" data-state="error" role="alert" part="state">
    <p class="care-state__title">${t.t('core.error.title')}</p>
    <p class="care-state__detail">${detail ?? t.t('core.error.detail')}</p>
    ${retry
      ? html`<div><button type="button" class="care-button" data-variant="secondary" @click=${retry}>${t.t('core.retry')}</button></div>`
      : nothing}
  </div>`;
}

export function offlineTemplate(t: Translator): TemplateResult {
  return html`<div class="care-state" data-state="offline" role="status" aria-live="polite" part="state">
    <p class="care-state__detail">${t.t('core.offline')}</p>
  </div>`;
}

export function memoryOnlyTemplate(t: Translator): TemplateResult {
  return html`<div class="care-state" data-state="offline" role="status" part="state">
    <p class="care-state__detail">${t.t('core.storage.memoryOnly')}</p>
  </div>`;
}

export function configProblemTemplate(t: Translator, problem: ConfigProblem): TemplateResult {
  const title = problem.code === 'missing' ? t.t('core.config.missing.title') : t.t('core.config.invalid.title');
  return html`<div class="care-state" data-state="config" role="alert" part="state">
    <p class="care-state__title">${title}</p>
    <p class="care-state__fix">${t.t('core.config.missing.fix', { fix: problem.fix })}</p>
  </div>`;
}
