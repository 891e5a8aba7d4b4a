// Reads the matching input of a programme from the database: unpaired mentees and ready mentors
// with the answers of their intake and the preferences of the latest preference round, turned into
// the plain profiles matching works on; and each side's best candidates for the short cards.
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { memberships, people } from '../../db/schema';
import { indexMentors, topCandidates, topCandidatesIn } from '../matching/score';
import type { MeetingFormat, MenteeProfile, MentorProfile, Suggestion } from '../matching/types';
import { answerValueSchema, type AnswerValue } from '../questionnaires/definition';
import { completedMentees, intakeAnswerRows, mentorLoads, takenMentees } from './pairs';
import { latestRoundPreferences } from './preferences';

/** Forms of mentorship a mentee of each group can be in (by the intake's role_group). */
const menteeFormsByGroup: Record<string, string[]> = {
  student: ['student_student', 'teacher_student', 'university_student', 'employer_student'],
  college_student: ['student_student', 'employer_university'],
  teacher: ['teacher_teacher'],
};

export interface MatchingInput {
  mentees: MenteeProfile[];
  mentors: MentorProfile[];
  /** Display names by membership id. */
  names: Map<number, string>;
}

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2);

function optionsOf(value: AnswerValue | undefined): string[] {
  if (!value) return [];
  if (value.kind === 'multi') return value.options;
  if (value.kind === 'single') return [value.option];
  return [];
}

function textOf(value: AnswerValue | undefined): string {
  if (!value) return '';
  if (value.kind === 'text') return value.text;
  if (value.kind === 'multi') return value.other ?? '';
  return '';
}

function formatOf(value: AnswerValue | undefined): MeetingFormat {
  const option = optionsOf(value)[0];
  return option === 'online' ? 'online' : option === 'in_person' ? 'offline' : 'any';
}

export async function loadMatchingInput(db: Executor, programmeId: number): Promise<MatchingInput> {
  const members = await db
    .select({ id: memberships.id, role: memberships.role, readiness: memberships.readiness, fullName: people.fullName })
    .from(memberships)
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(
      and(eq(memberships.programmeId, programmeId), eq(memberships.status, 'questionnaire_done'), inArray(memberships.role, ['mentee', 'mentor'])),
    )
    .orderBy(memberships.id);
  const ids = members.map((m) => m.id);
  if (ids.length === 0) return { mentees: [], mentors: [], names: new Map() };

  const menteeIds = members.filter((m) => m.role === 'mentee').map((m) => m.id);
  const mentorIds = members.filter((m) => m.role === 'mentor').map((m) => m.id);
  const [taken, finished, loads, rows, preferences] = await Promise.all([
    takenMentees(db, menteeIds),
    completedMentees(db, menteeIds),
    mentorLoads(db, mentorIds),
    intakeAnswerRows(db, ids),
    latestRoundPreferences(db, programmeId),
  ]);
  const byMember = new Map<number, Map<string, AnswerValue>>();
  for (const row of rows) {
    const parsed = answerValueSchema.safeParse(row.value);
    if (!parsed.success) continue;
    const map = byMember.get(row.membershipId) ?? new Map<string, AnswerValue>();
    map.set(row.questionId, parsed.data);
    byMember.set(row.membershipId, map);
  }

  const mentees: MenteeProfile[] = [];
  const mentors: MentorProfile[] = [];
  const names = new Map<number, string>();
  for (const member of members) {
    const a = byMember.get(member.id) ?? new Map<string, AnswerValue>();
    names.set(member.id, member.fullName ?? '—');
    const preferred = preferences.get(member.id) ?? [];
    if (member.role === 'mentee') {
      // A mentee in a pair, or whose pair completed its term, is not matched again.
      if (taken.has(member.id) || finished.has(member.id)) continue;
      const group = optionsOf(a.get('role_group'))[0] ?? '';
      mentees.push({
        id: member.id,
        requests: optionsOf(a.get('requests')),
        interests: [...words(textOf(a.get('interests'))), ...words(textOf(a.get('requests')))],
        format: formatOf(a.get('format')),
        freeTime: optionsOf(a.get('free_time')),
        forms: menteeFormsByGroup[group] ?? [],
        preferredMentors: preferred,
      });
    } else {
      const capacity = a.get('capacity');
      mentors.push({
        id: member.id,
        competences: optionsOf(a.get('competences')),
        interests: [...words(textOf(a.get('experience'))), ...words(textOf(a.get('competences')))],
        format: formatOf(a.get('format')),
        freeTime: optionsOf(a.get('free_time')),
        forms: optionsOf(a.get('forms')),
        capacity: capacity?.kind === 'integer' ? capacity.value : 1,
        load: loads.get(member.id) ?? 0,
        ready: member.readiness === 'ready',
        preferredMentees: preferred,
      });
    }
  }
  return { mentees, mentors, names };
}

/** A mentee's best suggestions among the ready mentors with places left: score descending. */
export function candidatesForMentee(input: MatchingInput, menteeId: number, k: number): Suggestion[] {
  const mentee = input.mentees.find((m) => m.id === menteeId);
  return mentee ? topCandidates(mentee, input.mentors, k) : [];
}

/** A ready mentor's best unpaired mentees (the mentor must have a place left): score descending, ties by id. */
export function candidatesForMentor(input: MatchingInput, mentorId: number, k: number): Suggestion[] {
  const mentor = input.mentors.find((m) => m.id === mentorId);
  if (!mentor) return [];
  const index = indexMentors([mentor]);
  return input.mentees
    .map((mentee) => topCandidatesIn(index, mentee, 1)[0])
    .filter((s): s is Suggestion => s !== undefined)
    .sort((a, b) => b.score - a.score || a.menteeId - b.menteeId)
    .slice(0, k);
}

/** Intake answers of these memberships, validated, by membership and question id. */
export async function intakeAnswers(db: Executor, membershipIds: number[]): Promise<Map<number, Map<string, AnswerValue>>> {
  const byMember = new Map<number, Map<string, AnswerValue>>();
  for (const row of await intakeAnswerRows(db, membershipIds)) {
    const parsed = answerValueSchema.safeParse(row.value);
    if (!parsed.success) continue;
    const map = byMember.get(row.membershipId) ?? new Map<string, AnswerValue>();
    map.set(row.questionId, parsed.data);
    byMember.set(row.membershipId, map);
  }
  return byMember;
}
