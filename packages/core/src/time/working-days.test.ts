import { expect } from '@open-wc/testing';
import { addWorkingDays, calendarDateIn, isIsoDate, isWorkingDay, parseHolidays, parseWeekend } from './working-days.js';

describe('working days', () => {
  it('skips the weekend: 3 working days from Friday is Wednesday', () => {
    expect(addWorkingDays('2026-12-18', 3)).to.equal('2026-12-23');
  });

  it('never counts the day of arrival, even a Sunday', () => {
    expect(addWorkingDays('2026-11-22', 1)).to.equal('2026-11-23');
    expect(addWorkingDays('2026-11-21', 3)).to.equal('2026-11-25');
  });

  it('skips configured holidays across a year end', () => {
    const holidays = ['2026-12-25', '2026-12-31', '2027-01-01'];
    // Wed 30 Dec: Thu 31 (holiday), Fri 1 Jan (holiday), weekend, Mon 4, Tue 5, Wed 6.
    expect(addWorkingDays('2026-12-30', 3, { holidays })).to.equal('2027-01-06');
    expect(addWorkingDays('2026-12-30', 3)).to.equal('2027-01-04');
    // Thu 24 Dec: Fri 25 (holiday), weekend, Mon 28, Tue 29, Wed 30.
    expect(addWorkingDays('2026-12-24', 3, { holidays })).to.equal('2026-12-30');
  });

  it('follows another weekend: Friday only (Iran), Friday and Saturday (some Malaysian states)', () => {
    expect(addWorkingDays('2026-12-17', 2, { weekend: [5] })).to.equal('2026-12-20');
    expect(addWorkingDays('2026-12-17', 2, { weekend: parseWeekend('fri sat') })).to.equal('2026-12-21');
  });

  it('counts from the calendar date in the hospital time zone, not the reader clock', () => {
    // 23:30 UTC on Friday is already Saturday morning in Jakarta.
    const instant = new Date('2026-12-18T23:30:00Z');
    expect(calendarDateIn(instant, 'Asia/Jakarta')).to.equal('2026-12-19');
    expect(calendarDateIn(instant, 'UTC')).to.equal('2026-12-18');
    expect(addWorkingDays(instant, 1, { timeZone: 'Asia/Jakarta' })).to.equal('2026-12-21');
    expect(addWorkingDays(instant, 1, { timeZone: 'UTC' })).to.equal('2026-12-21');
    expect(addWorkingDays(new Date('2026-12-17T18:00:00Z'), 1, { timeZone: 'Asia/Jakarta' })).to.equal('2026-12-21');
    expect(addWorkingDays(new Date('2026-12-17T18:00:00Z'), 1, { timeZone: 'UTC' })).to.equal('2026-12-18');
  });

  it('zero days is the day itself; bad input is refused', () => {
    expect(addWorkingDays('2026-12-19', 0)).to.equal('2026-12-19');
    expect(() => addWorkingDays('2026-02-30', 1)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-12-01', -1)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-12-01', 1.5)).to.throw(RangeError);
    expect(() => addWorkingDays('2026-12-01', 1, { weekend: [0, 1, 2, 3, 4, 5, 6] })).to.throw(RangeError);
  });

  it('parses holiday and weekend lists from attributes', () => {
    expect(parseHolidays('2026-12-25, 2027-01-01 2027-02-30 soon')).to.deep.equal({ holidays: ['2026-12-25', '2027-01-01'], invalid: ['2027-02-30', 'soon'] });
    expect(parseWeekend('Saturday, SUN')).to.deep.equal([6, 0]);
    expect(isIsoDate('2028-02-29')).to.equal(true);
    expect(isIsoDate('2027-02-29')).to.equal(false);
    expect(isWorkingDay('2026-12-25', { holidays: ['2026-12-25'] })).to.equal(false);
    expect(isWorkingDay('2026-12-24')).to.equal(true);
  });
});
