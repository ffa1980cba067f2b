/**
 * The checks every widget's translation tables must pass, declared as mocha tests:
 * each language has exactly the English keys, keeps every placeholder, writes the
 * plural forms its language needs, is translated rather than copied, and Persian is
 * written in Persian script without direction marks or Arabic look-alike letters.
 *
 *   describeTranslationTables('record viewer', { en, translations: { id, ms, fa }, sameAsEnglish: { id: ['record.flag.normal'] } });
 *
 * Widget-specific checks (sample translations, quoted labels) stay beside the tables.
 */
import { expect } from '@open-wc/testing';
import type { Message } from '@careline/core';

export interface TranslationTablesOptions {
  /** The English reference table. */
  en: Readonly<Record<string, Message>>;
  /** The other languages' tables, by locale. */
  translations: Readonly<Record<string, Readonly<Record<string, Message>>>>;
  /** Per locale, keys that may read exactly as in English (a reason belongs in a comment beside the call). */
  sameAsEnglish?: Readonly<Record<string, readonly string[]>>;
  /** Text that stays in Latin letters in Persian (a format's name, an example address). */
  keptLatinInPersian?: RegExp;
}

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

export function describeTranslationTables(name: string, options: TranslationTablesOptions): void {
  const { en, translations } = options;
  describe(`${name} translation tables`, () => {
    for (const [locale, table] of Object.entries(translations)) {
      const pluralForms = [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories].sort();
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

        it(`writes plural messages with exactly the forms Intl.PluralRules gives (${pluralForms.join(', ')}), and plain strings where English has them`, () => {
          for (const [key, english] of Object.entries(en)) {
            const message = table[key];
            if (typeof english === 'string') {
              expect(typeof message, `${locale} ${key}`).to.equal('string');
            } else {
              expect(message, `${locale} ${key}`).to.be.an('object');
              expect(Object.keys(message as object).sort(), `${locale} ${key}`).to.deep.equal(pluralForms);
            }
          }
        });

        it('is translated, not copied from English', () => {
          const copied = Object.keys(en).filter((key) => {
            const message = table[key]!;
            return categories(message).some((category) => form(message, category) === form(en[key]!, category));
          });
          expect(copied, `${locale}: untranslated`).to.deep.equal([...(options.sameAsEnglish?.[locale] ?? [])]);
        });

        if (locale === 'fa') {
          it('is written in Persian script (only placeholders and the listed names stay Latin)', () => {
            for (const [key, message] of Object.entries(table)) {
              for (const text of forms(message)) {
                let words = text.replace(/\{\w+\}/g, '');
                if (options.keptLatinInPersian) words = words.replace(new RegExp(options.keptLatinInPersian.source, 'g'), '');
                expect(/[\u0600-\u06ff]/.test(words), `fa ${key} has no Persian letters: "${text}"`).to.equal(true);
                expect(/[A-Za-z]/.test(words), `fa ${key} has Latin letters: "${text}"`).to.equal(false);
              }
            }
          });

          it('embeds no direction marks (the component sets the direction) and no Arabic look-alikes', () => {
            for (const [key, message] of Object.entries(table)) {
              for (const text of forms(message)) {
                expect(DIRECTION_MARKS.test(text), `fa ${key} has a direction mark`).to.equal(false);
                expect(/[يك]/.test(text), `fa ${key} uses Arabic ي or ك`).to.equal(false);
                expect(/[\u0660-\u0669]/.test(text), `fa ${key} uses Arabic-Indic digits`).to.equal(false);
              }
            }
          });
        }
      });
    }
  });
}
