// Answering a proposal (accept, pick a slot, ask for another time with a short note), a reminder's
// buttons (I'll be there, cancel) and the participant's list of meetings.
import { z } from 'zod';
import type { MeetingSchedule } from '../../db/schema';
import type { Translate } from '../../src/jobs/types';
import {
  acceptMeeting,
  cancelMeeting,
  declineProposal,
  findMeeting,
  findSlot,
  recentMeetings,
  slotsOf,
  upcomingMeetingFor,
  upcomingMeetings,
  type MeetingInPair,
} from '../../src/meetings/meetings';
import { activePairsOfPerson, othersIn, type PairContext } from '../../src/meetings/pair-access';
import { acceptSchedule, activeSchedulesOf, declineSchedule, stopSchedule } from '../../src/meetings/schedules';
import type { Conversation, Flow } from '../context';
import type { Button, InboundEvent } from '../events';
import { button, enterStep, finishStep, flowNames, namesOf, pairOfMember, planner, refuse, stale, stepData, textAnswer, when, tr } from './common';
import { meetingDetails, proposeAgain, scheduleDetails } from './messages';

const COUNTER_NOTE_MAX = 300;
const counterStep = z.object({ pairId: z.number().int(), proposerId: z.number().int() });

function scheduledNotice(ctx: Conversation, found: MeetingInPair): void {
  const { meeting, pair } = found;
  const others = othersIn(pair, ctx.person.id);
  ctx.reply(`${ctx.t('meeting-scheduled', { names: namesOf(others) })}\n${meetingDetails(tr(ctx), meeting, pair.timezone)}`);
  const name = ctx.person.fullName ?? '—';
  for (const other of others) {
    ctx.notify(other.personId, (t) => ({ text: `${t('meeting-accepted-other', { name })}\n${meetingDetails(t, meeting, pair.timezone)}` }));
  }
}

async function accept(ctx: Conversation, meetingId: number, slotId: number | null): Promise<void> {
  const result = await acceptMeeting(ctx.tx, planner(ctx), { meetingId, slotId, personId: ctx.person.id, now: ctx.now });
  if (!result.ok) return refuse(ctx, result.error);
  ctx.toast(ctx.t('meeting-toast-accepted'));
  scheduledNotice(ctx, result.value);
}

/** "Another time": the proposal closes, the proposer is asked to offer again, and the person may add a note. */
async function askOtherTime(ctx: Conversation, meetingId: number): Promise<void> {
  const before = await findMeeting(ctx.tx, meetingId);
  const result = await declineProposal(ctx.tx, planner(ctx), { meetingId, personId: ctx.person.id, now: ctx.now });
  if (!result.ok) return refuse(ctx, result.error);
  const { pair, meeting } = result.value;
  const name = ctx.person.fullName ?? '—';
  const proposerId = before?.proposedByPersonId ?? null;
  for (const other of othersIn(pair, ctx.person.id)) {
    ctx.notify(other.personId, (t) =>
      other.personId === proposerId
        ? proposeAgain(t, t('meeting-other-time-proposer', { name, when: when(t, meeting.startsAt, pair.timezone) }), pair.pairId)
        : { text: t('meeting-other-time-member', { name }) },
    );
  }
  if (proposerId === null) {
    ctx.reply(ctx.t('meeting-other-time-sent'));
    return;
  }
  enterStep(ctx, flowNames.counter, { pairId: pair.pairId, proposerId });
  ctx.reply(ctx.t('meeting-ask-counter', { max: COUNTER_NOTE_MAX }), [[button(ctx.t('meeting-button-skip'), 'counter-skip', pair.pairId)]]);
}

async function acceptWeekly(ctx: Conversation, scheduleId: number): Promise<void> {
  const result = await acceptSchedule(ctx.tx, planner(ctx), { scheduleId, personId: ctx.person.id, now: ctx.now });
  if (!result.ok) return refuse(ctx, result.error);
  const { schedule, pair, first } = result.value;
  const others = othersIn(pair, ctx.person.id);
  const name = ctx.person.fullName ?? '—';
  ctx.toast(ctx.t('meeting-toast-accepted'));
  ctx.reply(`${ctx.t('schedule-accepted', { names: namesOf(others), first: when(tr(ctx), first.startsAt, pair.timezone) })}\n${scheduleDetails(tr(ctx), schedule)}`);
  for (const other of others) {
    ctx.notify(other.personId, (t) => ({
      text: `${t('schedule-accepted-other', { name, first: when(t, first.startsAt, pair.timezone) })}\n${scheduleDetails(t, schedule)}`,
    }));
  }
}

async function declineWeekly(ctx: Conversation, scheduleId: number): Promise<void> {
  const result = await declineSchedule(ctx.tx, { scheduleId, personId: ctx.person.id, now: ctx.now });
  if (!result.ok) return refuse(ctx, result.error);
  const { pair, schedule } = result.value;
  const name = ctx.person.fullName ?? '—';
  for (const other of othersIn(pair, ctx.person.id)) {
    ctx.notify(other.personId, (t) =>
      other.personId === schedule.proposedByPersonId
        ? proposeAgain(t, t('schedule-declined-proposer', { name }), pair.pairId)
        : { text: t('meeting-other-time-member', { name }) },
    );
  }
  enterStep(ctx, flowNames.counter, { pairId: pair.pairId, proposerId: schedule.proposedByPersonId ?? 0 });
  ctx.reply(ctx.t('meeting-ask-counter', { max: COUNTER_NOTE_MAX }), [[button(ctx.t('meeting-button-skip'), 'counter-skip', pair.pairId)]]);
}

/** A reminder's "I'll be there": the others are told. */
async function confirm(ctx: Conversation, meetingId: number): Promise<void> {
  const result = await upcomingMeetingFor(ctx.tx, { meetingId, personId: ctx.person.id, now: ctx.now });
  if (!result.ok) return refuse(ctx, result.error);
  const { meeting, pair } = result.value;
  ctx.toast(ctx.t('meeting-confirmed'));
  ctx.reply(ctx.t('meeting-confirmed'));
  const name = ctx.person.fullName ?? '—';
  for (const other of othersIn(pair, ctx.person.id)) {
    ctx.notify(other.personId, (t) => ({ text: t('meeting-confirmed-other', { name, when: when(t, meeting.startsAt, pair.timezone) }) }));
  }
}

async function askCancel(ctx: Conversation, meetingId: number): Promise<void> {
  const meeting = await findMeeting(ctx.tx, meetingId);
  const pair = meeting ? await pairOfMember(ctx, meeting.pairId) : undefined;
  if (!meeting) refuse(ctx);
  if (!meeting || !pair) return;
  if (meeting.status !== 'scheduled' && meeting.status !== 'proposed') return refuse(ctx, 'meeting-error-not-scheduled');
  ctx.reply(ctx.t('meeting-ask-cancel', { when: when(tr(ctx), meeting.startsAt, pair.timezone) }), [
    [button(ctx.t('meeting-button-cancel-yes'), 'cancel-yes', meeting.id), button(ctx.t('meeting-button-cancel-no'), 'cancel-no', meeting.id)],
  ]);
}

async function cancel(ctx: Conversation, meetingId: number): Promise<void> {
  const result = await cancelMeeting(ctx.tx, planner(ctx), { meetingId, personId: ctx.person.id, now: ctx.now });
  if (!result.ok) return refuse(ctx, result.error);
  const { meeting, pair } = result.value;
  const name = ctx.person.fullName ?? '—';
  ctx.toast(ctx.t('meeting-cancelled'));
  ctx.reply(ctx.t('meeting-cancelled-you', { when: when(tr(ctx), meeting.startsAt, pair.timezone) }));
  for (const other of othersIn(pair, ctx.person.id)) {
    const text = (t: Translate) => t('meeting-cancelled-other', { name, when: when(t, meeting.startsAt, pair.timezone) });
    ctx.notify(other.personId, (t) => (other.role === 'mentor' ? proposeAgain(t, text(t), pair.pairId) : { text: text(t) }));
  }
}

async function stopWeekly(ctx: Conversation, scheduleId: number): Promise<void> {
  const result = await stopSchedule(ctx.tx, planner(ctx), { scheduleId, personId: ctx.person.id, now: ctx.now });
  if (!result.ok) return refuse(ctx, result.error);
  const { pair } = result.value;
  const name = ctx.person.fullName ?? '—';
  ctx.reply(ctx.t('schedule-stopped-you'));
  for (const other of othersIn(pair, ctx.person.id)) ctx.notify(other.personId, (t) => ({ text: t('schedule-stopped-other', { name }) }));
}

/** A meeting's card from the list: details and what can be done with it. */
async function meetingCard(ctx: Conversation, meetingId: number): Promise<void> {
  const meeting = await findMeeting(ctx.tx, meetingId);
  const pair = meeting ? await pairOfMember(ctx, meeting.pairId) : undefined;
  if (!meeting) refuse(ctx);
  if (!meeting || !pair) return;
  const text = `${ctx.t('meeting-card', { status: meeting.status, names: namesOf(othersIn(pair, ctx.person.id)) })}\n${meetingDetails(tr(ctx), meeting, pair.timezone)}`;
  const open = (meeting.status === 'scheduled' || meeting.status === 'proposed') && meeting.startsAt > ctx.now;
  const buttons: Button[][] = open ? [[button(ctx.t('meeting-button-move'), 'move', meeting.id), button(ctx.t('meeting-button-cancel'), 'cancel', meeting.id)]] : [];
  if (open && meeting.status === 'proposed' && meeting.proposedByPersonId !== ctx.person.id) {
    const slots = await slotsOf(ctx.tx, meeting.id);
    buttons.unshift(
      ...(slots.length > 0
        ? slots.map((s) => [button(when(tr(ctx), s.startsAt, pair.timezone), 'slot', s.id)])
        : [[button(ctx.t('meeting-button-accept'), 'accept', meeting.id), button(ctx.t('meeting-button-other-time'), 'other', meeting.id)]]),
    );
  }
  ctx.reply(text, buttons);
}

const LIST_UPCOMING = 6;
const LIST_RECENT = 5;

/** /meetings: what is ahead, the weekly schedule and the latest meetings, in every pair of the person. */
export async function listMeetings(ctx: Conversation): Promise<void> {
  const pairs = await activePairsOfPerson(ctx.tx, ctx.person.id);
  if (pairs.length === 0) {
    ctx.reply(ctx.t('pairwork-no-pair'));
    return;
  }
  const byId = new Map(pairs.map((p) => [p.pairId, p]));
  const ids = pairs.map((p) => p.pairId);
  const upcoming = (await upcomingMeetings(ctx.tx, ids, ctx.now)).slice(0, LIST_UPCOMING);
  const recent = await recentMeetings(ctx.tx, ids, ctx.now, LIST_RECENT);
  const schedules = await activeSchedulesOf(ctx.tx, ids);
  const withWhom = (pair: PairContext | undefined) => (pair ? namesOf(othersIn(pair, ctx.person.id)) : '—');
  const line = (m: { startsAt: Date; status: string; pairId: number; format: string }) => {
    const pair = byId.get(m.pairId);
    const status = m.status === 'scheduled' && m.startsAt <= ctx.now ? 'unreported' : m.status;
    return ctx.t('meetings-list-line', { when: when(tr(ctx), m.startsAt, pair?.timezone ?? 'Europe/Moscow'), names: withWhom(pair), status, format: m.format });
  };
  const scheduleLine = (s: MeetingSchedule) => `• ${scheduleDetails(tr(ctx), s).split('\n')[0] ?? ''} — ${withWhom(byId.get(s.pairId))}`;
  const sections = [ctx.t('meetings-list-title')];
  sections.push(upcoming.length > 0 ? [ctx.t('meetings-list-upcoming'), ...upcoming.map(line)].join('\n') : ctx.t('meetings-list-none-upcoming'));
  if (schedules.length > 0) sections.push([ctx.t('meetings-list-weekly'), ...schedules.map(scheduleLine)].join('\n'));
  if (recent.length > 0) sections.push([ctx.t('meetings-list-recent'), ...recent.map(line)].join('\n'));
  const buttons: Button[][] = upcoming.map((m) => [button(`🗓 ${when(tr(ctx), m.startsAt, byId.get(m.pairId)?.timezone ?? 'Europe/Moscow')}`, 'card', m.id)]);
  for (const s of schedules) buttons.push([button(ctx.t('schedule-button-stop'), 'sched-stop', s.id)]);
  buttons.push([button(ctx.t('meeting-button-propose'), 'start', 0)]);
  ctx.reply(sections.join('\n\n'), buttons);
}

/** Answer and reminder buttons: act:meetings:<action>:<id>. Returns false for an action that is not one of them. */
export async function respondAction(ctx: Conversation, action: string, id: number): Promise<boolean> {
  switch (action) {
    case 'accept':
      await accept(ctx, id, null);
      return true;
    case 'slot': {
      const slot = await findSlot(ctx.tx, id);
      if (!slot) refuse(ctx);
      else await accept(ctx, slot.meetingId, slot.id);
      return true;
    }
    case 'other':
      await askOtherTime(ctx, id);
      return true;
    case 'counter-skip': {
      const data = ctx.state.flow === flowNames.counter ? counterStep.safeParse(ctx.state.data) : undefined;
      if (!data?.success || data.data.pairId !== id) {
        stale(ctx);
        return true;
      }
      finishStep(ctx);
      ctx.reply(ctx.t('meeting-other-time-sent'));
      return true;
    }
    case 'sched-accept':
      await acceptWeekly(ctx, id);
      return true;
    case 'sched-other':
      await declineWeekly(ctx, id);
      return true;
    case 'sched-stop':
      await stopWeekly(ctx, id);
      return true;
    case 'confirm':
      await confirm(ctx, id);
      return true;
    case 'cancel':
      await askCancel(ctx, id);
      return true;
    case 'cancel-yes':
      await cancel(ctx, id);
      return true;
    case 'cancel-no': {
      const meeting = await findMeeting(ctx.tx, id);
      if (!meeting) refuse(ctx);
      else if (await pairOfMember(ctx, meeting.pairId)) {
        ctx.toast(ctx.t('meeting-kept'));
        ctx.reply(ctx.t('meeting-kept'));
      }
      return true;
    }
    case 'card':
      await meetingCard(ctx, id);
      return true;
    default:
      return false;
  }
}

/** The note after "another time": passed to the proposer as it is. */
async function handleCounter(ctx: Conversation, event: InboundEvent): Promise<void> {
  const data = stepData(ctx, counterStep);
  if (!data) return;
  const ask = () => ctx.reply(ctx.t('meeting-ask-counter', { max: COUNTER_NOTE_MAX }), [[button(ctx.t('meeting-button-skip'), 'counter-skip', data.pairId)]]);
  if (event.kind !== 'text' && event.kind !== 'unsupported') return ask();
  const note = textAnswer(ctx, event, COUNTER_NOTE_MAX);
  if (note === undefined) return ask();
  const pair = await pairOfMember(ctx, data.pairId);
  finishStep(ctx);
  if (!pair) return;
  const name = ctx.person.fullName ?? '—';
  if (pair.members.some((m) => m.personId === data.proposerId)) {
    ctx.notify(data.proposerId, (t) => proposeAgain(t, t('meeting-counter-note', { name, note }), pair.pairId));
  }
  ctx.reply(ctx.t('meeting-counter-sent'));
}

export const counterFlow: Flow = {
  name: flowNames.counter,
  async resume(ctx) {
    const data = stepData(ctx, counterStep);
    if (data) ctx.reply(ctx.t('meeting-ask-counter', { max: COUNTER_NOTE_MAX }), [[button(ctx.t('meeting-button-skip'), 'counter-skip', data.pairId)]]);
  },
  handle: handleCounter,
};
