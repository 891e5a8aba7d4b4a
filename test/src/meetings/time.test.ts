// Meeting times read and shown in the organisation's time zone.
import { describe, expect, it } from 'vitest';
import {
  dayFromNumber,
  formatMeetingTime,
  futureInstant,
  nextWeekly,
  parseDay,
  parseTime,
  toInstant,
  upcomingDays,
} from '../../../src/meetings/time';

const MOSCOW = 'Europe/Moscow';
const YEKATERINBURG = 'Asia/Yekaterinburg';
// Monday 16 March 2026, 10:00 in Moscow.
const now = new Date('2026-03-16T07:00:00Z');

describe('typed days', () => {
  it('reads a day without a year as this year\'s, and with a two- or four-digit year', () => {
    expect(parseDay('17.03', now, MOSCOW)).toEqual({ ok: true, value: { year: 2026, month: 3, day: 17 } });
    expect(parseDay('17.03.26', now, MOSCOW)).toEqual({ ok: true, value: { year: 2026, month: 3, day: 17 } });
    expect(parseDay(' 2026-04-01 ', now, MOSCOW)).toEqual({ ok: true, value: { year: 2026, month: 4, day: 1 } });
    expect(parseDay('1/4', now, MOSCOW)).toEqual({ ok: true, value: { year: 2026, month: 4, day: 1 } });
  });

  it('refuses a day that has passed, and takes a long-past day without a year as next year\'s', () => {
    expect(parseDay('15.03', now, MOSCOW)).toEqual({ ok: false, error: 'meeting-error-date-past' });
    expect(parseDay('15.03.2026', now, MOSCOW)).toEqual({ ok: false, error: 'meeting-error-date-past' });
    expect(parseDay('05.01', now, MOSCOW)).toEqual({ ok: true, value: { year: 2027, month: 1, day: 5 } });
  });

  it('refuses what is not a day, a day that does not exist and one more than a year ahead', () => {
    for (const text of ['завтра', '', '31.02', '17.13.2026', '12:30']) expect(parseDay(text, now, MOSCOW)).toEqual({ ok: false, error: 'meeting-error-date-format' });
    expect(parseDay('17.03.2028', now, MOSCOW)).toEqual({ ok: false, error: 'meeting-error-date-far' });
  });

  it('counts today by the organisation\'s clock, not the server\'s', () => {
    // 23:30 UTC on the 15th is already the 16th in Yekaterinburg (UTC+5).
    const late = new Date('2026-03-15T23:30:00Z');
    expect(upcomingDays(late, YEKATERINBURG, 2)).toEqual([
      { year: 2026, month: 3, day: 16 },
      { year: 2026, month: 3, day: 17 },
    ]);
    expect(parseDay('15.03.2026', late, YEKATERINBURG)).toEqual({ ok: false, error: 'meeting-error-date-past' });
  });

  it('decodes a day button only when the day exists', () => {
    expect(dayFromNumber(20260317)).toEqual({ year: 2026, month: 3, day: 17 });
    expect(dayFromNumber(20260231)).toBeUndefined();
  });
});

describe('typed times', () => {
  it('reads 15:30, 15.30, 9:05 and a bare hour', () => {
    expect(parseTime('15:30')).toEqual({ ok: true, value: { hour: 15, minute: 30 } });
    expect(parseTime('15.30')).toEqual({ ok: true, value: { hour: 15, minute: 30 } });
    expect(parseTime('9:05')).toEqual({ ok: true, value: { hour: 9, minute: 5 } });
    expect(parseTime('18')).toEqual({ ok: true, value: { hour: 18, minute: 0 } });
  });

  it('refuses 25:00, 12:60 and words', () => {
    for (const text of ['25:00', '12:60', 'вечером', '3 pm']) expect(parseTime(text)).toEqual({ ok: false, error: 'meeting-error-time-format' });
  });

  it('turns a wall-clock time of the organisation into the instant, and refuses one already past', () => {
    expect(toInstant({ year: 2026, month: 3, day: 17 }, { hour: 15, minute: 0 }, MOSCOW).toISOString()).toBe('2026-03-17T12:00:00.000Z');
    expect(toInstant({ year: 2026, month: 3, day: 17 }, { hour: 15, minute: 0 }, YEKATERINBURG).toISOString()).toBe('2026-03-17T10:00:00.000Z');
    expect(futureInstant({ year: 2026, month: 3, day: 16 }, { hour: 9, minute: 0 }, MOSCOW, now)).toEqual({ ok: false, error: 'meeting-error-time-past' });
    expect(futureInstant({ year: 2026, month: 3, day: 16 }, { hour: 11, minute: 0 }, MOSCOW, now).ok).toBe(true);
  });

  it('shows an instant in the organisation\'s zone and the reader\'s language', () => {
    const instant = new Date('2026-03-17T12:00:00Z');
    expect(formatMeetingTime(instant, MOSCOW, 'ru')).toBe('вт, 17 марта, 15:00');
    expect(formatMeetingTime(instant, YEKATERINBURG, 'en')).toBe('Tue, 17 March, 17:00');
  });
});

describe('weekly schedule', () => {
  it('finds the next Tuesday 15:00, and a week later once it has started', () => {
    const first = nextWeekly(2, { hour: 15, minute: 0 }, MOSCOW, now);
    expect(first.toISOString()).toBe('2026-03-17T12:00:00.000Z');
    expect(nextWeekly(2, { hour: 15, minute: 0 }, MOSCOW, first).toISOString()).toBe('2026-03-24T12:00:00.000Z');
  });

  it('takes today when the time is still ahead, next week when it has passed', () => {
    expect(nextWeekly(1, { hour: 13, minute: 0 }, MOSCOW, now).toISOString()).toBe('2026-03-16T10:00:00.000Z');
    expect(nextWeekly(1, { hour: 9, minute: 0 }, MOSCOW, now).toISOString()).toBe('2026-03-23T06:00:00.000Z');
  });
});
