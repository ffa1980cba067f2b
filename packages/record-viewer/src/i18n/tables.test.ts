import { expect } from '@open-wc/testing';
import { Translator, registerMessages, type MessageTable } from '@careline/core';
import { describeTranslationTables } from '@careline/testing';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
import { RECORD_LOCALES } from './tables.js';

const TRANSLATIONS = { id, ms, fa } as const;

describeTranslationTables('record viewer', {
  en,
  translations: TRANSLATIONS,
  // "normal" is the ordinary Indonesian and Malay word.
  sameAsEnglish: { id: ['record.flag.normal'], ms: ['record.flag.normal'] },
  // The export format's name and the example email address stay as they are.
  keptLatinInPersian: /FHIR JSON|name@example\.com/,
});

describe('record viewer translations', () => {
  it('registers every translated language beside English', () => {
    expect(Object.keys(RECORD_LOCALES).sort()).to.deep.equal(['en', 'fa', 'id', 'ms']);
  });

  it('keeps "FHIR JSON" as it is', () => {
    for (const table of Object.values(TRANSLATIONS)) expect(table['record.export.json']).to.be.a('string').and.to.include('FHIR JSON');
  });

  it('works through the Translator: placeholders filled, plural forms chosen, local digits', () => {
    for (const [locale, table] of Object.entries({ en, ...TRANSLATIONS })) registerMessages(locale, table as MessageTable);
    expect(new Translator('id').t('record.more.loaded', { count: 1 })).to.equal('1 data lagi ditampilkan.');
    expect(new Translator('id-ID').t('record.lab.range', { range: '70–140 mg/dL' })).to.equal('Nilai normal: 70–140 mg/dL');
    expect(new Translator('ms-MY').t('record.reading.error.range', { field: 'Berat badan', min: 1, max: 500, unit: 'kg' })).to.equal(
      'Berat badan mestilah nombor antara 1 dan 500 kg',
    );
    expect(new Translator('ms').t('record.filter.hintTotal', { count: 1, loaded: 1 })).to.match(/^1 daripada 1 entri telah dimuatkan\./);
    const persian = new Translator('fa-IR');
    expect(persian.dir).to.equal('rtl');
    expect(persian.t('record.more.loaded', { count: 12 })).to.equal('۱۲ مورد دیگر نمایش داده شد.');
    expect(persian.t('record.trend.summary', { test: 'x', count: 1, first: 'a', last: 'b', latest: 'c' })).to.equal('x: ۱ نتیجه، در b. آخرین نتیجه: c.');
    expect(persian.t('record.trend.summary', { test: 'x', count: 3, first: 'a', last: 'b', latest: 'c' })).to.equal(
      'x: ۳ نتیجه از a تا b. آخرین نتیجه: c.',
    );
    expect(persian.t('record.status.balanced')).to.equal(fa['record.status.balanced']);
  });
});
