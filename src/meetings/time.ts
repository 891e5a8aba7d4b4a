// Meeting times: what people type or press (a day, a time of day) read in the organisation's time
// zone, turned into instants, and instants shown back in that zone. Pure functions over luxon.
import { DateTime } from 'luxon';

export interface LocalDay {
  year: number;
  month: number;
  day: number;
}

export interface LocalTime {
  hour: number;
  minute: number;
}

/** Why a typed day or time was not taken; each is a locale key the flow shows. */
export type TimeInputError = 'meeting-error-date-format' | 'meeting-error-date-past' | 'meeting-error-date-far' | 'meeting-error-time-format' | 'meeting-error-time-past';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: TimeInputError };

/** How far ahead a meeting may be planned. */
export const MAX_DAYS_AHEAD = 366;

/** A typed day without a year this many days back is taken as a past day, not next year's. */
const RECENT_PAST_DAYS = 60;

/** A day as one number for a button payload: 20260317. */
export function dayToNumber(day: LocalDay): number {
  return day.year * 10_000 + day.month * 100 + day.day;
}

export function dayFromNumber(value: number): LocalDay | undefined {
  const day = { year: Math.floor(value / 10_000), month: Math.floor(value / 100) % 100, day: value % 100 };
  return DateTime.fromObject(day).isValid ? day : undefined;
}

export function timeToNumber(time: LocalTime): number {
  return time.hour * 100 + time.minute;
}

export function timeFromNumber(value: number): LocalTime | undefined {
  const time = { hour: Math.floor(value / 100), minute: value % 100 };
  return time.hour <= 23 && time.minute <= 59 ? time : undefined;
}

/** Today in the zone. */
export function localToday(now: Date, zone: string): LocalDay {
  const local = DateTime.fromJSDate(now, { zone });
  return { year: local.year, month: local.month, day: local.day };
}

/** The next `count` days from today in the zone, today first. */
export function upcomingDays(now: Date, zone: string, count: number): LocalDay[] {
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  return Array.from({ length: count }, (_, i) => {
    const d = today.plus({ days: i });
    return { year: d.year, month: d.month, day: d.day };
  });
}

/**
 * A typed day: "17.03", "17.03.2026", "17.03.26", "17/03", "2026-03-17". Without a year this year's
 * day is meant, or next year's when this year's was long ago. A day before today is refused, and one
 * more than a year ahead.
 */
export function parseDay(text: string, now: Date, zone: string): Parsed<LocalDay> {
  const trimmed = text.trim();
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  let candidate: DateTime | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const dotted = /^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\.?$/.exec(trimmed);
  if (iso) {
    candidate = DateTime.fromObject({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, { zone });
  } else if (dotted) {
    const day = Number(dotted[1]);
    const month = Number(dotted[2]);
    if (dotted[3] !== undefined) {
      const year = dotted[3].length === 2 ? 2000 + Number(dotted[3]) : Number(dotted[3]);
      candidate = DateTime.fromObject({ year, month, day }, { zone });
    } else {
      candidate = DateTime.fromObject({ year: today.year, month, day }, { zone });
      // A day of the last two months is a mistake to point out; an earlier one means next year ("05.01" in December).
      if (candidate.isValid && candidate < today.minus({ days: RECENT_PAST_DAYS })) {
        candidate = DateTime.fromObject({ year: today.year + 1, month, day }, { zone });
      }
    }
  }
  if (!candidate?.isValid) return { ok: false, error: 'meeting-error-date-format' };
  if (candidate < today) return { ok: false, error: 'meeting-error-date-past' };
  if (candidate > today.plus({ days: MAX_DAYS_AHEAD })) return { ok: false, error: 'meeting-error-date-far' };
  return { ok: true, value: { year: candidate.year, month: candidate.month, day: candidate.day } };
}

/** A typed time of day: "15:30", "15.30", "15 30", "9:05", "15". */
export function parseTime(text: string): Parsed<LocalTime> {
  const match = /^(\d{1,2})(?:[:.\s](\d{2}))?$/.exec(text.trim());
  if (!match) return { ok: false, error: 'meeting-error-time-format' };
  const time = { hour: Number(match[1]), minute: Number(match[2] ?? '0') };
  if (time.hour > 23 || time.minute > 59) return { ok: false, error: 'meeting-error-time-format' };
  return { ok: true, value: time };
}

/** The instant of a wall-clock day and time in the zone. */
export function toInstant(day: LocalDay, time: LocalTime, zone: string): Date {
  return DateTime.fromObject({ ...day, ...time }, { zone }).toJSDate();
}

/** A day and time that must still be ahead of `now`. */
export function futureInstant(day: LocalDay, time: LocalTime, zone: string, now: Date): Parsed<Date> {
  const instant = toInstant(day, time, zone);
  return instant.getTime() > now.getTime() ? { ok: true, value: instant } : { ok: false, error: 'meeting-error-time-past' };
}

/** "HH:MM" of a time of day (how a weekly schedule stores it). */
export function timeText(time: LocalTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

export function timeFromText(text: string): LocalTime | undefined {
  const parsed = /^(\d{2}):(\d{2})$/.exec(text);
  return parsed ? timeFromNumber(Number(parsed[1]) * 100 + Number(parsed[2])) : undefined;
}

/** The first occurrence of a weekly slot (weekday 1 = Monday) strictly after `after`. */
export function nextWeekly(weekday: number, time: LocalTime, zone: string, after: Date): Date {
  const start = DateTime.fromJSDate(after, { zone });
  for (let i = 0; i <= 7; i++) {
    const day = start.plus({ days: i });
    if (day.weekday !== weekday) continue;
    const candidate = day.set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 });
    if (candidate.toMillis() > after.getTime()) return candidate.toJSDate();
  }
  // Same weekday and the time already passed today: a week later.
  return start.plus({ days: 7 }).set({ hour: time.hour, minute: time.minute, second: 0, millisecond: 0 }).toJSDate();
}

/** "вт, 17 марта, 15:00" / "Tue, 17 March, 15:00": how a meeting's time reads in a message. */
export function formatMeetingTime(instant: Date, zone: string, locale: string): string {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale(locale);
  return `${local.toFormat('ccc, d MMMM')}, ${local.toFormat('HH:mm')}`;
}

/** "вт 17.03" on a day button. */
export function formatDayButton(day: LocalDay, locale: string): string {
  return DateTime.fromObject(day).setLocale(locale).toFormat('ccc dd.MM');
}

/** "17.03.2026": a plan task's due date. */
export function formatDay(day: LocalDay | string): string {
  const value = typeof day === 'string' ? DateTime.fromISO(day) : DateTime.fromObject(day);
  return value.toFormat('dd.MM.yyyy');
}

/** "17.03.2026": the day of an instant in the zone. */
export function formatDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('dd.MM.yyyy');
}

/** A plan task's due date as PostgreSQL's date column stores it. */
export function dayToIso(day: LocalDay): string {
  return DateTime.fromObject(day).toISODate() ?? '';
}

/** A short weekday name, 1 = Monday. */
export function weekdayName(weekday: number, locale: string, width: 'short' | 'long' = 'long'): string {
  return DateTime.fromObject({ year: 2024, month: 1, day: weekday }).setLocale(locale).toFormat(width === 'long' ? 'cccc' : 'ccc');
}
