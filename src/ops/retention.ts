// Data retention: a programme that ended more than the retention period ago keeps its figures
// (memberships, pairs, meetings, ratings: what reports count) and loses its personal data: answers,
// free texts, parents' contacts; and a person who took part in nothing newer loses name, messenger
// identities, conversation state and queued messages. Idempotent; safe when two instances run it at once.
import { and, eq, inArray, isNotNull, isNull, lt, notExists, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client';
import {
  auditLog,
  consents,
  coordinators,
  flowStates,
  identities,
  linkCodes,
  memberships,
  outbox,
  pairs,
  people,
  programmes,
  responses,
} from '../../db/schema';
import { recordAudit } from '../audit/audit';
import { auditDetailsHaveTexts, auditDetailsWithoutTexts, clearPairTexts } from '../pairs/texts';

export const DEFAULT_RETENTION_DAYS = 365;

/** Set in programmes.settings once the programme's personal data is gone. */
export const ERASED_SETTING = 'personalDataErasedAt';

export interface RetentionOptions {
  now: Date;
  /** Days after a programme's end date before its personal data is removed. */
  days: number;
  /** Counts what would be removed and changes nothing. */
  dryRun?: boolean;
}

export interface ErasedProgramme {
  id: number;
  name: string;
  endsOn: string;
  /** Questionnaire responses deleted (their answers with them). */
  responses: number;
  /** People anonymised: name, messenger identities, conversation, queued messages. */
  people: number;
}

export interface RetentionResult {
  /** Programmes ending before this date are due. */
  cutoff: string;
  dryRun: boolean;
  programmes: ErasedProgramme[];
}

/** The last end date that is due: `days` whole days before today (UTC). */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

class DryRunRollback extends Error {}

/**
 * Removes the personal data of every programme that ended before the cutoff and was not yet cleaned.
 * Given a transaction (a scheduled job's), each programme runs in a savepoint of it.
 */
export async function applyRetention(db: Executor, options: RetentionOptions): Promise<RetentionResult> {
  const cutoff = retentionCutoff(options.now, options.days);
  const due = await db
    .select({ id: programmes.id })
    .from(programmes)
    .where(and(isNotNull(programmes.endsOn), lt(programmes.endsOn, cutoff), sql`not (${programmes.settings} ? ${ERASED_SETTING})`))
    .orderBy(programmes.id);
  const result: RetentionResult = { cutoff, dryRun: options.dryRun === true, programmes: [] };
  for (const { id } of due) {
    // One transaction per programme: a failure leaves the others done and this one untouched.
    try {
      await db.transaction(async (tx) => {
        const erased = await eraseProgramme(tx as Tx, id, cutoff, options.now);
        if (erased) result.programmes.push(erased);
        if (options.dryRun) throw new DryRunRollback();
      });
    } catch (error) {
      if (!(error instanceof DryRunRollback)) throw error;
    }
  }
  return result;
}

async function eraseProgramme(tx: Tx, programmeId: number, cutoff: string, now: Date): Promise<ErasedProgramme | undefined> {
  // The row lock makes a second instance running the same job wait, then skip the programme.
  const [programme] = await tx.select().from(programmes).where(eq(programmes.id, programmeId)).for('no key update');
  if (!programme?.endsOn || ERASED_SETTING in programme.settings) return undefined;

  const members = await tx.select({ id: memberships.id, personId: memberships.personId }).from(memberships).where(eq(memberships.programmeId, programmeId));
  const membershipIds = members.map((m) => m.id);
  const deletedResponses =
    membershipIds.length === 0 ? [] : await tx.delete(responses).where(inArray(responses.membershipId, membershipIds)).returning({ id: responses.id });
  await tx.update(consents).set({ parentName: null, parentContact: null }).where(eq(consents.programmeId, programmeId));

  // The pairs' free texts go (clearPairTexts); their states, dates, meetings and ratings stay for the reports.
  const pairIds = (await tx.select({ id: pairs.id }).from(pairs).where(eq(pairs.programmeId, programmeId))).map((p) => p.id);
  await clearPairTexts(tx, pairIds);
  // And every other audit entry of the programme that may hold someone's words.
  await tx
    .update(auditLog)
    .set({ details: auditDetailsWithoutTexts })
    .where(and(eq(auditLog.programmeId, programmeId), auditDetailsHaveTexts));

  // A person is anonymised only when every programme they belong to is due, and they coordinate nothing.
  const personIds = [...new Set(members.map((m) => m.personId))];
  const otherMemberships = tx
    .select({ one: sql`1` })
    .from(memberships)
    .innerJoin(programmes, eq(programmes.id, memberships.programmeId))
    .where(
      and(
        eq(memberships.personId, people.id),
        sql`not (${programmes.endsOn} is not null and ${programmes.endsOn} < ${cutoff})`,
      ),
    );
  const activeCoordinator = tx
    .select({ one: sql`1` })
    .from(coordinators)
    .where(and(eq(coordinators.personId, people.id), isNull(coordinators.revokedAt)));
  const leaving =
    personIds.length === 0
      ? []
      : (
          await tx
            .select({ id: people.id })
            .from(people)
            .where(and(inArray(people.id, personIds), notExists(otherMemberships), notExists(activeCoordinator)))
        ).map((p) => p.id);
  if (leaving.length > 0) {
    await tx.update(people).set({ fullName: null, erasedAt: sql`coalesce(${people.erasedAt}, ${now.toISOString()}::timestamptz)` }).where(inArray(people.id, leaving));
    await tx.delete(identities).where(inArray(identities.personId, leaving));
    await tx.delete(linkCodes).where(inArray(linkCodes.personId, leaving));
    await tx.delete(flowStates).where(inArray(flowStates.personId, leaving));
    await tx.delete(outbox).where(inArray(outbox.personId, leaving));
  }

  await tx
    .update(programmes)
    .set({ settings: sql`${programmes.settings} || ${JSON.stringify({ [ERASED_SETTING]: now.toISOString() })}::jsonb` })
    .where(eq(programmes.id, programmeId));
  await recordAudit(tx, {
    programmeId,
    actorPersonId: null,
    action: 'retention.erase',
    details: { endsOn: programme.endsOn, cutoff, responses: deletedResponses.length, people: leaving.length },
    now,
  });
  return { id: programme.id, name: programme.name, endsOn: programme.endsOn, responses: deletedResponses.length, people: leaving.length };
}
