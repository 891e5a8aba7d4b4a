// The end of term as a daily scheduled job: a programme whose last day (ends_on) has passed in its
// organisation's time zone is finished the way the curator's /finish does it, both sides of its
// completed pairs are asked for the reflection and its curators are told, all queued in the outbox
// inside the claimed job's transaction. One job per day (its key names the day) and finishing leaves
// a finished programme alone, so any number of instances end each programme once.
import { and, asc, eq, isNotNull, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Executor } from '../../db/client';
import { organisations, programmes } from '../../db/schema';
import type { OutboundMessage } from '../../flows/events';
import { defaultLocale, type I18n } from '../i18n';
import { queueMessageFor, scheduleJob } from '../jobs/jobs';
import type { JobHandler, NewJob, Translate } from '../jobs/types';
import { DEFAULT_TIMEZONE } from '../programmes/programmes';
import { COMPLETION_STAGE, curatorsOfProgramme, finishProgramme, queueReflectionRequests, type ReflectionRequest } from './completion';

export const TERM_END_JOB_KIND = 'reports.term-end';

/**
 * The hour (UTC) the daily run is due. Its messages go to people, children among them, so it runs in
 * the daytime: 06:00 UTC is 09:00 in Moscow, 08:00 in Kaliningrad, 18:00 in Kamchatka, and already
 * the next calendar day in every Russian time zone.
 */
const RUN_HOUR_UTC = 6;

/** The first run after `now`: the next 06:00 UTC. */
export function nextTermEndRun(now: Date): Date {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), RUN_HOUR_UTC));
  if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
  return next;
}

/** The job of the next daily run; scheduling it twice changes nothing (same key). */
export function termEndJob(now: Date): NewJob {
  const dueAt = nextTermEndRun(now);
  return { kind: TERM_END_JOB_KIND, key: `reports:term-end:${dueAt.toISOString().slice(0, 10)}`, dueAt };
}

/** At start: the next run is scheduled unless it already is (by another instance, or by the last run). */
export function scheduleTermEnd(db: Executor, now: Date): Promise<boolean> {
  return scheduleJob(db, termEndJob(now));
}

/** Whether the programme's last day (`endsOn`, 'YYYY-MM-DD') is over at `now` in the organisation's time zone. */
export function termHasEnded(endsOn: string, timezone: string, now: Date): boolean {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  // A zone luxon does not know (entered before zones were checked) counts as the default one.
  const today = (local.isValid ? local : DateTime.fromJSDate(now, { zone: DEFAULT_TIMEZONE })).toISODate();
  return today !== null && today > endsOn;
}

export interface ProgrammePastTerm {
  id: number;
  name: string;
  endsOn: string;
}

/** Programmes not finished yet whose term is over at `now`. */
export async function programmesPastTerm(db: Executor, now: Date): Promise<ProgrammePastTerm[]> {
  // No zone is more than a day ahead of UTC: a term that ended anywhere ended before tomorrow (UTC).
  const tomorrowUtc = DateTime.fromJSDate(now, { zone: 'utc' }).plus({ days: 1 }).toISODate() ?? '';
  const rows = await db
    .select({ id: programmes.id, name: programmes.name, endsOn: programmes.endsOn, timezone: organisations.timezone })
    .from(programmes)
    .innerJoin(organisations, eq(organisations.id, programmes.organisationId))
    .where(and(isNotNull(programmes.endsOn), lt(programmes.endsOn, tomorrowUtc), lt(programmes.stage, COMPLETION_STAGE)))
    .orderBy(asc(programmes.id));
  return rows.flatMap((r) => (r.endsOn !== null && termHasEnded(r.endsOn, r.timezone, now) ? [{ id: r.id, name: r.name, endsOn: r.endsOn }] : []));
}

/** What the curators are told about a programme finished at the end of its term. */
export interface TermEnded {
  programmeId: number;
  programme: string;
  endsOn: string;
  completedPairs: number;
  closedProposals: number;
  peopleAsked: number;
}

/** The chat texts of the job, written by the flow layer (flows/reports/completion.ts). */
export interface TermEndMessages {
  reflectionRequest(t: Translate, request: ReflectionRequest): OutboundMessage;
  curatorNotice(t: Translate, ended: TermEnded): OutboundMessage;
}

/** Finishes every programme whose term is over, queues the reflection requests and tells the curators. */
export async function finishProgrammesPastTerm(tx: Executor, input: { now: Date; i18n: I18n; messages: TermEndMessages }): Promise<TermEnded[]> {
  const { now, i18n, messages } = input;
  const ended: TermEnded[] = [];
  for (const programme of await programmesPastTerm(tx, now)) {
    const result = await finishProgramme(tx, {
      programmeId: programme.id,
      actorPersonId: null,
      now,
      reason: i18n.t(defaultLocale, 'reports-term-end-reason'),
      unlessFinished: true,
    });
    if (!result.finished) continue;
    const peopleAsked = await queueReflectionRequests(tx, i18n, { targets: result.targets, programme: programme.name, now, build: messages.reflectionRequest });
    const notice: TermEnded = {
      programmeId: programme.id,
      programme: programme.name,
      endsOn: programme.endsOn,
      completedPairs: result.completed.length,
      closedProposals: result.closedProposals,
      peopleAsked,
    };
    for (const personId of await curatorsOfProgramme(tx, programme.id)) {
      await queueMessageFor(tx, i18n, { personId, dedupeKey: `term-end:${programme.id}:${personId}`, build: (t) => messages.curatorNotice(t, notice), notBefore: now });
    }
    ended.push(notice);
  }
  return ended;
}

/** The handler for the scheduler's map: `{ [TERM_END_JOB_KIND]: createTermEndJobHandler(termEndMessages) }`. */
export function createTermEndJobHandler(messages: TermEndMessages): JobHandler {
  return async (ctx) => {
    const ended = await finishProgrammesPastTerm(ctx.tx, { now: ctx.now, i18n: ctx.deps.i18n, messages });
    if (ended.length > 0) {
      ctx.deps.logger.info({ programmes: ended.map((e) => ({ id: e.programmeId, pairs: e.completedPairs, asked: e.peopleAsked })) }, 'term end: programmes finished');
    }
    await ctx.schedule(termEndJob(ctx.now));
  };
}
