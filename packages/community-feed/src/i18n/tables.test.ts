import { expect } from '@open-wc/testing';
import { Translator, registerMessages, type MessageTable } from '@careline/core';
import { describeTranslationTables } from '@careline/testing';
import { en } from './en.js';
import { id } from './id.js';
import { ms } from './ms.js';
import { fa } from './fa.js';
import { COMMUNITY_LOCALES } from './tables.js';

const TRANSLATIONS = { id, ms, fa } as const;

describeTranslationTables('community feed', { en, translations: TRANSLATIONS });

/** The text a message quotes, in "…" or «…». */
function quoted(text: string): string | undefined {
  return /["«]([^"»]+)["»]/.exec(text)?.[1];
}

describe('community feed translations', () => {
  it('registers every translated language beside English', () => {
    expect(Object.keys(COMMUNITY_LOCALES).sort()).to.deep.equal(['en', 'fa', 'id', 'ms']);
  });

  for (const [locale, table] of Object.entries({ en, ...TRANSLATIONS })) {
    it(`${locale} quotes the labels it refers to as they are written`, () => {
      // "untick 'Add a content warning'" names the checkbox; "required for 'Something else'" names the reason.
      const checkbox = quoted(table['community.compose.error.warningLabel'] as string);
      expect(checkbox, `${locale} compose.error.warningLabel`).to.be.a('string');
      expect((table['community.compose.warning'] as string).startsWith(`${checkbox} (`), `${locale} compose.warning starts with "${checkbox}"`).to.equal(true);
      expect(quoted(table['community.report.details'] as string), `${locale} report.details`).to.equal(table['community.report.reason.other']);
    });
  }

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
