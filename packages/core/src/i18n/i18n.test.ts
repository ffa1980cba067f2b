import { expect } from '@open-wc/testing';
import { Translator, availableLocales, directionOf, hasPendingMessages, loadMessages, localeChain, registerDefaultMessages, registerMessageLoader, registerMessages } from './i18n.js';
import { registerCoreMessages } from './core-messages.js';
import { CORE_LOCALES } from './locales/index.js';

describe('i18n', () => {
  before(async () => {
    registerCoreMessages();
    await Promise.all(['id', 'ms', 'fa'].map((locale) => loadMessages(locale)));
  });

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

  it('code loaded on demand brings its English without replacing wording the host registered first', () => {
    registerMessages('en', { 'core.dismiss': 'Close this' });
    registerDefaultMessages('en', { 'core.dismiss': 'Dismiss (default)', 'test.late.key': 'Late default' } as never);
    const translator = new Translator('en');
    expect(translator.t('core.dismiss')).to.equal('Close this');
    expect(translator.t('test.late.key' as never)).to.equal('Late default');
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

  describe('tables loaded on demand', () => {
    it('loads a locale\'s table only when a page needs it, once for concurrent callers', async () => {
      let loads = 0;
      registerMessageLoader('sw', async () => {
        loads++;
        return { 'core.retry': 'Jaribu tena' };
      });
      expect(availableLocales()).to.include('sw');
      expect(hasPendingMessages('sw-KE'), 'sw-KE falls back to sw').to.equal(true);
      expect(new Translator('sw').t('core.retry'), 'English until it has loaded').to.equal('Try again');
      await Promise.all([loadMessages('sw-KE'), loadMessages('sw')]);
      expect(loads).to.equal(1);
      expect(hasPendingMessages('sw')).to.equal(false);
      expect(new Translator('sw-KE').t('core.retry')).to.equal('Jaribu tena');
      await loadMessages('sw');
      expect(loads, 'never loaded twice').to.equal(1);
    });

    it('shows English when a table cannot be loaded (offline, a blocked file), and says so in the console', async () => {
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args);
      try {
        registerMessageLoader('yo', () => Promise.reject(new Error('offline')));
        await loadMessages('yo');
      } finally {
        console.warn = warn;
      }
      expect(new Translator('yo').t('core.retry')).to.equal('Try again');
      expect(String(warnings[0]?.[0])).to.contain('"yo"');
      expect(hasPendingMessages('yo'), 'not retried on every render').to.equal(false);
    });
  });
});
