import { expect } from '@open-wc/testing';
import { Translator, registerMessages, type MessageTable } from '@careline/core';
import { describeTranslationTables } from '@careline/testing';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
import { FEEDBACK_LOCALES } from './tables.js';

const TRANSLATIONS = { id, ms, fa } as const;

describeTranslationTables('feedback form', {
  en,
  translations: TRANSLATIONS,
  // "Status" is the ordinary Indonesian and Malay word; the status heading and the 0–10 option
  // labels are only placeholders around a dash ("{kind} – {reference}", "{value}").
  sameAsEnglish: {
    id: ['feedback.rating.recommend.n', 'feedbackStatus.status.title', 'feedbackStatus.current'],
    ms: ['feedback.rating.recommend.n', 'feedbackStatus.status.title', 'feedbackStatus.current'],
  },
  // File formats' names, the example email address and the example reference number stay as they are.
  keptLatinInPersian: /\b(?:JPG|PNG|GIF|WebP|PDF)\b|name@example\.com|FB-2026-A1B2-0001/,
});

/** The text a message quotes, in "…", “…” or «…». */
function quoted(text: string): string | undefined {
  return /["“«]([^"”»]+)["”»]/.exec(text)?.[1];
}

describe('feedback form translations', () => {
  it('registers every translated language beside English', () => {
    expect(Object.keys(FEEDBACK_LOCALES).sort()).to.deep.equal(['en', 'fa', 'id', 'ms']);
  });

  for (const [locale, table] of Object.entries({ en, ...TRANSLATIONS })) {
    it(`${locale} quotes the labels it refers to as they are written`, () => {
      // "Leave the field 'Leave this field empty' empty" names the hidden field; "select 'Send feedback' again" names the button.
      expect(quoted(table['feedback.error.honeypot'] as string), `${locale} error.honeypot`).to.equal(table['feedback.honeypot']);
      expect(quoted(table['feedback.error.tooFast'] as string), `${locale} error.tooFast`).to.equal(table['feedback.submit']);
    });
  }

  it('keeps the example reference number and email address as they are', () => {
    for (const table of Object.values(TRANSLATIONS)) {
      expect(table['feedbackStatus.reference.hint']).to.be.a('string').and.to.include('FB-2026-A1B2-0001');
      expect(table['feedbackStatus.error.format']).to.be.a('string').and.to.include('FB-2026-A1B2-0001');
      expect(table['feedback.error.email.format']).to.be.a('string').and.to.include('name@example.com');
    }
  });

  it('works through the Translator: placeholders filled, plural forms chosen, local digits', () => {
    for (const [locale, table] of Object.entries({ en, ...TRANSLATIONS })) registerMessages(locale, table as MessageTable);
    expect(new Translator('id').t('feedback.count.remaining', { count: 1 })).to.equal('Sisa 1 karakter');
    expect(new Translator('id-ID').t('feedback.urgent.note', { number: '112' })).to.equal(
      'Jika nyawa seseorang terancam, segera hubungi 112. Masukan dibaca dalam hitungan hari, bukan menit.',
    );
    expect(new Translator('id').t('feedback.question.error.min', { question: 'Berapa kali Anda datang?', min: 1 })).to.equal(
      'Jawaban Anda untuk "Berapa kali Anda datang?" harus 1 atau lebih',
    );
    expect(new Translator('ms-MY').t('feedback.count.over', { count: 3 })).to.equal('Terlebih 3 aksara');
    expect(new Translator('ms').t('feedback.files.remove', { name: 'resit.pdf' })).to.equal('Buang resit.pdf');
    expect(new Translator('ms').t('feedbackStatus.status.title', { kind: ms['feedback.kind.complaint'] as string, reference: 'FB-2026-A1B2-0001' })).to.equal(
      'Aduan – FB-2026-A1B2-0001',
    );
    const persian = new Translator('fa-IR');
    expect(persian.dir).to.equal('rtl');
    expect(persian.t('feedback.count.remaining', { count: 1 })).to.equal('۱ نویسه باقی مانده است');
    expect(persian.t('feedback.count.over', { count: 12 })).to.equal('۱۲ نویسه بیش از حد است');
    expect(persian.t('feedback.files.error.count', { count: 1, max: 1 })).to.equal('فقط ۱ فایل می‌توانید اضافه کنید');
    expect(persian.t('feedback.files.error.count', { count: 5, max: 5 })).to.equal('حداکثر ۵ فایل می‌توانید اضافه کنید');
    expect(persian.t('feedback.rating.recommend.n', { value: 7 })).to.equal('۷ از ۱۰');
    expect(persian.t('feedback.question.error.required', { question: 'نام پزشک' })).to.equal('پاسخی برای «نام پزشک» وارد کنید');
    expect(persian.t('feedbackStatus.current', { state: persian.t('feedbackStatus.state.under-review') })).to.equal('وضعیت: در حال بررسی');
  });
});
