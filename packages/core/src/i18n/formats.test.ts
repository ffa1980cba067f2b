import { expect } from '@open-wc/testing';
import { dateTimeFormat, formatCount, numberFormat, prepareFormatters } from './formats.js';
import { Translator, loadMessages } from './i18n.js';
import { registerCoreMessages } from './core-messages.js';

const SAMPLES = [0, 1, 7, 12, 99, 100, 999, 1000, 1200, 9999, 10_000, 12_345, 100_000, 999_999, 1_000_000, 987_654_321, 1_000_000_000, Number.MAX_SAFE_INTEGER];

/**
 * Counts the Intl.NumberFormat objects built and the formats asked of any (cached ones too)
 * while `run` runs: building the first is the cost formatCount avoids.
 */
function numberFormatUseDuring(run: () => void): number {
  const original = Intl.NumberFormat;
  const formatGetter = Object.getOwnPropertyDescriptor(original.prototype, 'format')!;
  let used = 0;
  Intl.NumberFormat = new Proxy(original, {
    construct(target, args: [string?, Intl.NumberFormatOptions?]) {
      used++;
      return new target(...args);
    },
  });
  Object.defineProperty(original.prototype, 'format', {
    ...formatGetter,
    get(this: Intl.NumberFormat) {
      used++;
      return formatGetter.get!.call(this);
    },
  });
  try {
    run();
  } finally {
    Intl.NumberFormat = original;
    Object.defineProperty(original.prototype, 'format', formatGetter);
  }
  return used;
}

describe('formatCount', () => {
  before(async () => {
    registerCoreMessages();
    await loadMessages('id');
  });

  it('writes whole numbers exactly as this browser\'s Intl.NumberFormat does, in every locale', () => {
    for (const locale of ['en', 'en-US', 'en-GB', 'EN-us', 'id', 'id-ID', 'ms', 'ms-MY', 'fa', 'en-IN', 'ms-BN', 'de', 'en-u-nu-arab', 'ar']) {
      for (const value of [...SAMPLES, 0.5, 1234.5, -3]) {
        expect(formatCount(locale, value), `${locale} ${value}`).to.equal(new Intl.NumberFormat(locale).format(value));
      }
    }
  });

  it('uses no Intl.NumberFormat for whole numbers in English, Indonesian and Malay', () => {
    expect(numberFormatUseDuring(() => {
      for (const locale of ['en', 'id', 'ms']) for (const value of SAMPLES) formatCount(locale, value);
      expect(new Translator('id').t('core.outbox.pending', { count: 1200 })).to.equal('1.200 item menunggu dikirim');
    })).to.equal(0);
  });

  it('leaves fractions, negative numbers and other locales to Intl (Persian digits, Indian grouping)', () => {
    expect(numberFormatUseDuring(() => expect(formatCount('en-AU', 7)).to.equal('7'))).to.be.greaterThan(0);
    expect(formatCount('en-IN', 100_000)).to.equal('1,00,000');
    expect(formatCount('fa', 1200)).to.equal(numberFormat('fa').format(1200));
    expect(formatCount('fa', 1200)).to.match(/^[۰-۹]/);
    expect(formatCount('en', 2.5)).to.equal('2.5');
    expect(formatCount('id', 2.5)).to.equal('2,5');
    expect(formatCount('en', -3)).to.equal(new Intl.NumberFormat('en').format(-3));
  });
});

describe('prepareFormatters', () => {
  it('builds the formatters in the next task, so the render that needs them finds them built', async () => {
    const RealDateTimeFormat = Intl.DateTimeFormat;
    const RealNumberFormat = Intl.NumberFormat;
    let built = 0;
    // Counts constructions; unusual options, so nothing in the shared cache answers for them.
    Intl.DateTimeFormat = function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      built++;
      return new RealDateTimeFormat(...args);
    } as unknown as typeof Intl.DateTimeFormat;
    Intl.NumberFormat = function (...args: ConstructorParameters<typeof Intl.NumberFormat>) {
      built++;
      return new RealNumberFormat(...args);
    } as unknown as typeof Intl.NumberFormat;
    try {
      const date = { dateStyle: 'full', timeZone: 'Asia/Makassar' } as const;
      const number = { maximumFractionDigits: 4, minimumIntegerDigits: 2 } as const;
      prepareFormatters('ms', [{ date }, { number }]);
      expect(built, 'nothing built while the caller goes on (sending its request)').to.equal(0);
      await new Promise((resolve) => setTimeout(resolve));
      expect(built, 'built in the next task').to.equal(2);
      dateTimeFormat('ms', date).format(new Date(0));
      numberFormat('ms', number).format(1.5);
      expect(built, 'the render builds nothing more').to.equal(2);
      prepareFormatters('xx-not a locale!', [{ date }]);
      await new Promise((resolve) => setTimeout(resolve));
    } finally {
      Intl.DateTimeFormat = RealDateTimeFormat;
      Intl.NumberFormat = RealNumberFormat;
    }
  });
});

describe('dateTimeFormat', () => {
  it('writes nothing for a time it cannot read, instead of throwing, and formats the rest as Intl does', () => {
    const format = dateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
    expect(format.format(new Date('yesterday'))).to.equal('');
    expect(format.format(Number.NaN)).to.equal('');
    const when = new Date(Date.UTC(2026, 10, 2, 3, 12));
    expect(format.format(when)).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(when));
    expect(format.format(when.getTime())).to.equal(format.format(when));
    expect(format.format(), 'now, when given nothing').to.not.equal('');
    expect(format.formatToParts(when).length).to.be.greaterThan(3);
    expect(format.resolvedOptions().timeZone).to.equal('UTC');
  });
});
