import { expect } from '@open-wc/testing';
import { Translator, registerMessages, type Message, type MessageTable } from '@careline/core';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';

const TRANSLATIONS = { id, ms, fa } as const;
/** The plural forms each language's table uses, by Intl.PluralRules names. */
const PLURAL_FORMS: Record<keyof typeof TRANSLATIONS, readonly string[]> = {
  id: ['other'],
  ms: ['other'],
  fa: ['one', 'other'],
};
const DIRECTION_MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

function forms(message: Message): string[] {
  return typeof message === 'string' ? [message] : Object.values(message).filter((form): form is string => form !== undefined);
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort();
}

describe('chat translation tables', () => {
  it('the plural forms each language uses are what Intl.PluralRules selects', () => {
    // Guards the shapes below: if a language gained a category, its tables would need it.
    for (const [locale, expected] of Object.entries(PLURAL_FORMS)) {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      expect([...categories].sort(), locale).to.deep.equal([...expected].sort());
    }
  });

  for (const [locale, table] of Object.entries(TRANSLATIONS) as [keyof typeof TRANSLATIONS, Record<string, Message>][]) {
    describe(locale, () => {
      it('has exactly the English keys', () => {
        expect(Object.keys(table).sort()).to.deep.equal(Object.keys(en).sort());
      });

      it('has no empty or padded strings', () => {
        for (const [key, message] of Object.entries(table)) {
          for (const form of forms(message)) {
            expect(form.trim(), `${locale} ${key}`).not.to.equal('');
            expect(form, `${locale} ${key} has surrounding whitespace`).to.equal(form.trim());
          }
        }
      });

      it('keeps every placeholder of the English message, and adds none', () => {
        for (const [key, english] of Object.entries(en)) {
          const expected = placeholders(forms(english).join(' '));
          const message = table[key];
          expect(message, `${locale} ${key}`).not.to.equal(undefined);
          for (const form of forms(message!)) {
            expect(placeholders(form), `${locale} ${key}: "${form}"`).to.deep.equal(expected);
          }
        }
      });

      it(`writes plural messages with exactly ${PLURAL_FORMS[locale].join(' and ')}, and plain strings where English has them`, () => {
        for (const [key, english] of Object.entries(en)) {
          const message = table[key];
          if (typeof english === 'string') {
            expect(typeof message, `${locale} ${key}`).to.equal('string');
          } else {
            expect(message, `${locale} ${key}`).to.be.an('object');
            expect(Object.keys(message as object).sort(), `${locale} ${key}`).to.deep.equal([...PLURAL_FORMS[locale]].sort());
          }
        }
      });

      it('keeps the Enter and Shift key names recognisable', () => {
        const hint = table['chat.composer.hint'];
        expect(hint).to.be.a('string');
        expect(hint).to.match(/\bEnter\b/);
        expect(hint).to.match(/\bShift\b/);
      });

      it('is translated, not copied from English', () => {
        const copied = Object.keys(en).filter((key) => {
          const english = en[key as keyof typeof en];
          return typeof english === 'string' && english.length > 12 && table[key] === english;
        });
        expect(copied, `${locale}: untranslated`).to.deep.equal([]);
      });
    });
  }

  it('Persian embeds no direction marks (the component sets the direction)', () => {
    for (const [key, message] of Object.entries(fa)) {
      for (const form of forms(message)) expect(DIRECTION_MARKS.test(form), `fa ${key}`).to.equal(false);
    }
  });

  it('Persian is written in Persian letters, not Arabic look-alikes', () => {
    for (const [key, message] of Object.entries(fa)) {
      for (const form of forms(message)) expect(/[يك]/.test(form), `fa ${key} uses Arabic ي or ك`).to.equal(false);
    }
  });

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
