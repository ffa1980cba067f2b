import { expect } from '@open-wc/testing';
import {
  EMERGENCY_PHRASES,
  detectEmergency,
  emergencyLanguagesFor,
  normalizeForMatching,
  type EmergencyCategory,
  type EmergencyLanguage,
} from './emergency.js';

function expectEmergency(text: string, locale: string, category?: EmergencyCategory) {
  const result = detectEmergency(text, locale);
  expect(result.matched, `${locale}: "${text}" should read as an emergency`).to.equal(true);
  expect(result.phrases, text).to.not.be.empty;
  if (category) expect(result.categories, `${locale}: "${text}" → ${result.categories.join(', ')}`).to.include(category);
}

function expectNoEmergency(text: string, locale: string) {
  const result = detectEmergency(text, locale);
  expect(result.matched, `${locale}: "${text}" matched ${JSON.stringify(result.phrases)}`).to.equal(false);
  expect(result.phrases).to.deep.equal([]);
}

describe('detectEmergency', () => {
  describe('English', () => {
    const positives: [string, EmergencyCategory][] = [
      ['I have had chest pain since this morning', 'chest-pain'],
      ['my CHEST HURTS and my left arm is numb', 'chest-pain'],
      ["I can't breathe properly", 'breathing'],
      ['cant breath', 'breathing'],
      ['I can’t breathe', 'breathing'],
      ['I cannot breathe', 'breathing'],
      ['my son is having difficulty breathing', 'breathing'],
      ['I want to die', 'suicide-self-harm'],
      ["I've been having suicidal thoughts", 'suicide-self-harm'],
      ["I'm going to kill myself", 'suicide-self-harm'],
      ['I keep self-harming', 'suicide-self-harm'],
      ['my daughter took too many pills', 'overdose-poisoning'],
      ['I think he overdosed', 'overdose-poisoning'],
      ["Dad's face is drooping and he has slurred speech", 'stroke'],
      ['she is bleeding heavily and it wont stop bleeding', 'severe-bleeding'],
      ['My mum is unconscious', 'unconscious'],
      ['the baby is not breathing', 'unconscious'],
      ['he collapsed in the kitchen', 'unconscious'],
      ['my son is having a seizure', 'seizure'],
      ['my throat is swelling after eating peanuts', 'allergic-reaction'],
      ['I think this is anaphylaxis', 'allergic-reaction'],
    ];
    for (const [text, category] of positives) it(`flags "${text}"`, () => expectEmergency(text, 'en', category));

    const negatives = [
      'I have a chest X-ray booked for Tuesday',
      'I want to start a diet before my surgery',
      'The pain in my knee is much better now',
      'Can I take ibuprofen for back pain?',
      'How long should I hold my breath during the scan?',
      'I hurt myself playing football last week, is it ok to swim?',
      'Which studies did you read? I died laughing at the leaflet',
      'When does the breastfeeding class start?',
    ];
    for (const text of negatives) it(`does not flag "${text}"`, () => expectNoEmergency(text, 'en'));
  });

  describe('Indonesian (id)', () => {
    const positives: [string, EmergencyCategory][] = [
      ['Dok, saya nyeri dada sejak tadi pagi', 'chest-pain'],
      ['ibu saya sesak nafas', 'breathing'],
      ['anak saya gak bisa napas', 'breathing'],
      ['Saya ingin bunuh diri', 'suicide-self-harm'],
      ['aku pengen mati aja', 'suicide-self-harm'],
      ['adik saya minum obat terlalu banyak', 'overdose-poisoning'],
      ['wajah bapak mencong dan bicara pelo', 'stroke'],
      ['pendarahan hebat setelah melahirkan', 'severe-bleeding'],
      ['Perdarahan tidak berhenti', 'severe-bleeding'],
      ['suami saya pingsan dan tidak sadarkan diri', 'unconscious'],
      ['anak saya kejang-kejang', 'seizure'],
      ['tenggorokan bengkak setelah makan udang', 'allergic-reaction'],
    ];
    for (const [text, category] of positives) it(`flags "${text}"`, () => expectEmergency(text, 'id-ID', category));

    const negatives = [
      'Besok saya jadwal rontgen dada',
      'Saya mau mulai diet rendah garam',
      'Sakit kepala saya sudah membaik',
      'Apakah saya perlu puasa sebelum tes darah?',
      'Saya tidak sadar sudah lewat jam minum obat',
    ];
    for (const text of negatives) it(`does not flag "${text}"`, () => expectNoEmergency(text, 'id'));
  });

  describe('Malay (ms)', () => {
    const positives: [string, EmergencyCategory][] = [
      ['Saya sakit dada dari pagi tadi', 'chest-pain'],
      ['anak saya susah bernafas', 'breathing'],
      ['mak saya tak boleh bernafas', 'breathing'],
      ['saya rasa nak bunuh diri', 'suicide-self-harm'],
      ['adik saya terlebih makan ubat', 'overdose-poisoning'],
      ['muka ayah herot dan cakap tidak jelas', 'stroke'],
      ['pendarahan teruk selepas bersalin', 'severe-bleeding'],
      ['atuk pengsan di bilik air', 'unconscious'],
      ['anak saya kena sawan', 'seizure'],
      ['tekak bengkak lepas makan kacang', 'allergic-reaction'],
    ];
    for (const [text, category] of positives) it(`flags "${text}"`, () => expectEmergency(text, 'ms-MY', category));

    const negatives = [
      'Bila keputusan ujian darah saya akan siap?',
      'Saya nak tanya tentang diet untuk kencing manis',
      'Anak saya demam sikit sejak semalam',
      'Saya tak sedar dah lewat makan ubat',
      'Boleh saya buat X-ray dada esok?',
    ];
    for (const text of negatives) it(`does not flag "${text}"`, () => expectNoEmergency(text, 'ms'));
  });

  describe('Persian (fa)', () => {
    const positives: [string, EmergencyCategory][] = [
      ['از صبح درد قفسه سینه دارم', 'chest-pain'],
      ['سینه‌ام درد می‌کند', 'chest-pain'],
      ['نمی‌توانم نفس بکشم', 'breathing'],
      ['نمیتونم نفس بکشم', 'breathing'],
      ['به خودکشی فکر می‌کنم', 'suicide-self-harm'],
      ['می‌خواهم بمیرم', 'suicide-self-harm'],
      ['پسرم قرص زیاد خورده', 'overdose-poisoning'],
      ['صورتش کج شده و زبانش سنگین شده', 'stroke'],
      ['خونریزی شدید دارم', 'severe-bleeding'],
      ['مادرم بیهوش شده', 'unconscious'],
      ['بچه‌ام تشنج کرده', 'seizure'],
      ['گلویم ورم کرده و نفسم گرفته', 'allergic-reaction'],
    ];
    for (const [text, category] of positives) it(`flags "${text}"`, () => expectEmergency(text, 'fa-IR', category));

    const negatives = [
      'فردا نوبت عکس سینه دارم',
      'می‌خواهم رژیم غذایی بگیرم',
      'سردرد دارم، چه قرصی بخورم؟',
      'جواب آزمایش خون من کی آماده می‌شود؟',
      'در کلاس گفتند نفس عمیق بکشید',
    ];
    for (const text of negatives) it(`does not flag "${text}"`, () => expectNoEmergency(text, 'fa'));
  });

  describe('languages', () => {
    it('always checks English too, whatever the locale', () => {
      expectEmergency('saya punya chest pain', 'id', 'chest-pain');
      expectEmergency('I think I am having a heart attack', 'fa', 'chest-pain');
      expectEmergency('tolong, cant breathe', 'ms', 'breathing');
    });

    it('handles messages that mix languages', () => {
      const result = detectEmergency('Dok, my dad sesak napas and his face is drooping', 'id');
      expect(result.categories).to.include.members(['breathing', 'stroke']);
      const persian = detectEmergency('درد قفسه سینه دارم and I feel dizzy', 'fa');
      expect(persian.categories).to.deep.equal(['chest-pain']);
    });

    it('checks Malay and Indonesian wording for each other', () => {
      expectEmergency('anak saya semput', 'id', 'breathing');
      expectEmergency('bapak saya bicara pelo', 'ms', 'stroke');
    });

    it('does not check another language\'s list when the locale does not ask for it', () => {
      expectNoEmergency('درد قفسه سینه دارم', 'en');
      expectNoEmergency('sesak napas', 'fa');
      expect(emergencyLanguagesFor('en-GB')).to.deep.equal(['en']);
      expect(emergencyLanguagesFor('fa_IR')).to.deep.equal(['en', 'fa']);
      expect(emergencyLanguagesFor('de')).to.deep.equal(['en']);
      expect(emergencyLanguagesFor('')).to.deep.equal(['en']);
    });

    it('reports the phrases as listed, without duplicates', () => {
      const result = detectEmergency('chest pain, chest pain, CHEST PAIN', 'en');
      expect(result.phrases).to.deep.equal(['chest pain*']);
      expect(result.categories).to.deep.equal(['chest-pain']);
      expect(EMERGENCY_PHRASES.en['chest-pain']).to.include('chest pain*');
    });

    it('has a non-empty list for every category in every language, and every phrase can match itself', () => {
      const categories = Object.keys(EMERGENCY_PHRASES.en).sort();
      expect(categories).to.have.length(9);
      for (const [language, lists] of Object.entries(EMERGENCY_PHRASES) as [EmergencyLanguage, Record<EmergencyCategory, string[]>][]) {
        expect(Object.keys(lists).sort(), language).to.deep.equal(categories);
        for (const [category, phrases] of Object.entries(lists) as [EmergencyCategory, string[]][]) {
          expect(phrases, `${language} ${category}`).to.not.be.empty;
          for (const phrase of phrases) {
            // The phrase itself, with * read as "no ending", must be detected: catches typos in the lists.
            const result = detectEmergency(phrase.replace(/\*/g, ''), language);
            expect(result.phrases, `${language} ${category}: "${phrase}"`).to.include(phrase);
          }
        }
      }
    });
  });

  describe('normalisation', () => {
    it('ignores case, accents and apostrophe styles', () => {
      for (const text of ["I CAN'T BREATHE", 'i can’t breathe', 'i can`t breathe', 'I cánt bréathe', 'I CAN NOT breathe!!', 'unable to breathe']) {
        expectEmergency(text, 'en', 'breathing');
      }
      expect(normalizeForMatching('Ça  VA?  Can’t—stop')).to.equal('ca va cant stop');
    });

    it('matches whole words only', () => {
      expectNoEmergency('diet', 'en');
      expectNoEmergency('I have a strokes of luck and seizurex', 'en');
      expectEmergency('want to die.', 'en');
      expectEmergency('(want to die)', 'en');
    });

    it('folds Arabic letters to Persian, and ZWNJ, spaces and kashida in words', () => {
      // Arabic yeh and kaf instead of Persian ی and ک.
      expectEmergency('سينه ام درد مي كند', 'fa', 'chest-pain');
      expectEmergency('خودكشي', 'fa', 'suicide-self-harm');
      // ZWNJ, a plain space, or nothing between the verb prefix and the verb.
      for (const verb of ['نمی‌توانم', 'نمی توانم', 'نمیتوانم', 'نمي‌توانم']) expectEmergency(`${verb} نفس بکشم`, 'fa', 'breathing');
      // Kashida (tatweel) stretching and vowel marks.
      expectEmergency('خونریـــزی شَدید', 'fa', 'severe-bleeding');
      expectEmergency('خون ریزی شدید', 'fa', 'severe-bleeding');
      expect(normalizeForMatching('مي‌خواهم')).to.equal(normalizeForMatching('می خواهم'));
    });

    it('folds Indonesian and Malay spelling variants', () => {
      for (const text of ['tidak bisa bernapas', 'tdk bisa bernafas', 'nggak bisa napas', 'ga bs napas', 'tak bisa nafas']) {
        expectEmergency(text, 'id', 'breathing');
      }
      expectEmergency('x boleh bernafas', 'ms', 'breathing');
    });

    it('handles empty and huge text', () => {
      expectNoEmergency('', 'en');
      expectNoEmergency('   \n ', 'id');
      const long = `${'Saya ingin tanya jadwal dokter. '.repeat(600)}tolong saya sesak napas`;
      const start = performance.now();
      expect(detectEmergency(long, 'id').matched).to.equal(true);
      expect(performance.now() - start).to.be.lessThan(200);
    });
  });

  describe('extra phrases configured by the hospital', () => {
    it('matches extra strings with the same rules as the built-in lists', () => {
      const extra = ['baby not moving', 'kontraksi*'];
      expectNoEmergency('The baby is not moving since yesterday', 'en');
      const result = detectEmergency("My BABY'S not moving!", 'en', ['babys not moving']);
      expect(result).to.deep.equal({ matched: true, phrases: ['babys not moving'], categories: [] });
      expect(detectEmergency('Ketuban pecah dan kontraksinya kuat', 'id', extra).phrases).to.deep.equal(['kontraksi*']);
      expect(detectEmergency('Baby not moving, and chest pain', 'en', extra).phrases).to.deep.equal(['chest pain*', 'baby not moving']);
    });

    it('matches extra regular expressions against the text as written, then normalised', () => {
      const global = /water (has )?broken/gi;
      global.lastIndex = 99;
      expect(detectEmergency('My water has broken', 'en', [global]).phrases).to.deep.equal(['water has broken']);
      expect(global.lastIndex).to.equal(99);
      expect(detectEmergency('My water’s broken!', 'en', [/waters broken/]).phrases).to.deep.equal(['waters broken']);
      expect(detectEmergency('Nothing urgent', 'en', [/urgent!/]).matched).to.equal(false);
    });

    it('ignores empty extras', () => {
      expectNoEmergency('hello', 'en');
      expect(detectEmergency('hello', 'en', ['', '  ', '*']).matched).to.equal(false);
    });
  });
});
