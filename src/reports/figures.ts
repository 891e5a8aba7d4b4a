// The arithmetic of the reports, pure: who counts as an involved student, shares against the 70 %
// target, averages, satisfaction before and after, meetings by week. Queries feed it numbers.
import { DateTime } from 'luxon';

/** The target model's goal: at least 70 % of an organisation's students involved in mentorship. */
export const INVOLVEMENT_TARGET = 0.7;

/**
 * Which side of a pair of this form is a student of the organisation (обучающийся): the mentee in
 * every form but учитель–учитель and организация–организация, the mentor only in ученик–ученик.
 * A pair without a form counts its mentees.
 */
export function studentSides(form: string | null): { mentee: boolean; mentor: boolean } {
  if (form === 'teacher_teacher' || form === 'organisation_organisation') return { mentee: false, mentor: false };
  return { mentee: true, mentor: form === 'student_student' };
}

/** The forms whose mentees are not students (for SQL filters built from studentSides). */
export const formsWithoutStudentMentees = ['teacher_teacher', 'organisation_organisation'] as const;
export const formsWithStudentMentors = ['student_student'] as const;

export interface Involvement {
  involved: number;
  studentsTotal: number | null;
  /** involved / studentsTotal, 0..1 (may exceed 1 with a stale head count); null without a head count. */
  share: number | null;
  target: number;
  reached: boolean;
}

export function involvement(involved: number, studentsTotal: number | null | undefined): Involvement {
  const total = studentsTotal ?? null;
  const share = total !== null && total > 0 ? involved / total : null;
  return { involved, studentsTotal: total, share, target: INVOLVEMENT_TARGET, reached: share !== null && share >= INVOLVEMENT_TARGET };
}

/** Percent with one decimal, as the regional tables print it: 0.123 -> 12.3. */
export function percent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1000) / 10;
}

export interface Average {
  average: number | null;
  count: number;
}

export function average(values: readonly number[]): Average {
  if (values.length === 0) return { average: null, count: 0 };
  const sum = values.reduce((a, b) => a + b, 0);
  return { average: Math.round((sum / values.length) * 100) / 100, count: values.length };
}

export interface SatisfactionItem {
  item: string;
  before: Average;
  after: Average;
  /** after − before, when both exist. */
  change: number | null;
}

/** Per item: the average of the start answers against the end answers, and the change. */
export function compareSatisfaction(
  items: readonly string[],
  before: ReadonlyMap<string, readonly number[]>,
  after: ReadonlyMap<string, readonly number[]>,
): SatisfactionItem[] {
  return items.map((item) => {
    const b = average(before.get(item) ?? []);
    const a = average(after.get(item) ?? []);
    const change = a.average !== null && b.average !== null ? Math.round((a.average - b.average) * 100) / 100 : null;
    return { item, before: b, after: a, change };
  });
}

export interface WeekCount {
  /** Monday of the week, YYYY-MM-DD, in the organisation's time zone. */
  week: string;
  held: number;
  missed: number;
  planned: number;
}

/** Meetings bucketed by ISO week in the organisation's zone; every week between the first and last is present. */
export function meetingsByWeek(
  meetings: readonly { startsAt: Date; status: string }[],
  timezone: string,
  options: { maxWeeks?: number } = {},
): WeekCount[] {
  const buckets = new Map<string, WeekCount>();
  for (const meeting of meetings) {
    if (meeting.status === 'cancelled') continue;
    const week = mondayOf(meeting.startsAt, timezone);
    const bucket = buckets.get(week) ?? { week, held: 0, missed: 0, planned: 0 };
    if (meeting.status === 'held') bucket.held++;
    else if (meeting.status === 'missed') bucket.missed++;
    else bucket.planned++;
    buckets.set(week, bucket);
  }
  const weeks = [...buckets.keys()].sort();
  const first = weeks[0];
  const last = weeks.at(-1);
  if (first === undefined || last === undefined) return [];
  const all: WeekCount[] = [];
  for (let day = DateTime.fromISO(first, { zone: 'UTC' }); ; day = day.plus({ weeks: 1 })) {
    const key = day.toISODate() ?? last;
    if (key > last) break;
    all.push(buckets.get(key) ?? { week: key, held: 0, missed: 0, planned: 0 });
  }
  const maxWeeks = options.maxWeeks ?? 26;
  return all.slice(-maxWeeks);
}

function mondayOf(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  const zoned = local.isValid ? local : DateTime.fromJSDate(at, { zone: 'UTC' });
  return zoned.startOf('week').toISODate() ?? '';
}

/** "Иванов Иван Иванович" -> "Иванов И.И.", as orders name people; other shapes are kept as typed. */
export function shortName(fullName: string | null | undefined): string {
  const parts = (fullName ?? '').trim().split(/\s+/).filter(Boolean);
  const [surname, ...rest] = parts;
  if (surname === undefined) return '';
  if (rest.length === 0 || rest.length > 2) return parts.join(' ');
  const initials = rest.map((p) => `${Array.from(p)[0]?.toUpperCase() ?? ''}.`).join('');
  return `${surname} ${initials}`;
}
