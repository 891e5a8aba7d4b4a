// Everything one programme's workbook holds, read in a few set-based queries: participants, their
// answers, pairs with members, meetings, check-ins and award nominations. A withdrawn participant
// is a row without a name and without answers (they were deleted), so counts stay right.
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
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
  people,
  programmes,
  questionnaires,
  responses,
  type MembershipStatus,
  type MentorReadiness,
  type PairStatus,
  type Role,
} from '../../db/schema';

export interface ExportParticipant {
  membershipId: number;
  personId: number;
  fullName: string | null;
  role: Role;
  status: MembershipStatus;
  readiness: MentorReadiness | null;
  joinedAt: Date;
}

export interface ExportAnswer {
  membershipId: number;
  questionnaireId: number;
  questionnaireKey: string;
  version: number;
  responseStatus: 'in_progress' | 'submitted';
  questionId: string;
  value: unknown;
  answeredAt: Date;
}

export interface ExportPairMember {
  membershipId: number;
  role: 'mentor' | 'mentee';
  fullName: string | null;
  decision: string;
}

export interface ExportPair {
  id: number;
  form: string | null;
  status: PairStatus;
  createdAt: Date;
  activatedAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  members: ExportPairMember[];
}

export interface ExportMeeting {
  id: number;
  pairId: number;
  startsAt: Date;
  format: string;
  topic: string | null;
  status: string;
}

export interface ExportCheckin {
  meetingId: number;
  membershipId: number;
  happened: boolean;
  rating: number | null;
  summary: string | null;
  nextStep: string | null;
  createdAt: Date;
}

export interface ProgrammeExport {
  organisationName: string;
  programmeName: string;
  timezone: string;
  participants: ExportParticipant[];
  answers: ExportAnswer[];
  pairs: ExportPair[];
  meetings: ExportMeeting[];
  checkins: ExportCheckin[];
  nominations: { mentorMembershipId: number; byRole: string; count: number }[];
}

export async function loadProgrammeExport(db: Executor, programmeId: number): Promise<ProgrammeExport | undefined> {
  const [programme] = await db
    .select({ name: programmes.name, organisationName: organisations.name, timezone: organisations.timezone })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(eq(programmes.id, programmeId));
  if (!programme) return undefined;
  const ofProgramme = eq(memberships.programmeId, programmeId);
  // The members of each of the programme's pairs, looked up by pair (OFFSET keeps the lateral
  // subquery a lookup per pair: joined flat, the planner reads the whole pair_members table).
  const programmeMembers = db
    .select({ id: pairMembers.id, pairId: pairMembers.pairId, membershipId: pairMembers.membershipId, role: pairMembers.role, decision: pairMembers.decision })
    .from(pairMembers)
    .where(eq(pairMembers.pairId, pairs.id))
    .offset(0)
    .as('programme_members');

  const [participantRows, answerRows, pairRows, memberRows, meetingRows, checkinRows, nominationRows] = await Promise.all([
    db
      .select({
        membershipId: memberships.id,
        personId: memberships.personId,
        fullName: nameOfMember,
        role: memberships.role,
        status: memberships.status,
        readiness: memberships.readiness,
        joinedAt: memberships.createdAt,
      })
      .from(memberships)
      .where(and(ofProgramme, ne(memberships.role, 'curator')))
      .orderBy(asc(memberships.role), asc(memberships.createdAt), asc(memberships.id)),
    db
      .select({
        membershipId: responses.membershipId,
        questionnaireId: responses.questionnaireId,
        questionnaireKey: questionnaires.key,
        version: questionnaires.version,
        responseStatus: responses.status,
        questionId: answers.questionId,
        value: answers.value,
        answeredAt: answers.answeredAt,
      })
      .from(answers)
      .innerJoin(responses, eq(responses.id, answers.responseId))
      .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
      .innerJoin(memberships, eq(memberships.id, responses.membershipId))
      .where(and(ofProgramme, ne(memberships.role, 'curator')))
      .orderBy(asc(responses.membershipId), asc(questionnaires.key), asc(answers.answeredAt)),
    db.select().from(pairs).where(eq(pairs.programmeId, programmeId)).orderBy(asc(pairs.id)),
    db
      .select({
        pairId: programmeMembers.pairId,
        membershipId: programmeMembers.membershipId,
        role: programmeMembers.role,
        decision: programmeMembers.decision,
        fullName: nameOfMember,
      })
      .from(pairs)
      .innerJoinLateral(programmeMembers, sql`true`)
      .innerJoin(memberships, eq(memberships.id, programmeMembers.membershipId))
      .where(eq(pairs.programmeId, programmeId))
      .orderBy(asc(programmeMembers.pairId), sql`${programmeMembers.role} desc`, asc(programmeMembers.id)),
    db
      .select({
        id: meetings.id,
        pairId: meetings.pairId,
        startsAt: meetings.startsAt,
        format: meetings.format,
        topic: meetings.topic,
        status: meetings.status,
      })
      .from(meetings)
      .innerJoin(pairs, eq(pairs.id, meetings.pairId))
      .where(eq(pairs.programmeId, programmeId))
      .orderBy(asc(meetings.startsAt), asc(meetings.id)),
    db
      .select({
        meetingId: checkins.meetingId,
        membershipId: checkins.membershipId,
        happened: checkins.happened,
        rating: checkins.rating,
        summary: checkins.summary,
        nextStep: checkins.nextStep,
        createdAt: checkins.createdAt,
      })
      .from(checkins)
      .innerJoin(meetings, eq(meetings.id, checkins.meetingId))
      .innerJoin(pairs, eq(pairs.id, meetings.pairId))
      .where(eq(pairs.programmeId, programmeId))
      .orderBy(asc(meetings.startsAt), asc(checkins.id)),
    db
      .select({ mentorMembershipId: awardNominations.mentorMembershipId, byRole: awardNominations.byRole, count: sql<number>`count(*)::int` })
      .from(awardNominations)
      .where(eq(awardNominations.programmeId, programmeId))
      .groupBy(awardNominations.mentorMembershipId, awardNominations.byRole),
  ]);

  const membersByPair = new Map<number, ExportPairMember[]>();
  for (const row of memberRows) {
    const list = membersByPair.get(row.pairId) ?? [];
    list.push({ membershipId: row.membershipId, role: row.role, fullName: row.fullName, decision: row.decision });
    membersByPair.set(row.pairId, list);
  }
  return {
    organisationName: programme.organisationName,
    programmeName: programme.name,
    timezone: programme.timezone,
    participants: participantRows,
    answers: answerRows,
    pairs: pairRows.map((p) => ({
      id: p.id,
      form: p.form,
      status: p.status,
      createdAt: p.createdAt,
      activatedAt: p.activatedAt,
      endedAt: p.endedAt,
      endReason: p.endReason,
      members: membersByPair.get(p.id) ?? [],
    })),
    meetings: meetingRows,
    checkins: checkinRows,
    nominations: nominationRows,
  };
}

/**
 * The name of the membership's person, looked up by primary key for each row: a programme has a
 * few thousand participants, and a join lets the planner read the whole people table of a region.
 */
const nameOfMember = sql<string | null>`(select "people"."full_name" from "people" where "people"."id" = "memberships"."person_id")`;

export interface OrderMember {
  membershipId: number;
  role: 'mentor' | 'mentee';
  fullName: string | null;
  /** Class, position or place of work from the intake, as the person wrote it. */
  detail: string | null;
  /** When they confirmed the pair in the chat: their consent to it. */
  confirmedAt: Date | null;
}

export interface OrderPair {
  id: number;
  form: string | null;
  activatedAt: Date | null;
  members: OrderMember[];
}

/** Intake questions that say who a person is in the organisation, in order of preference. */
const DETAIL_QUESTIONS = ['position', 'grade', 'organisation'];

/** The programme's pairs in these states (active by default) with members, for the order. */
export async function loadOrderPairs(db: Executor, programmeId: number, statuses: PairStatus[] = ['active']): Promise<OrderPair[]> {
  const pairRows = await db
    .select({ id: pairs.id, form: pairs.form, activatedAt: pairs.activatedAt })
    .from(pairs)
    .where(and(eq(pairs.programmeId, programmeId), inArray(pairs.status, statuses)))
    .orderBy(asc(pairs.activatedAt), asc(pairs.id));
  if (pairRows.length === 0) return [];
  const ids = pairRows.map((p) => p.id);
  const memberRows = await db
    .select({
      pairId: pairMembers.pairId,
      membershipId: pairMembers.membershipId,
      role: pairMembers.role,
      fullName: people.fullName,
      confirmedAt: pairMembers.decidedAt,
    })
    .from(pairMembers)
    .innerJoin(memberships, eq(memberships.id, pairMembers.membershipId))
    .innerJoin(people, eq(people.id, memberships.personId))
    .where(inArray(pairMembers.pairId, ids))
    .orderBy(asc(pairMembers.pairId), sql`${pairMembers.role} desc`, asc(pairMembers.id));
  const detailRows = await db
    .select({ membershipId: responses.membershipId, questionId: answers.questionId, text: sql<string | null>`${answers.value}->>'text'` })
    .from(answers)
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(
      and(
        inArray(
          responses.membershipId,
          memberRows.map((m) => m.membershipId),
        ),
        inArray(questionnaires.key, ['mentee-intake', 'mentor-intake']),
        inArray(answers.questionId, DETAIL_QUESTIONS),
      ),
    );
  const details = new Map<number, Map<string, string>>();
  for (const row of detailRows) {
    if (!row.text) continue;
    const own = details.get(row.membershipId) ?? new Map<string, string>();
    own.set(row.questionId, row.text);
    details.set(row.membershipId, own);
  }
  const byPair = new Map<number, OrderMember[]>();
  for (const m of memberRows) {
    const own = details.get(m.membershipId);
    const detail = DETAIL_QUESTIONS.map((q) => own?.get(q)).find((d) => d !== undefined) ?? null;
    const list = byPair.get(m.pairId) ?? [];
    list.push({ membershipId: m.membershipId, role: m.role, fullName: m.fullName, detail, confirmedAt: m.confirmedAt });
    byPair.set(m.pairId, list);
  }
  return pairRows.map((p) => ({ ...p, members: byPair.get(p.id) ?? [] }));
}
