// The scheduled side of pair work: reminders before a meeting, the check-in after it (asked again
// once), the next occurrence of a weekly schedule, the nudges, the monthly pulse, and the alerts to
// the curator about a silent or stalled pair. Each handler runs in the transaction that claimed its
// job and first checks the thing it is about still stands (a moved meeting, an ended pair).
import type { JobContext, JobHandler } from '../../src/jobs/types';
import { cancelJobs } from '../../src/jobs/jobs';
import {
  jobKinds,
  meetingPayload,
  pairJob,
  pairPayload,
  reminderPayload,
  schedulePayload,
  checkinAgainJob,
} from '../../src/meetings/job-keys';
import { findMeeting, meetingsOfPair, membersWithoutCheckin, slotsOf, type JobPlanner } from '../../src/meetings/meetings';
import { curatorsOfProgramme, loadPairContext, othersIn, pairTitle, type PairContext } from '../../src/meetings/pair-access';
import { createOccurrence, findSchedule } from '../../src/meetings/schedules';
import { pairActivity, progressVerdict, silenceVerdict } from '../../src/meetings/watch';
import { namesOf } from './common';
import { checkinQuestion, contactNudge, curatorAlert, proposalMessage, pulseQuestion, reminderMessage } from './messages';

function planner(ctx: JobContext): JobPlanner {
  return { schedule: (job) => ctx.schedule(job), cancel: (prefix) => cancelJobs(ctx.tx, prefix, ctx.now).then(() => undefined) };
}

async function activePair(ctx: JobContext, pairId: number): Promise<PairContext | undefined> {
  const pair = await loadPairContext(ctx.tx, pairId);
  return pair?.status === 'active' ? pair : undefined;
}

/** A payload that does not parse is a bug (jobs are ours): logged, and the job does nothing. */
function parse<T>(ctx: JobContext, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | undefined {
  const parsed = schema.safeParse(ctx.job.payload);
  if (!parsed.success) ctx.deps.logger.error({ jobId: ctx.job.id, kind: ctx.job.kind }, 'pair-work job payload did not parse');
  return parsed.success ? parsed.data : undefined;
}

const remind: JobHandler = async (ctx) => {
  const payload = parse(ctx, reminderPayload);
  const meeting = payload && (await findMeeting(ctx.tx, payload.meetingId));
  // A meeting moved or cancelled since: this reminder is about a time that no longer holds.
  if (!payload || !meeting || meeting.status !== 'scheduled' || meeting.startsAt.toISOString() !== payload.startsAt) return;
  // Run late (the service was down past the meeting): a reminder after the start helps no one.
  if (meeting.startsAt.getTime() <= ctx.now.getTime()) return;
  const pair = await activePair(ctx, meeting.pairId);
  if (!pair) return;
  for (const member of pair.members) {
    const others = namesOf(othersIn(pair, member.personId));
    await ctx.notify(member.personId, (t) => reminderMessage(t, { meeting, zone: pair.timezone, with: others, offsetMinutes: payload.offsetMinutes }));
  }
};

async function askCheckin(ctx: JobContext, again: boolean): Promise<void> {
  const payload = parse(ctx, meetingPayload);
  const meeting = payload && (await findMeeting(ctx.tx, payload.meetingId));
  if (!meeting || meeting.status === 'cancelled' || meeting.status === 'proposed') return;
  const pair = await activePair(ctx, meeting.pairId);
  if (!pair) return;
  const waiting = await membersWithoutCheckin(ctx.tx, meeting, pair);
  for (const member of waiting) {
    const others = namesOf(othersIn(pair, member.personId));
    await ctx.notify(member.personId, (t) => checkinQuestion(t, { meeting, zone: pair.timezone, with: others, again }));
  }
  if (!again && waiting.length > 0) {
    await ctx.schedule(checkinAgainJob(meeting.id, new Date(ctx.now.getTime() + pair.settings.checkinRepeatHours * 3_600_000)));
  }
}

/** A mentor's proposal still unanswered: the mentee gets it again with a word that the mentor waits. */
const proposalNudge: JobHandler = async (ctx) => {
  const payload = parse(ctx, meetingPayload);
  const meeting = payload && (await findMeeting(ctx.tx, payload.meetingId));
  if (!meeting || meeting.status !== 'proposed' || meeting.startsAt.getTime() <= ctx.now.getTime()) return;
  const pair = await activePair(ctx, meeting.pairId);
  const proposer = pair?.members.find((m) => m.personId === meeting.proposedByPersonId);
  if (!pair || !proposer) return;
  const slots = (await slotsOf(ctx.tx, meeting.id)).filter((s) => s.startsAt.getTime() > ctx.now.getTime());
  for (const member of othersIn(pair, proposer.personId)) {
    await ctx.notify(member.personId, (t) => proposalMessage(t, { proposer: proposer.fullName ?? '—', meeting, slots, zone: pair.timezone, lead: 'waiting' }));
  }
};

const scheduleNext: JobHandler = async (ctx) => {
  const payload = parse(ctx, schedulePayload);
  const schedule = payload && (await findSchedule(ctx.tx, payload.scheduleId));
  if (!schedule || schedule.status !== 'active') return;
  const pair = await activePair(ctx, schedule.pairId);
  if (!pair) return;
  await createOccurrence(ctx.tx, planner(ctx), schedule, pair, ctx.now, ctx.now);
};

async function alertCurators(ctx: JobContext, pair: PairContext, text: (t: Parameters<Parameters<JobContext['notify']>[1]>[0]) => string): Promise<void> {
  for (const curator of await curatorsOfProgramme(ctx.tx, pair.programmeId)) {
    await ctx.notify(curator, (t) => curatorAlert(t, text(t), pair.pairId));
  }
}

const silence: JobHandler = async (ctx) => {
  const payload = parse(ctx, pairPayload);
  const pair = payload && (await activePair(ctx, payload.pairId));
  if (!pair?.activatedAt) return;
  const verdict = silenceVerdict(await pairActivity(ctx.tx, pair.pairId, pair.activatedAt, ctx.now), pair.settings.silentWeeks, ctx.now);
  if (verdict.flag) await alertCurators(ctx, pair, (t) => t('pairwork-alert-silent', { pair: pairTitle(pair), weeks: Math.floor(verdict.days / 7), days: verdict.days }));
  await ctx.schedule(pairJob('silence', pair.pairId, verdict.nextCheckAt));
};

const progress: JobHandler = async (ctx) => {
  const payload = parse(ctx, pairPayload);
  const pair = payload && (await activePair(ctx, payload.pairId));
  if (!pair?.activatedAt) return;
  const activity = await pairActivity(ctx.tx, pair.pairId, pair.activatedAt, ctx.now);
  const verdict = progressVerdict(activity, pair.settings.noProgressDays, ctx.now);
  // A pair with no meetings at all is already reported as silent; one alert says it.
  const silent = silenceVerdict(activity, pair.settings.silentWeeks, ctx.now).flag;
  if (verdict.flag && !silent) await alertCurators(ctx, pair, (t) => t('pairwork-alert-stalled', { pair: pairTitle(pair), days: verdict.days }));
  await ctx.schedule(pairJob('progress', pair.pairId, verdict.nextCheckAt));
};

const pulse: JobHandler = async (ctx) => {
  const payload = parse(ctx, pairPayload);
  const pair = payload && (await activePair(ctx, payload.pairId));
  if (!pair) return;
  for (const member of pair.members) {
    const others = namesOf(othersIn(pair, member.personId));
    await ctx.notify(member.personId, (t) => pulseQuestion(t, { pairId: pair.pairId, with: others }));
  }
  await ctx.schedule(pairJob('pulse', pair.pairId, new Date(ctx.now.getTime() + pair.settings.pulseDays * 86_400_000)));
};

/** A mentee who has neither met nor answered their mentor: "did you get in touch?". */
const contactNudgeHandler: JobHandler = async (ctx) => {
  const payload = parse(ctx, pairPayload);
  const pair = payload && (await activePair(ctx, payload.pairId));
  if (!pair) return;
  const meetings = await meetingsOfPair(ctx.tx, pair.pairId, ['proposed', 'scheduled', 'held', 'missed']);
  if (meetings.length > 0) return; // they met or agreed, or a proposal is waiting (nudged on its own)
  const mentors = namesOf(pair.members.filter((m) => m.role === 'mentor'));
  for (const mentee of pair.members.filter((m) => m.role === 'mentee')) {
    await ctx.notify(mentee.personId, (t) => contactNudge(t, { pairId: pair.pairId, mentors }));
  }
};

export const meetingJobHandlers: Record<string, JobHandler> = {
  [jobKinds.remind]: remind,
  [jobKinds.checkin]: (ctx) => askCheckin(ctx, false),
  [jobKinds.checkinAgain]: (ctx) => askCheckin(ctx, true),
  [jobKinds.proposalNudge]: proposalNudge,
  [jobKinds.scheduleNext]: scheduleNext,
  [jobKinds.silence]: silence,
  [jobKinds.progress]: progress,
  [jobKinds.pulse]: pulse,
  [jobKinds.contactNudge]: contactNudgeHandler,
};
