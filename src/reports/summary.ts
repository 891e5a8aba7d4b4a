// The programme summary a curator reads in chat and sees on the chart: participants by role and
// form, pairs, mentees without a pair, meetings, ratings, satisfaction before and after, and the
// organisation's involvement against the 70 % target. Withdrawn participants stay as anonymous counts.
import { and, asc, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import {
  answers,
  awardNominations,
  checkins,
  meetings,
  memberships,
  organisations,
  pairMembers,
  pairs,
  programmes,
  questionnaires,
  responses,
  type PairStatus,
} from '../../db/schema';
import {
  compareSatisfaction,
  formsWithStudentMentors,
  formsWithoutStudentMentees,
  involvement,
  meetingsByWeek,
  type Average,
  type Involvement,
  type SatisfactionItem,
  type WeekCount,
} from './figures';

/** Questionnaire keys of the satisfaction measured at the start and at the end, by role. */
export const satisfactionKeys = {
  mentee: { before: 'mentee-satisfaction-start', after: 'mentee-satisfaction', reflection: 'mentee-reflection' },
  mentor: { before: 'mentor-satisfaction-start', after: 'mentor-satisfaction', reflection: 'mentor-reflection' },
} as const;
export const swotKey = 'curator-swot';

/** The 1–10 items compared before and after (the target model's monitoring). */
export const satisfactionItems = {
  mentee: ['comfort', 'usefulness', 'support', 'expectations'],
  mentor: ['comfort', 'usefulness', 'support', 'expectations', 'meeting_organisation', 'tasks_clarity'],
} as const;

/** Pairs that were formed: confirmed by everyone, whatever happened after. */
export const FORMED_STATUSES: PairStatus[] = ['active', 'completed', 'ended_early'];

export interface RoleCounts {
  total: number;
  /** Finished the intake questionnaire. */
  questionnaireDone: number;
  withdrawn: number;
}

export interface ProgrammeSummary {
  programmeId: number;
  programmeName: string;
  organisationId: number;
  organisationName: string;
  timezone: string;
  forms: string[];
  startsOn: string | null;
  endsOn: string | null;
  participants: Record<'mentee' | 'mentor', RoleCounts>;
  /** Members of formed pairs by the pair's form (null: no form given). */
  byForm: { form: string | null; mentees: number; mentors: number }[];
  pairs: Record<PairStatus, number>;
  pairsFormed: number;
  /** Finished the intake, in no proposed or active pair. */
  menteesWithoutPair: number;
  meetings: { planned: number; held: number; missed: number; cancelled: number };
  /** Check-in ratings 1–5. */
  checkinRating: Average;
  satisfaction: Record<'mentee' | 'mentor', SatisfactionItem[]>;
  reflections: { mentee: number; mentor: number };
  nominations: number;
  swotAnswered: boolean;
  involvement: Involvement;
}

export async function programmeSummary(db: Executor, programmeId: number): Promise<ProgrammeSummary | undefined> {
  const [programme] = await db
    .select({
      id: programmes.id,
      name: programmes.name,
      forms: programmes.forms,
      startsOn: programmes.startsOn,
      endsOn: programmes.endsOn,
      organisationId: organisations.id,
      organisationName: organisations.name,
      timezone: organisations.timezone,
      studentsTotal: organisations.studentsTotal,
    })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(eq(programmes.id, programmeId));
  if (!programme) return undefined;

  const [roleRows, formRows, pairRows, unpaired, meetingRows, rating, satisfaction, reflections, nominations, swot, involved] =
    await Promise.all([
      db
        .select({ role: memberships.role, status: memberships.status, n: sql<number>`count(*)::int` })
        .from(memberships)
        .where(eq(memberships.programmeId, programmeId))
        .groupBy(memberships.role, memberships.status),
      db
        .select({ form: pairs.form, role: pairMembers.role, n: sql<number>`count(distinct ${pairMembers.membershipId})::int` })
        .from(pairs)
        .innerJoin(pairMembers, eq(pairMembers.pairId, pairs.id))
        .where(and(eq(pairs.programmeId, programmeId), inArray(pairs.status, FORMED_STATUSES)))
        .groupBy(pairs.form, pairMembers.role),
      db
        .select({ status: pairs.status, n: sql<number>`count(*)::int` })
        .from(pairs)
        .where(eq(pairs.programmeId, programmeId))
        .groupBy(pairs.status),
      countMenteesWithoutPair(db, programmeId),
      db
        .select({ status: meetings.status, n: sql<number>`count(*)::int` })
        .from(meetings)
        .innerJoin(pairs, eq(pairs.id, meetings.pairId))
        .where(eq(pairs.programmeId, programmeId))
        .groupBy(meetings.status),
      db
        .select({ avg: sql<string | null>`avg(${checkins.rating})::text`, n: sql<number>`count(${checkins.rating})::int` })
        .from(checkins)
        .innerJoin(meetings, eq(meetings.id, checkins.meetingId))
        .innerJoin(pairs, eq(pairs.id, meetings.pairId))
        .where(eq(pairs.programmeId, programmeId)),
      scaleAnswers(db, programmeId),
      submittedCounts(db, programmeId, [satisfactionKeys.mentee.reflection, satisfactionKeys.mentor.reflection]),
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(awardNominations)
        .where(eq(awardNominations.programmeId, programmeId)),
      submittedCounts(db, programmeId, [swotKey]),
      involvedStudents(db, [programme.organisationId]),
    ]);

  const participants = { mentee: emptyCounts(), mentor: emptyCounts() };
  for (const row of roleRows) {
    if (row.role === 'curator') continue;
    const counts = participants[row.role];
    counts.total += row.n;
    if (row.status === 'questionnaire_done') counts.questionnaireDone += row.n;
    if (row.status === 'withdrawn') counts.withdrawn += row.n;
  }
  const forms = new Map<string | null, { form: string | null; mentees: number; mentors: number }>();
  for (const row of formRows) {
    const entry = forms.get(row.form) ?? { form: row.form, mentees: 0, mentors: 0 };
    if (row.role === 'mentee') entry.mentees += row.n;
    else entry.mentors += row.n;
    forms.set(row.form, entry);
  }
  const pairCounts: Record<PairStatus, number> = { proposed: 0, active: 0, declined: 0, completed: 0, ended_early: 0 };
  for (const row of pairRows) pairCounts[row.status] = row.n;
  const meetingCounts = { planned: 0, held: 0, missed: 0, cancelled: 0 };
  for (const row of meetingRows) {
    if (row.status === 'held' || row.status === 'missed' || row.status === 'cancelled') meetingCounts[row.status] += row.n;
    else meetingCounts.planned += row.n;
  }
  const ratingRow = rating[0];
  const ratingAverage = ratingRow?.avg === null || ratingRow?.avg === undefined ? null : Math.round(Number(ratingRow.avg) * 100) / 100;

  return {
    programmeId: programme.id,
    programmeName: programme.name,
    organisationId: programme.organisationId,
    organisationName: programme.organisationName,
    timezone: programme.timezone,
    forms: programme.forms,
    startsOn: programme.startsOn,
    endsOn: programme.endsOn,
    participants,
    byForm: [...forms.values()].sort((a, b) => (a.form === null ? 1 : b.form === null ? -1 : a.form < b.form ? -1 : a.form > b.form ? 1 : 0)),
    pairs: pairCounts,
    pairsFormed: FORMED_STATUSES.reduce((n, s) => n + pairCounts[s], 0),
    menteesWithoutPair: unpaired,
    meetings: meetingCounts,
    checkinRating: { average: ratingAverage, count: ratingRow?.n ?? 0 },
    satisfaction: {
      mentee: compareSatisfaction(satisfactionItems.mentee, satisfaction.get(satisfactionKeys.mentee.before) ?? new Map(), satisfaction.get(satisfactionKeys.mentee.after) ?? new Map()),
      mentor: compareSatisfaction(satisfactionItems.mentor, satisfaction.get(satisfactionKeys.mentor.before) ?? new Map(), satisfaction.get(satisfactionKeys.mentor.after) ?? new Map()),
    },
    reflections: {
      mentee: reflections.get(satisfactionKeys.mentee.reflection) ?? 0,
      mentor: reflections.get(satisfactionKeys.mentor.reflection) ?? 0,
    },
    nominations: nominations[0]?.n ?? 0,
    swotAnswered: (swot.get(swotKey) ?? 0) > 0,
    involvement: involvement(involved.get(programme.organisationId) ?? 0, programme.studentsTotal),
  };
}

function emptyCounts(): RoleCounts {
  return { total: 0, questionnaireDone: 0, withdrawn: 0 };
}

async function countMenteesWithoutPair(db: Executor, programmeId: number): Promise<number> {
  const open = db
    .select({ id: pairMembers.membershipId })
    .from(pairMembers)
    .innerJoin(pairs, eq(pairs.id, pairMembers.pairId))
    .where(and(eq(pairs.programmeId, programmeId), inArray(pairs.status, ['proposed', 'active'])));
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(
      and(
        eq(memberships.programmeId, programmeId),
        eq(memberships.role, 'mentee'),
        eq(memberships.status, 'questionnaire_done'),
        sql`${memberships.id} not in ${open}`,
      ),
    );
  return row?.n ?? 0;
}

/**
 * Every 1–10 answer of the programme's submitted satisfaction responses, as
 * questionnaire key -> item -> values. The values are small in number (one per person and item).
 */
async function scaleAnswers(db: Executor, programmeId: number): Promise<Map<string, Map<string, number[]>>> {
  const keys = [satisfactionKeys.mentee.before, satisfactionKeys.mentee.after, satisfactionKeys.mentor.before, satisfactionKeys.mentor.after];
  const rows = await db
    .select({ key: questionnaires.key, item: answers.questionId, value: sql<number>`(${answers.value}->>'value')::int` })
    .from(answers)
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .innerJoin(memberships, eq(memberships.id, responses.membershipId))
    .where(
      and(
        eq(memberships.programmeId, programmeId),
        inArray(questionnaires.key, keys),
        eq(responses.status, 'submitted'),
        sql`${answers.value}->>'kind' = 'scale'`,
      ),
    );
  const byKey = new Map<string, Map<string, number[]>>();
  for (const row of rows) {
    const items = byKey.get(row.key) ?? new Map<string, number[]>();
    const values = items.get(row.item) ?? [];
    values.push(row.value);
    items.set(row.item, values);
    byKey.set(row.key, items);
  }
  return byKey;
}

async function submittedCounts(db: Executor, programmeId: number, keys: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: questionnaires.key, n: sql<number>`count(*)::int` })
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .innerJoin(memberships, eq(memberships.id, responses.membershipId))
    .where(and(eq(memberships.programmeId, programmeId), inArray(questionnaires.key, keys), eq(responses.status, 'submitted')))
    .groupBy(questionnaires.key);
  return new Map(rows.map((r) => [r.key, r.n]));
}

/**
 * Students of each organisation involved in mentorship: distinct people who are the student side
 * (figures.ts studentSides) of an active or completed pair of any of its programmes. Counted from
 * the pairs, for a few organisations; a region reads the same figure from organisation_figures,
 * which the triggers of migration 0008 recount the same way.
 */
export async function involvedStudents(db: Executor, organisationIds: number[]): Promise<Map<number, number>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db
    .select({ organisationId: programmes.organisationId, n: sql<number>`count(distinct ${memberships.personId})::int` })
    .from(pairs)
    .innerJoin(programmes, eq(programmes.id, pairs.programmeId))
    .innerJoin(pairMembers, eq(pairMembers.pairId, pairs.id))
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .where(
      and(
        inArray(programmes.organisationId, organisationIds),
        inArray(pairs.status, ['active', 'completed']),
        or(
          and(eq(pairMembers.role, 'mentee'), or(sql`${pairs.form} is null`, notInArray(pairs.form, [...formsWithoutStudentMentees]))),
          and(eq(pairMembers.role, 'mentor'), inArray(pairs.form, [...formsWithStudentMentors])),
        ),
      ),
    )
    .groupBy(programmes.organisationId);
  return new Map(rows.map((r) => [r.organisationId, r.n]));
}

/** Meetings of the programme by week, for the chart. */
export async function programmeMeetingWeeks(db: Executor, programmeId: number, timezone: string): Promise<WeekCount[]> {
  const rows = await db
    .select({ startsAt: meetings.startsAt, status: meetings.status })
    .from(meetings)
    .innerJoin(pairs, eq(pairs.id, meetings.pairId))
    .where(eq(pairs.programmeId, programmeId))
    .orderBy(asc(meetings.startsAt));
  return meetingsByWeek(rows, timezone);
}
