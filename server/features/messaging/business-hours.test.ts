import { describe, expect, it } from 'vitest';
import { addBusinessHours, describeTarget, type BusinessCalendar } from './business-hours';

const cal: BusinessCalendar = { timezone: 'America/Chicago', dayStartHour: 8, dayEndHour: 17, businessDays: [1, 2, 3, 4, 5], holidays: [] };
// Chicago is UTC-5 in summer (CDT) and UTC-6 in winter (CST).
const at = (iso: string) => new Date(iso);

describe('addBusinessHours', () => {
  it('adds within the same working day', () => {
    // Tuesday 2024-06-11 09:00 CDT = 14:00Z; +3h → 12:00 CDT
    expect(addBusinessHours(at('2024-06-11T14:00:00Z'), 3, cal).toISOString()).toBe('2024-06-11T17:00:00.000Z');
  });
  it('carries the rest of the time into the next working day', () => {
    // Tuesday 15:00 CDT + 4h → 2h Tuesday, 2h Wednesday from 08:00 → Wednesday 10:00 CDT
    expect(addBusinessHours(at('2024-06-11T20:00:00Z'), 4, cal).toISOString()).toBe('2024-06-12T15:00:00.000Z');
  });
  it('skips the weekend: Friday afternoon + 1 business day lands Monday afternoon', () => {
    // Friday 2024-06-14 16:00 CDT + 9h → 1h Friday + 8h Monday → Monday 16:00 CDT
    expect(addBusinessHours(at('2024-06-14T21:00:00Z'), 9, cal).toISOString()).toBe('2024-06-17T21:00:00.000Z');
  });
  it('a message sent at night starts the clock when the clinic opens', () => {
    // Wednesday 23:30 CDT → Thursday 08:00 + 2h = 10:00 CDT
    expect(addBusinessHours(at('2024-06-13T04:30:00Z'), 2, cal).toISOString()).toBe('2024-06-13T15:00:00.000Z');
  });
  it('skips holidays', () => {
    const july = { ...cal, holidays: ['2024-07-04'] };
    // Wednesday 2024-07-03 16:00 CDT + 2h → 1h Wed, Thursday is a holiday, 1h Friday → Friday 09:00 CDT
    expect(addBusinessHours(at('2024-07-03T21:00:00Z'), 2, july).toISOString()).toBe('2024-07-05T14:00:00.000Z');
  });
  it('follows daylight saving time changes', () => {
    // Friday 2024-03-08 16:00 CST (22:00Z) + 2h → Monday 2024-03-11 09:00 CDT (14:00Z)
    expect(addBusinessHours(at('2024-03-08T22:00:00Z'), 2, cal).toISOString()).toBe('2024-03-11T14:00:00.000Z');
  });
  it('refuses a calendar that never opens', () => {
    expect(() => addBusinessHours(new Date(), 1, { ...cal, businessDays: [] })).toThrow();
  });
});

describe('describeTarget', () => {
  it('says days when the target is whole days', () => {
    expect(describeTarget(9, cal)).toBe('1 business day');
    expect(describeTarget(18, cal)).toBe('2 business days');
    expect(describeTarget(4, cal)).toBe('4 business hours');
  });
});
