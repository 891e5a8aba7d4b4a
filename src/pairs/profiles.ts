// Reads the matching input of a programme from the database: unpaired mentees and ready mentors
// with the answers of their intake, turned into the plain profiles matching works on.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { answers, memberships, pairMembers, pairs, people, responses } from '../../db/schema';
import type { MeetingFormat, MenteeProfile, MentorProfile } from '../matching/types';
import { answerValueSchema, type AnswerValue } from '../questionnaires/definition';

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
    );
  const ids = members.map((m) => m.id);
  if (ids.length === 0) return { mentees: [], mentors: [], names: new Map() };

  const open = await db
    .select({ membershipId: pairMembers.membershipId, role: pairMembers.role, n: sql<number>`count(*)::int` })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(and(eq(pairs.programmeId, programmeId), inArray(pairs.status, ['proposed', 'active'])))
    .groupBy(pairMembers.membershipId, pairMembers.role);
  const openCount = new Map(open.map((o) => [o.membershipId, o.n]));
  // A mentor's load counts the mentees of their open pairs, not the pairs.
  const mentorLoad = await db
    .select({ mentorId: pairMembers.membershipId, load: sql<number>`count(mentees.id)::int` })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .innerJoin(sql`pair_members as mentees`, sql`mentees.pair_id = ${pairs.id} and mentees.role = 'mentee'`)
    .where(and(eq(pairs.programmeId, programmeId), inArray(pairs.status, ['proposed', 'active']), eq(pairMembers.role, 'mentor')))
    .groupBy(pairMembers.membershipId);
  const loads = new Map(mentorLoad.map((l) => [l.mentorId, l.load]));

  const rows = await db
    .select({ membershipId: responses.membershipId, questionId: answers.questionId, value: answers.value })
    .from(answers)
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .where(and(inArray(responses.membershipId, ids), eq(responses.status, 'submitted')));
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
    if (member.role === 'mentee') {
      if ((openCount.get(member.id) ?? 0) > 0) continue;
      const group = optionsOf(a.get('role_group'))[0] ?? '';
      mentees.push({
        id: member.id,
        requests: optionsOf(a.get('requests')),
        interests: [...words(textOf(a.get('interests'))), ...words(textOf(a.get('requests')))],
        format: formatOf(a.get('format')),
        freeTime: optionsOf(a.get('free_time')),
        forms: menteeFormsByGroup[group] ?? [],
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
      });
    }
  }
  return { mentees, mentors, names };
}
