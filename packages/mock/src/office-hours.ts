/**
 * Office-hours arithmetic in the hospital's time zone (not the visitor's):
 * a patient abroad still sees when the Jakarta team is in.
 */
import type { OfficeHoursInterval } from '@careline/core';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MINUTES_PER_WEEK = 7 * 24 * 60;

/** Minutes since Sunday 00:00 in `timeZone`. */
function minuteOfWeek(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const day = WEEKDAYS.indexOf(get('weekday'));
  return day * 24 * 60 + Number(get('hour')) * 60 + Number(get('minute'));
}

function toMinutes(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

export function isWithinOfficeHours(hours: readonly OfficeHoursInterval[], timeZone: string, now = new Date()): boolean {
  const current = minuteOfWeek(now, timeZone);
  return hours.some((interval) => {
    const start = interval.day * 24 * 60 + toMinutes(interval.opens);
    const end = interval.day * 24 * 60 + toMinutes(interval.closes);
    return current >= start && current < end;
  });
}

/** The next time the office opens, or undefined when there are no office hours. */
export function nextOpening(hours: readonly OfficeHoursInterval[], timeZone: string, now = new Date()): Date | undefined {
  if (hours.length === 0) return undefined;
  const current = minuteOfWeek(now, timeZone);
  let best = Infinity;
  for (const interval of hours) {
    const start = interval.day * 24 * 60 + toMinutes(interval.opens);
    const ahead = (start - current + MINUTES_PER_WEEK) % MINUTES_PER_WEEK || MINUTES_PER_WEEK;
    best = Math.min(best, ahead);
  }
  const next = new Date(now.getTime() + best * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}
