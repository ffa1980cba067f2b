/**
 * Checks of what the patient typed past the first question (the visit date, an email address,
 * a phone number): only the details' code (details.ts) uses them, so they load with it.
 */
import type { FeedbackDraft } from './draft.js';

export type VisitDateProblem = 'incomplete-day' | 'incomplete-month' | 'incomplete-year' | 'not-real' | 'future' | 'too-old';

/**
 * The visit date from the three boxes, GOV.UK style: empty is fine (the field is
 * optional), part-filled or impossible dates are errors, and so is the future.
 */
export function readVisitDate(draft: FeedbackDraft, today: string): { date?: string; problem?: VisitDateProblem } {
  const day = toLatinDigits(draft.visitDay.trim());
  const month = toLatinDigits(draft.visitMonth.trim());
  const year = toLatinDigits(draft.visitYear.trim());
  if (!day && !month && !year) return {};
  if (!day) return { problem: 'incomplete-day' };
  if (!month) return { problem: 'incomplete-month' };
  if (!year) return { problem: 'incomplete-year' };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { problem: 'not-real' };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso) return { problem: 'not-real' };
  if (iso > today) return { problem: 'future' };
  if (Number(year) < 1900) return { problem: 'too-old' };
  return { date: iso };
}

/** Persian and Arabic-Indic digits typed on a phone keyboard are the same numbers. */
export function toLatinDigits(text: string): string {
  return text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with the usual separators and an optional leading +; at least 6 digits. */
export function isPhoneNumber(value: string): boolean {
  const latin = toLatinDigits(value.trim());
  return /^\+?[\d\s().-]+$/.test(latin) && latin.replace(/\D/g, '').length >= 6;
}
