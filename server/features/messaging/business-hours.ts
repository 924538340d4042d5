// Pure calendar arithmetic for response targets. A target of "8 business hours" started Friday 16:00 must land
// Monday afternoon, not Saturday: patients are told a time the clinic can actually keep.

export type BusinessCalendar = {
  timezone: string;          // IANA zone of the clinic
  dayStartHour: number;      // local hour the clinic starts reading messages
  dayEndHour: number;        // local hour it stops
  businessDays: number[];    // ISO weekdays, Monday = 1 ... Sunday = 7
  holidays: string[];        // 'YYYY-MM-DD' local dates when nobody reads messages
};

type Local = { y: number; m: number; d: number; h: number; min: number; s: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string) {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localParts(t: number, tz: string): Local {
  const parts = Object.fromEntries(fmt(tz).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return { y: +parts.year, m: +parts.month, d: +parts.day, h: +parts.hour, min: +parts.minute, s: +parts.second, weekday: WEEKDAY[parts.weekday] };
}

/** The instant at which the wall clock in tz shows y-m-d h:00 (resolving DST gaps forwards). */
export function zonedTime(y: number, m: number, d: number, h: number, tz: string): number {
  const wall = Date.UTC(y, m - 1, d, h);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = localParts(guess, tz);
    const shown = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    const diff = wall - shown;
    if (diff === 0) break;
    guess += diff;
  }
  return guess;
}

const ymd = (p: { y: number; m: number; d: number }) => `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;

function nextLocalDay(p: Local): { y: number; m: number; d: number } {
  const n = new Date(Date.UTC(p.y, p.m - 1, p.d + 1));
  return { y: n.getUTCFullYear(), m: n.getUTCMonth() + 1, d: n.getUTCDate() };
}

export const isBusinessDay = (p: Local, cal: BusinessCalendar) => cal.businessDays.includes(p.weekday) && !cal.holidays.includes(ymd(p));

/** Adds `hours` of open clinic time to `start`. */
export function addBusinessHours(start: Date, hours: number, cal: BusinessCalendar): Date {
  if (cal.dayEndHour <= cal.dayStartHour || cal.businessDays.length === 0) throw new Error('calendar has no business hours');
  let remaining = Math.round(hours * 3_600_000);
  let t = start.getTime();
  // Bounded: a year of days is far more than any target; a calendar with every day a holiday fails loudly.
  for (let guard = 0; guard < 400; guard++) {
    const p = localParts(t, cal.timezone);
    const open = zonedTime(p.y, p.m, p.d, cal.dayStartHour, cal.timezone);
    const close = zonedTime(p.y, p.m, p.d, cal.dayEndHour, cal.timezone);
    if (isBusinessDay(p, cal) && t < close) {
      if (t < open) t = open;
      const available = close - t;
      if (remaining <= available) return new Date(t + remaining);
      remaining -= available;
    }
    const n = nextLocalDay(p);
    t = zonedTime(n.y, n.m, n.d, 0, cal.timezone);
  }
  throw new Error('no business time found within 400 days');
}

/** Plain words for a target: "1 business day", "4 business hours". */
export function describeTarget(hours: number, cal: Pick<BusinessCalendar, 'dayStartHour' | 'dayEndHour'>): string {
  const perDay = cal.dayEndHour - cal.dayStartHour;
  if (hours >= perDay && hours % perDay === 0) {
    const days = hours / perDay;
    return `${days} business day${days === 1 ? '' : 's'}`;
  }
  return `${hours} business hour${hours === 1 ? '' : 's'}`;
}
