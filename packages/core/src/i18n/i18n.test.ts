import { expect } from '@open-wc/testing';
import { Translator, directionOf, localeChain, registerMessages } from './i18n.js';
import { registerCoreMessages, CORE_LOCALES } from './core-messages.js';

describe('i18n', () => {
  before(() => registerCoreMessages());

  it('ships every core string in English, Indonesian, Malay and Persian', () => {
    const englishKeys = Object.keys(CORE_LOCALES.en).sort();
    for (const [locale, table] of Object.entries(CORE_LOCALES)) {
      expect(Object.keys(table).sort(), locale).to.deep.equal(englishKeys);
      for (const [key, message] of Object.entries(table)) {
        const forms = typeof message === 'string' ? [message] : Object.values(message);
        for (const form of forms) expect(form.trim(), `${locale} ${key}`).not.to.equal('');
      }
    }
    expect(new Translator('id').t('core.retry')).to.equal('Coba lagi');
    expect(new Translator('ms').t('core.retry')).to.equal('Cuba lagi');
    expect(new Translator('fa').t('core.retry')).to.equal('تلاش دوباره');
  });

  it('chooses plural forms by the language\'s rules and formats numbers for the locale', () => {
    expect(new Translator('en').t('core.outbox.pending', { count: 1 })).to.equal('1 item waiting to be sent');
    expect(new Translator('en').t('core.outbox.pending', { count: 3 })).to.equal('3 items waiting to be sent');
    expect(new Translator('id').t('core.outbox.pending', { count: 3 })).to.equal('3 item menunggu dikirim');
    // Persian uses Persian digits.
    expect(new Translator('fa').t('core.outbox.pending', { count: 3 })).to.equal('۳ مورد در انتظار ارسال');
  });

  it('falls back from a regional locale to its language, then to English', () => {
    expect(localeChain('fa-IR')).to.deep.equal(['fa-IR', 'fa', 'en']);
    expect(new Translator('ms-MY').t('core.loading')).to.equal('Memuatkan…');
    expect(new Translator('de').t('core.loading')).to.equal('Loading…');
    expect(new Translator('de').locale).to.equal('en');
  });

  it('lets the host override any string per locale without losing the others', () => {
    const translator = new Translator('id', { id: { 'core.loading': 'Sebentar ya…' } });
    expect(translator.t('core.loading')).to.equal('Sebentar ya…');
    expect(translator.t('core.retry')).to.equal('Coba lagi');
  });

  it('lets packages add tables later (newest wins key by key)', () => {
    registerMessages('en', { 'core.dismiss': 'Close' });
    expect(new Translator('en').t('core.dismiss')).to.equal('Close');
    registerMessages('en', { 'core.dismiss': CORE_LOCALES.en['core.dismiss'] });
  });

  it('knows right-to-left languages', () => {
    expect(directionOf('fa')).to.equal('rtl');
    expect(directionOf('ar-EG')).to.equal('rtl');
    expect(directionOf('id')).to.equal('ltr');
    expect(new Translator('fa').dir).to.equal('rtl');
  });

  it('leaves unknown placeholders visible rather than inventing text', () => {
    expect(new Translator('en').t('core.outbox.rejected', {})).to.equal('Not sent: {reason}');
  });
});
