import { expect } from '@open-wc/testing';
import { isWithinOfficeHours, nextOpening } from './office-hours.js';
import { chatAvailability } from './fixtures.js';

describe('office hours (Asia/Jakarta, UTC+7)', () => {
  const { officeHours, timeZone } = chatAvailability;

  it('is open on a weekday morning in Jakarta, whatever the visitor zone', () => {
    // Monday 2026-11-23 02:00 UTC = 09:00 in Jakarta.
    expect(isWithinOfficeHours(officeHours, timeZone, new Date('2026-11-23T02:00:00Z'))).to.equal(true);
    // Monday 10:00 UTC = 17:00 in Jakarta: closed.
    expect(isWithinOfficeHours(officeHours, timeZone, new Date('2026-11-23T10:00:00Z'))).to.equal(false);
    // Sunday: closed all day.
    expect(isWithinOfficeHours(officeHours, timeZone, new Date('2026-11-22T03:00:00Z'))).to.equal(false);
  });

  it('finds the next opening across the weekend', () => {
    // Saturday 2026-11-21 06:00 UTC = 13:00 Jakarta, after Saturday closing: next is Monday 08:00 Jakarta = 01:00 UTC.
    expect(nextOpening(officeHours, timeZone, new Date('2026-11-21T06:00:00Z'))?.toISOString()).to.equal('2026-11-23T01:00:00.000Z');
    expect(nextOpening([], timeZone, new Date())).to.equal(undefined);
  });
});
