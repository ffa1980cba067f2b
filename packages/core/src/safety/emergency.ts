/**
 * Emergency wording detection for patient messages.
 *
 * The chat is not an emergency service. When a message reads like an emergency, the chat
 * still sends it but also tells the patient to call the emergency number. This module only
 * decides whether a message "reads like" one: it errs on the side of showing the notice.
 *
 * How matching works (the same for built-in phrases and hospital-configured strings):
 * - text and phrases are folded the same way: case, accents and diacritics (including
 *   Arabic-script vowel marks), apostrophes (`can't` = `can’t` = `cant`), punctuation and
 *   spacing, Arabic vs Persian letters (ي/ی, ك/ک, ة/ه), zero-width non-joiners and the
 *   spaced Persian verb prefix and suffixes (`می کنم` = `می‌کنم` = `میکنم`, `سینه ام` = `سینه‌ام`);
 * - a few common spelling variants are folded too: `cannot`/`can not`/`unable to` → `cant`;
 *   Indonesian/Malay `tak`/`gak`/`nggak`/`ga`/`tdk`/`x` → `tidak`, `nafas` → `napas`,
 *   `perdarahan` → `pendarahan`, `pengen`/`pengin` → `ingin`;
 * - a phrase matches whole words only ("die" never matches inside "diet");
 * - `*` at the end of a word in a phrase stands for any ending: `breath*` matches
 *   breath, breathe and breathing; `سینه*` matches سینه and سینه‌ام.
 */

/** Languages with a built-in phrase list. English is always checked. */
export type EmergencyLanguage = 'en' | 'id' | 'ms' | 'fa';

export type EmergencyCategory =
  | 'chest-pain'
  | 'breathing'
  | 'suicide-self-harm'
  | 'overdose-poisoning'
  | 'stroke'
  | 'severe-bleeding'
  | 'unconscious'
  | 'seizure'
  | 'allergic-reaction';

export type EmergencyPhraseList = Readonly<Record<EmergencyCategory, readonly string[]>>;

export interface EmergencyMatch {
  /** True when any phrase matched. */
  matched: boolean;
  /**
   * What matched, without duplicates: built-in and configured phrases as written in their
   * list; for a configured RegExp, the text it matched.
   */
  phrases: string[];
  /** The built-in categories that matched (configured extras have none). */
  categories: EmergencyCategory[];
}

/**
 * The built-in emergency wording, per language and category, published so hospitals can
 * review it. Add to it with the `extra` argument of {@link detectEmergency}.
 */
export const EMERGENCY_PHRASES: Readonly<Record<EmergencyLanguage, EmergencyPhraseList>> = {
  en: {
    'chest-pain': [
      'chest pain*',
      'pain in my chest',
      'pain in the chest',
      'pain in his chest',
      'pain in her chest',
      'chest hurts',
      'chest is hurting',
      'chest tightness',
      'tight chest',
      'tightness in my chest',
      'pressure in my chest',
      'crushing chest',
      'heart attack',
    ],
    breathing: [
      'cant breath*',
      'difficulty breathing',
      'difficulty in breathing',
      'trouble breathing',
      'struggling to breath*',
      'hard to breath*',
      'can hardly breath*',
      'short of breath',
      'shortness of breath',
      'gasping for air',
      'is choking',
      'am choking',
      'im choking',
      'turning blue',
    ],
    'suicide-self-harm': [
      'suicide',
      'suicidal',
      'kill myself',
      'killing myself',
      'want to die',
      'wish i was dead',
      'wish i were dead',
      'better off dead',
      'end my life',
      'ending my life',
      'take my own life',
      'taking my own life',
      'end it all',
      'no reason to live',
      'dont want to live',
      'dont want to be alive',
      'self harm*',
      'selfharm*',
      'want to hurt myself',
      'going to hurt myself',
      'thinking about hurting myself',
      'hurt myself on purpose',
      'hurting myself on purpose',
      'harm myself',
      'harming myself',
      'cutting myself',
    ],
    'overdose-poisoning': [
      'overdose',
      'overdosed',
      'overdosing',
      'took too many pills',
      'taken too many pills',
      'took too many tablets',
      'taken too many tablets',
      'too many sleeping pills',
      'swallowed poison',
      'drank poison',
      'drank bleach',
      'swallowed bleach',
    ],
    stroke: [
      'face drooping',
      'face is drooping',
      'drooping face',
      'face droop*',
      'droopy face',
      'slurred speech',
      'speech is slurred',
      'slurring',
      'having a stroke',
      'had a stroke',
      'signs of a stroke',
      'think its a stroke',
      'sudden numbness',
      'numb on one side',
      'cant move one side',
    ],
    'severe-bleeding': [
      'severe bleeding',
      'bleeding heavily',
      'bleeding badly',
      'bleeding a lot',
      'wont stop bleeding',
      'cant stop the bleeding',
      'cant stop bleeding',
      'bleeding wont stop',
      'bleeding that wont stop',
      'losing a lot of blood',
      'lost a lot of blood',
      'coughing up blood',
      'vomiting blood',
      'throwing up blood',
    ],
    unconscious: [
      'unconscious',
      'unconcious',
      'not breathing',
      'isnt breathing',
      'stopped breathing',
      'passed out',
      'collapsed',
      'unresponsive',
      'wont wake up',
      'cant wake him',
      'cant wake her',
      'cant wake them',
    ],
    seizure: ['seizure', 'seizures', 'siezure', 'seizing', 'convulsion*', 'convulsing', 'having a fit', 'epileptic fit'],
    'allergic-reaction': [
      'anaphylaxis',
      'anaphylactic',
      'severe allergic reaction',
      'bad allergic reaction',
      'serious allergic reaction',
      'throat is swelling',
      'throat swelling',
      'swollen throat',
      'throat is closing',
      'throat closing',
      'throat is closing up',
      'tongue is swelling',
      'tongue swelling',
      'swollen tongue',
    ],
  },

  id: {
    'chest-pain': [
      'nyeri dada',
      'sakit dada',
      'dada sakit',
      'dada nyeri',
      'nyeri di dada',
      'sakit di dada',
      'dada terasa sakit',
      'dada terasa nyeri',
      'dada terasa berat',
      'dada terasa sesak',
      'dada sesak',
      'serangan jantung',
    ],
    breathing: [
      'sesak napas',
      'tidak bisa bernapas',
      'tidak bisa napas',
      'susah bernapas',
      'susah napas',
      'sulit bernapas',
      'sulit napas',
      'kesulitan bernapas',
      'napas tersengal',
      'tersedak',
      'tercekik',
      'bibir membiru',
    ],
    'suicide-self-harm': [
      'bunuh diri',
      'ingin mati',
      'mau mati',
      'ingin mengakhiri hidup',
      'mengakhiri hidup',
      'akhiri hidup',
      'lebih baik mati',
      'tidak ingin hidup lagi',
      'tidak mau hidup lagi',
      'menyakiti diri',
      'melukai diri',
      'menyayat tangan',
      'self harm*',
    ],
    'overdose-poisoning': [
      'overdosis',
      'overdosis obat',
      'overdose',
      'minum obat terlalu banyak',
      'minum terlalu banyak obat',
      'kebanyakan minum obat',
      'menelan obat terlalu banyak',
      'keracunan obat',
      'minum racun',
      'menelan racun',
      'minum cairan pembersih',
    ],
    stroke: [
      'wajah mencong',
      'muka mencong',
      'mulut mencong',
      'wajah perot',
      'mulut perot',
      'wajah merot',
      'wajah turun sebelah',
      'wajah miring sebelah',
      'bicara pelo',
      'bicaranya pelo',
      'bicara tidak jelas',
      'lumpuh sebelah',
      'lemah sebelah',
      'kena stroke',
      'terkena stroke',
      'serangan stroke',
      'gejala stroke',
    ],
    'severe-bleeding': [
      'pendarahan hebat',
      'pendarahan parah',
      'pendarahan banyak',
      'pendarahan tidak berhenti',
      'darah tidak berhenti',
      'darahnya tidak berhenti',
      'darah tidak mau berhenti',
      'kehilangan banyak darah',
      'keluar banyak darah',
      'muntah darah',
      'batuk darah',
    ],
    unconscious: [
      'tidak sadarkan diri',
      'pingsan',
      'hilang kesadaran',
      'kehilangan kesadaran',
      'tidak bernapas',
      'berhenti bernapas',
      'napasnya berhenti',
      'tidak bisa dibangunkan',
      'tidak merespons',
      'tidak merespon',
    ],
    seizure: ['kejang', 'kejang kejang', 'epilepsi kambuh', 'ayan kambuh'],
    'allergic-reaction': [
      'reaksi alergi parah',
      'reaksi alergi berat',
      'reaksi alergi hebat',
      'alergi parah',
      'alergi berat',
      'syok anafilaksis',
      'anafilaksis',
      'anafilaktik',
      'tenggorokan bengkak',
      'tenggorokan membengkak',
      'tenggorokan tertutup',
      'tenggorokan terasa tertutup',
      'lidah bengkak',
      'lidah membengkak',
    ],
  },

  ms: {
    'chest-pain': [
      'sakit dada',
      'dada sakit',
      'sakit di dada',
      'dada rasa sakit',
      'dada terasa sakit',
      'dada rasa ketat',
      'dada ketat',
      'dada sesak',
      'dada rasa berat',
      'serangan jantung',
    ],
    breathing: [
      'sesak nafas',
      'susah bernafas',
      'susah nak bernafas',
      'sukar bernafas',
      'kesukaran bernafas',
      'tidak boleh bernafas',
      'tidak boleh nafas',
      'tidak dapat bernafas',
      'semput',
      'tercekik',
      'tersedak',
    ],
    'suicide-self-harm': [
      'bunuh diri',
      'nak bunuh diri',
      'ingin mati',
      'nak mati',
      'mahu mati',
      'teringin mati',
      'tidak mahu hidup lagi',
      'tamatkan hidup',
      'menamatkan hidup',
      'menamatkan nyawa',
      'mencederakan diri',
      'cederakan diri',
      'menyakiti diri',
      'kelar tangan',
      'self harm*',
    ],
    'overdose-poisoning': [
      'terlebih dos',
      'terlebih makan ubat',
      'terlebih ubat',
      'makan ubat berlebihan',
      'ambil ubat berlebihan',
      'telan banyak ubat',
      'overdos',
      'overdose',
      'minum racun',
      'telan racun',
      'makan racun',
    ],
    stroke: [
      'muka senget',
      'muka herot',
      'mulut herot',
      'mulut senget',
      'muka jatuh sebelah',
      'cakap pelat tiba tiba',
      'cakap tidak jelas',
      'pertuturan tidak jelas',
      'percakapan tidak jelas',
      'lumpuh sebelah badan',
      'lemah sebelah badan',
      'kena strok',
      'diserang strok',
      'serangan strok',
      'angin ahmar',
    ],
    'severe-bleeding': [
      'pendarahan teruk',
      'pendarahan yang teruk',
      'pendarahan banyak',
      'pendarahan tidak berhenti',
      'berdarah teruk',
      'darah tidak berhenti',
      'darah tidak henti',
      'kehilangan banyak darah',
      'muntah darah',
      'batuk darah',
    ],
    unconscious: [
      'tidak sedarkan diri',
      'pengsan',
      'hilang kesedaran',
      'tidak bernafas',
      'berhenti bernafas',
      'tidak dapat dikejutkan',
      'tidak boleh dikejutkan',
      'tidak memberi respons',
    ],
    seizure: ['sawan', 'kejang', 'kejang kejang', 'serangan sawan', 'sawan babi'],
    'allergic-reaction': [
      'alahan teruk',
      'alahan yang teruk',
      'tindak balas alahan teruk',
      'reaksi alahan teruk',
      'anafilaksis',
      'kejutan anafilaktik',
      'tekak bengkak',
      'tekak membengkak',
      'kerongkong bengkak',
      'tekak rasa tertutup',
      'lidah bengkak',
    ],
  },

  fa: {
    'chest-pain': [
      'درد قفسه سینه*',
      'درد سینه*',
      'درد در سینه*',
      'درد در قفسه سینه*',
      'سینه* درد',
      'قفسه سینه* درد',
      'تنگی قفسه سینه*',
      'فشار روی سینه*',
      'سنگینی سینه*',
      'حمله قلبی',
      'سکته قلبی',
    ],
    breathing: [
      'تنگی نفس',
      'نفس* بالا نمی*',
      'نمیتوان* نفس بکش*',
      'نمیتون* نفس بکش*',
      'به سختی نفس میکش*',
      'سختی در نفس کشیدن',
      'مشکل در نفس کشیدن',
      'نفس کشیدن* سخت',
      'نفس* گرفته',
      'دارم خفه میش*',
      'خفگی',
      'لب* کبود',
    ],
    'suicide-self-harm': [
      'خودکشی',
      'افکار خودکشی',
      'میخوا* بمیر*',
      'دلم میخواد بمیرم',
      'خودم را بکش*',
      'خودمو بکش*',
      'به زندگی* پایان بد*',
      'نمیخوا* زنده باش*',
      'نمیخوا* زندگی کن*',
      'آسیب زدن به خود*',
      'به خودم آسیب',
      'خودزنی',
      'رگم را بزنم',
      'رگمو بزنم',
    ],
    'overdose-poisoning': [
      'اوردوز',
      'مصرف بیش از حد دارو*',
      'مصرف بیش از حد قرص*',
      'مسمومیت دارویی',
      'قرص زیاد خورد*',
      'تعداد زیادی قرص',
      'سم خورد*',
    ],
    stroke: [
      'سکته',
      'سکته مغزی',
      'افتادگی صورت',
      'کج شدن صورت',
      'صورت* کج شد*',
      'دهان* کج شد*',
      'دهن* کج شد*',
      'زبان* سنگین شد*',
      'گفتار نامفهوم',
      'حرف زدن* نامفهوم',
      'بی حسی یک طرف بدن',
      'فلج یک طرف بدن',
      'فلج شدن یک طرف',
    ],
    'severe-bleeding': [
      'خونریزی شدید',
      'خونریزی زیاد',
      'خونریزی بند نمی*',
      'خونریزی قطع نمی*',
      'خونریزی متوقف نمی*',
      'خون زیادی از دست',
      'خون بالا آورد*',
      'استفراغ خونی',
      'سرفه خونی',
    ],
    unconscious: [
      'بیهوش',
      'از هوش رفت*',
      'غش کرد*',
      'هوشیار نیست',
      'به هوش نمی*',
      'نفس نمیکش*',
    ],
    seizure: ['تشنج', 'تشنج کرد*', 'حمله صرع', 'صرعش گرفته'],
    'allergic-reaction': [
      'آنافیلاکسی',
      'آنافیلاکتیک',
      'شوک آنافیلاکسی',
      'واکنش آلرژیک شدید',
      'حساسیت شدید',
      'تورم گلو',
      'گلو* ورم کرد*',
      'گلو* بسته شد*',
      'گلو* بسته میش*',
      'تورم زبان',
      'زبان* ورم کرد*',
    ],
  },
};

// ---------------------------------------------------------------------------------------
// Normalisation

/** Words joined by a space, so one rule covers many spellings. Applied to text and phrases alike. */
const FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  // English
  [words('cannot', 'can not', 'could not', 'couldnt', 'unable to', 'not able to'), 'cant'],
  [words('wanna'), 'want to'],
  [words('do not'), 'dont'],
  [words('will not', 'wouldnt', 'would not'), 'wont'],
  [words('is not'), 'isnt'],
  [words('it is'), 'its'],
  [words('i am'), 'im'],
  [words('my self'), 'myself'],
  // Indonesian and Malay
  [words('tak', 'tk', 'tdk', 'gak', 'ga', 'gk', 'nggak', 'ngga', 'enggak', 'engga', 'ndak', 'nda', 'x'), 'tidak'],
  [words('bs'), 'bisa'],
  [words('nafas'), 'napas'],
  [words('bernafas'), 'bernapas'],
  [words('nafasnya'), 'napasnya'],
  [words('perdarahan'), 'pendarahan'],
  [words('pengen', 'pengin', 'kepengen', 'pingin', 'kepingin'), 'ingin'],
  // Persian: spaced or joined verb prefixes and compounds (ZWNJ is already gone)
  [/(?<![\p{L}\p{N}])(ن?می|بی) (?=\p{L})/gu, '$1'],
  // …and suffixes typed after a space instead of a ZWNJ: سینه ام = سینه‌ام, بچه ها = بچه‌ها
  [/(?<=\p{L}) (ام|ات|اش|ایم|اید|اند|ها|های)(?![\p{L}\p{N}])/gu, '$1'],
  [words('خون ریزی'), 'خونریزی'],
  [words('خود کشی'), 'خودکشی'],
  [words('خود زنی'), 'خودزنی'],
  [words('اور دوز', 'اوردوز'), 'اوردوز'],
];

function words(...alternatives: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'gu');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const APOSTROPHES = /['’‘`´ʼʻ′]/g;
const INVISIBLE = /[\u0640\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]/g;

/**
 * Folds text for matching: lower case, no diacritics, no apostrophes, Persian letters,
 * punctuation and spacing collapsed to single spaces, spelling variants folded. With
 * `keepWildcards`, `*` survives (for compiling phrases).
 */
export function normalizeForMatching(text: string, keepWildcards = false): string {
  let folded = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}/gu, '')
    .replace(INVISIBLE, '')
    .replace(APOSTROPHES, '')
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/[ةەہ]/g, 'ه')
    .replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(keepWildcards ? /[^\p{L}\p{N}*]+/gu : /[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  for (const [pattern, replacement] of FOLDS) folded = folded.replace(pattern, replacement);
  return folded;
}

// ---------------------------------------------------------------------------------------
// Matching

const compiled = new Map<string, RegExp | null>();
const MAX_COMPILED = 2000;

/** A phrase as a whole-word pattern over normalised text; `null` for a phrase with no words. */
function compilePhrase(phrase: string): RegExp | null {
  let pattern = compiled.get(phrase);
  if (pattern !== undefined) return pattern;
  const body = normalizeForMatching(phrase, true)
    .split(' ')
    .map((word) => {
      const stem = word.replace(/\*+$/, '').replace(/\*/g, '');
      if (stem === '') return '';
      return word.endsWith('*') ? `${escapeRegExp(stem)}[\\p{L}\\p{N}]*` : escapeRegExp(stem);
    })
    .filter((part) => part !== '')
    .join(' ');
  pattern = body === '' ? null : new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(phrase, pattern);
  return pattern;
}

const LANGUAGE_GROUPS: Readonly<Record<EmergencyLanguage, readonly EmergencyLanguage[]>> = {
  en: ['en'],
  // Malay and Indonesian are close enough that patients mix their wording: check both.
  id: ['en', 'id', 'ms'],
  ms: ['en', 'ms', 'id'],
  fa: ['en', 'fa'],
};

/** The phrase lists checked for `locale`: always English, plus the locale's language. */
export function emergencyLanguagesFor(locale: string): readonly EmergencyLanguage[] {
  const language = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  const alias: Record<string, EmergencyLanguage> = { in: 'id', zsm: 'ms', zlm: 'ms', pes: 'fa', prs: 'fa' };
  const known = (alias[language] ?? language) as EmergencyLanguage;
  return LANGUAGE_GROUPS[known] ?? LANGUAGE_GROUPS.en;
}

/**
 * Whether `text` reads like a medical emergency: checks the English list, the list of
 * `locale`'s language (Indonesian and Malay check each other's too) and the hospital's
 * `extra` phrases (strings follow the same rules as the built-in lists; a RegExp is tried
 * on the text as written, then on its normalised form).
 */
export function detectEmergency(text: string, locale: string, extra: readonly (string | RegExp)[] = []): EmergencyMatch {
  // Forms check their (usually empty) fields on every render: blank text skips the Unicode
  // folding, whose first run compiles large regular expressions.
  if (text.trim() === '' && !extra.some((item) => item instanceof RegExp)) return { matched: false, phrases: [], categories: [] };
  const normalized = normalizeForMatching(text);
  const phrases: string[] = [];
  const categories: EmergencyCategory[] = [];
  const add = (phrase: string, category?: EmergencyCategory) => {
    if (!phrases.includes(phrase)) phrases.push(phrase);
    if (category !== undefined && !categories.includes(category)) categories.push(category);
  };

  if (normalized !== '') {
    for (const language of emergencyLanguagesFor(locale)) {
      const lists = EMERGENCY_PHRASES[language];
      for (const category of Object.keys(lists) as EmergencyCategory[]) {
        for (const phrase of lists[category]) {
          if (compilePhrase(phrase)?.test(normalized)) add(phrase, category);
        }
      }
    }
  }
  for (const item of extra) {
    if (typeof item === 'string') {
      if (normalized !== '' && compilePhrase(item)?.test(normalized)) add(item);
    } else {
      // A copy without g/y, so the caller's lastIndex neither matters nor changes.
      const pattern = new RegExp(item.source, item.flags.replace(/[gy]/g, ''));
      const found = pattern.exec(text) ?? pattern.exec(normalized);
      if (found) add(found[0] === '' ? String(item) : found[0]);
    }
  }
  return { matched: phrases.length > 0, phrases, categories };
}
