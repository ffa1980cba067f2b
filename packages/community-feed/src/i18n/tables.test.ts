import { expect } from '@open-wc/testing';
import { Translator, registerMessages, type Message, type MessageTable } from '@careline/core';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
import { COMMUNITY_LOCALES } from './index.js';

const TRANSLATIONS = { id, ms, fa } as const;
type Locale = keyof typeof TRANSLATIONS;
/** The plural forms each language's table uses, by Intl.PluralRules names. */
const PLURAL_FORMS: Record<Locale, readonly string[]> = {
  id: ['other'],
  ms: ['other'],
  fa: ['one', 'other'],
};
/** Messages that may read exactly as in English, and why. Everything else must be translated. (None may.) */
const SAME_AS_ENGLISH: Record<Locale, readonly string[]> = {
  id: [],
  ms: [],
  fa: [],
};
const DIRECTION_MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

function forms(message: Message): string[] {
  return typeof message === 'string' ? [message] : Object.values(message).filter((form): form is string => form !== undefined);
}

/** The form of a message for a plural category (`other` for a plain string or a missing category). */
function form(message: Message, category: string): string {
  if (typeof message === 'string') return message;
  return (message as unknown as Record<string, string | undefined>)[category] ?? message.other;
}

function categories(message: Message): string[] {
  return typeof message === 'string' ? ['other'] : Object.keys(message);
}

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort();
}

/** The text a message quotes, in "…" or «…». */
function quoted(text: string): string | undefined {
  return /["«]([^"»]+)["»]/.exec(text)?.[1];
}

describe('community feed translation tables', () => {
  it('registers every translated language beside English', () => {
    expect(Object.keys(COMMUNITY_LOCALES).sort()).to.deep.equal(['en', 'fa', 'id', 'ms']);
  });

  it('the plural forms each language uses are what Intl.PluralRules selects', () => {
    // Guards the shapes below: if a language gained a category, its tables would need it.
    for (const [locale, expected] of Object.entries(PLURAL_FORMS)) {
      const found = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      expect([...found].sort(), locale).to.deep.equal([...expected].sort());
    }
  });

  for (const [locale, table] of Object.entries(TRANSLATIONS) as [Locale, Record<string, Message>][]) {
    describe(locale, () => {
      it('has exactly the English keys', () => {
        expect(Object.keys(table).sort()).to.deep.equal(Object.keys(en).sort());
      });

      it('has no empty or padded strings', () => {
        for (const [key, message] of Object.entries(table)) {
          for (const text of forms(message)) {
            expect(text.trim(), `${locale} ${key}`).not.to.equal('');
            expect(text, `${locale} ${key} has surrounding whitespace`).to.equal(text.trim());
          }
        }
      });

      it('keeps every placeholder of the English message, and adds none', () => {
        // Each form is compared with the English form of the same plural category, or with
        // English `other` (a language with only `other` uses it for one as well).
        for (const [key, english] of Object.entries(en)) {
          const message = table[key];
          expect(message, `${locale} ${key}`).not.to.equal(undefined);
          for (const category of categories(message!)) {
            const text = form(message!, category);
            expect(placeholders(text), `${locale} ${key} (${category}): "${text}"`).to.deep.equal(placeholders(form(english, category)));
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

      it('quotes the labels it refers to as they are written', () => {
        // "untick 'Add a content warning'" names the checkbox; "required for 'Something else'" names the reason.
        const checkbox = quoted(table['community.compose.error.warningLabel'] as string);
        expect(checkbox, `${locale} compose.error.warningLabel`).to.be.a('string');
        expect((table['community.compose.warning'] as string).startsWith(`${checkbox} (`), `${locale} compose.warning starts with "${checkbox}"`).to.equal(true);
        expect(quoted(table['community.report.details'] as string), `${locale} report.details`).to.equal(table['community.report.reason.other']);
      });

      it('is translated, not copied from English', () => {
        const copied = Object.keys(en).filter((key) => {
          const english = en[key as keyof typeof en];
          const message = table[key]!;
          return categories(message).some((category) => form(message, category) === form(english, category));
        });
        expect(copied, `${locale}: untranslated`).to.deep.equal([...SAME_AS_ENGLISH[locale]]);
      });
    });
  }

  it('English quotes the labels it refers to as they are written (the check above holds for the reference too)', () => {
    expect((en['community.compose.warning'] as string).startsWith(`${quoted(en['community.compose.error.warningLabel'] as string)} (`)).to.equal(true);
    expect(quoted(en['community.report.details'] as string)).to.equal(en['community.report.reason.other']);
  });

  it('Persian is written in Persian script (only placeholders stay Latin)', () => {
    for (const [key, message] of Object.entries(fa)) {
      for (const text of forms(message)) {
        const words = text.replace(/\{\w+\}/g, '');
        expect(/[\u0600-\u06ff]/.test(words), `fa ${key} has no Persian letters: "${text}"`).to.equal(true);
        expect(/[A-Za-z]/.test(words), `fa ${key} has Latin letters: "${text}"`).to.equal(false);
      }
    }
  });

  it('Persian embeds no direction marks (the component sets the direction)', () => {
    for (const [key, message] of Object.entries(fa)) {
      for (const text of forms(message)) expect(DIRECTION_MARKS.test(text), `fa ${key}`).to.equal(false);
    }
  });

  it('Persian is written in Persian letters, not Arabic look-alikes', () => {
    for (const [key, message] of Object.entries(fa)) {
      for (const text of forms(message)) {
        expect(/[يك]/.test(text), `fa ${key} uses Arabic ي or ك`).to.equal(false);
        expect(/[\u0660-\u0669]/.test(text), `fa ${key} uses Arabic-Indic digits`).to.equal(false);
      }
    }
  });

  it('works through the Translator: placeholders filled, plural forms chosen, local digits', () => {
    for (const [locale, table] of Object.entries({ en, ...TRANSLATIONS })) registerMessages(locale, table as MessageTable);
    expect(new Translator('id').t('community.more.loaded', { count: 1 })).to.equal('1 unggahan lagi ditampilkan.');
    expect(new Translator('id-ID').t('community.crisis.call', { number: '112' })).to.equal('Hubungi 112 untuk bantuan darurat.');
    expect(new Translator('ms-MY').t('community.compose.remaining', { count: 1 })).to.equal('Baki 1 aksara');
    expect(new Translator('ms').t('community.search.results', { count: 3, query: 'kemoterapi' })).to.equal('3 hantaran sepadan dengan "kemoterapi".');
    const persian = new Translator('fa-IR');
    expect(persian.dir).to.equal('rtl');
    expect(persian.t('community.group.members', { count: 1 })).to.equal('۱ عضو.');
    expect(persian.t('community.newPosts', { count: 12 })).to.equal('نمایش ۱۲ پست تازه');
    expect(persian.t('community.search.results', { count: 2, query: 'درد' })).to.equal('۲ پست با «درد» مطابقت دارد.');
    expect(persian.t('community.badge.educator')).to.equal(fa['community.badge.educator']);
  });
});
