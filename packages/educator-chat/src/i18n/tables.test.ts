import { expect } from '@open-wc/testing';
import { Translator, registerMessages, type MessageTable } from '@careline/core';
import { describeTranslationTables } from '@careline/testing';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';

const TRANSLATIONS = { id, ms, fa } as const;

describeTranslationTables('chat', {
  en,
  translations: TRANSLATIONS,
  // "Email" is the everyday Indonesian word too.
  sameAsEnglish: { id: ['chat.guest.channel.email', 'chat.notify.email'] },
  // Key names are printed on keyboards in Latin letters, "PDF" is written so in Persian too,
  // and the attribute name is for the website team.
  keptLatinInPersian: /\b(?:Enter|Shift|PDF)\b|conversation-key/,
});

describe('chat translations', () => {
  for (const [locale, table] of Object.entries(TRANSLATIONS)) {
    it(`${locale} keeps the Enter and Shift key names recognisable`, () => {
      const hint = table['chat.composer.hint'];
      expect(hint).to.be.a('string');
      expect(hint).to.match(/\bEnter\b/);
      expect(hint).to.match(/\bShift\b/);
    });
  }

  it('works through the Translator: placeholders filled, plural forms chosen, local digits', () => {
    for (const [locale, table] of Object.entries({ en, ...TRANSLATIONS })) registerMessages(locale, table as MessageTable);
    expect(new Translator('id').t('chat.queueWait', { count: 1 })).to.equal('Perkiraan waktu tunggu: 1 menit.');
    expect(new Translator('ms-MY').t('chat.emergency.title', { number: '999' })).to.equal('Jika ini kecemasan, hubungi 999 sekarang.');
    expect(new Translator('id').t('chat.typing', { name: 'Sari' })).to.equal('Sari sedang mengetik…');
    const persian = new Translator('fa-IR');
    expect(persian.dir).to.equal('rtl');
    expect(persian.t('chat.queueWait', { count: 1 })).to.equal('زمان تقریبی انتظار: ۱ دقیقه.');
    expect(persian.t('chat.launcher.unread', { count: 12 })).to.equal('۱۲ پیام تازه');
    expect(persian.t('chat.status.rejected', { reason: 'x' })).to.equal('ارسال نشد: x');
  });
});
