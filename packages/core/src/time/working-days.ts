/**
 * Working-day arithmetic for "we will acknowledge by …" dates. Dates are calendar
 * dates (YYYY-MM-DD) in the hospital's time zone, never instants, so a receipt
 * shows the same day whatever the reader's clock says.
 */
import { dateTimeFormat } from '../i18n/formats.js';

/** 0 = Sunday … 6 = Saturday, as `Date#getUTCDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WorkingCalendar {
  /** Days off every week. Default Saturday and Sunday; e.g. Friday only in Iran, Friday and Saturday in some Malaysian states. */
  weekend?: readonly Weekday[] | undefined;
  /** Public holidays and closures, as YYYY-MM-DD. */
  holidays?: Iterable<string> | undefined;
  /** IANA zone the hospital works in; the runtime's own zone when absent. */
  timeZone?: string | undefined;
}

export const DEFAULT_WEEKEND: readonly Weekday[] = [6, 0];

const WEEKDAY_NAMES: Record<string, Weekday> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** The calendar date of an instant in a time zone, YYYY-MM-DD. */
export function calendarDateIn(instant: Date, timeZone?: string): string {
  // en-CA formats as YYYY-MM-DD; the digits are Latin whatever the page language.
  return dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Parses a list such as "sat sun" or "fri" (English three-letter day names, any case). Unknown words are ignored. */
export function parseWeekend(value: string): Weekday[] {
  return value
    .toLowerCase()
    .split(/[\s,]+/)
    .map((word) => WEEKDAY_NAMES[word.slice(0, 3)])
    .filter((day): day is Weekday => day !== undefined);
}

/** Parses holidays written YYYY-MM-DD, separated by spaces or commas; returns the valid ones and the rest. */
export function parseHolidays(value: string): { holidays: string[]; invalid: string[] } {
  const holidays: string[] = [];
  const invalid: string[] = [];
  for (const word of value.split(/[\s,]+/).filter(Boolean)) (isIsoDate(word) ? holidays : invalid).push(word);
  return { holidays, invalid };
}

export function isWorkingDay(isoDate: string, calendar: WorkingCalendar = {}): boolean {
  if (!isIsoDate(isoDate)) throw new RangeError(`Not a date: ${isoDate}`);
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay() as Weekday;
  if ((calendar.weekend ?? DEFAULT_WEEKEND).includes(weekday)) return false;
  for (const holiday of calendar.holidays ?? []) if (holiday === isoDate) return false;
  return true;
}

/**
 * The date `days` working days after the day something arrived: the day of arrival
 * never counts (it may arrive at 23:59 or on a Sunday), weekends and holidays are
 * skipped. 3 working days from Friday 2026-12-18 is Wednesday 2026-12-23.
 */
export function addWorkingDays(received: Date | string, days: number, calendar: WorkingCalendar = {}): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError('Working days must be a whole number, 0 or more.');
  const start = typeof received === 'string' ? received : calendarDateIn(received, calendar.timeZone);
  if (!isIsoDate(start)) throw new RangeError(`Not a date: ${start}`);
  const weekend = calendar.weekend ?? DEFAULT_WEEKEND;
  if (weekend.length >= 7) throw new RangeError('A week needs at least one working day.');
  const holidays = new Set(calendar.holidays ?? []);
  const day = new Date(`${start}T00:00:00Z`);
  let counted = 0;
  // Bounded: even a calendar of holidays cannot loop for ever.
  for (let step = 0; counted < days; step++) {
    if (step > 3660) throw new RangeError('No working days found within ten years.');
    day.setUTCDate(day.getUTCDate() + 1);
    const iso = day.toISOString().slice(0, 10);
    if (!weekend.includes(day.getUTCDay() as Weekday) && !holidays.has(iso)) counted++;
  }
  return day.toISOString().slice(0, 10);
}
