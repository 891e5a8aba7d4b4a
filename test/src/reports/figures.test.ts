// The report arithmetic, pure: who is an involved student, shares, averages, before/after, weeks, names.
import { describe, expect, it } from 'vitest';
import { compareSatisfaction, involvement, meetingsByWeek, percent, shortName, studentSides } from '../../../src/reports/figures';

describe('report figures', () => {
  it('count the mentee as a student in every form but teacher–teacher and organisation–organisation, the mentor only in student–student', () => {
    expect(studentSides('student_student')).toEqual({ mentee: true, mentor: true });
    expect(studentSides('teacher_student')).toEqual({ mentee: true, mentor: false });
    expect(studentSides('teacher_teacher')).toEqual({ mentee: false, mentor: false });
    expect(studentSides('organisation_organisation')).toEqual({ mentee: false, mentor: false });
    expect(studentSides(null)).toEqual({ mentee: true, mentor: false });
  });

  it('measure involvement against the 70 % target, and give no share without a head count', () => {
    expect(involvement(14, 20)).toEqual({ involved: 14, studentsTotal: 20, share: 0.7, target: 0.7, reached: true });
    expect(involvement(5, null)).toMatchObject({ share: null, reached: false });
    expect(involvement(5, 0)).toMatchObject({ share: null });
    expect(percent(0.1234)).toBe(12.3);
  });

  it('compare satisfaction item by item, with no change where one side has no answers', () => {
    const before = new Map([['comfort', [5, 7]]]);
    const after = new Map([['comfort', [9, 10]], ['support', [8]]]);
    expect(compareSatisfaction(['comfort', 'support'], before, after)).toEqual([
      { item: 'comfort', before: { average: 6, count: 2 }, after: { average: 9.5, count: 2 }, change: 3.5 },
      { item: 'support', before: { average: null, count: 0 }, after: { average: 8, count: 1 }, change: null },
    ]);
  });

  it('bucket meetings by Monday in the organisation’s zone, keeping empty weeks and leaving out cancelled ones', () => {
    const weeks = meetingsByWeek(
      [
        // Sunday 23:30 in Moscow is Sunday; 21:30 UTC on Sunday is Monday 00:30 in Moscow.
        { startsAt: new Date('2026-09-06T20:30:00Z'), status: 'held' },
        { startsAt: new Date('2026-09-06T21:30:00Z'), status: 'missed' },
        { startsAt: new Date('2026-09-23T10:00:00Z'), status: 'cancelled' },
        { startsAt: new Date('2026-09-24T10:00:00Z'), status: 'scheduled' },
      ],
      'Europe/Moscow',
    );
    expect(weeks).toEqual([
      { week: '2026-08-31', held: 1, missed: 0, planned: 0 },
      { week: '2026-09-07', held: 0, missed: 1, planned: 0 },
      { week: '2026-09-14', held: 0, missed: 0, planned: 0 },
      { week: '2026-09-21', held: 0, missed: 0, planned: 1 },
    ]);
  });

  it('write names as orders do: surname and initials', () => {
    expect(shortName('Иванов Иван Иванович')).toBe('Иванов И.И.');
    expect(shortName('Антонова Анна')).toBe('Антонова А.');
    expect(shortName('Ким')).toBe('Ким');
    expect(shortName(null)).toBe('');
  });
});
