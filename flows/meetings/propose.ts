// Proposing a meeting, by buttons with a typed date or time where buttons do not fit: one time, two
// or three for the other side to pick from, or a weekly schedule; then online or in person and a
// topic. The same steps move a scheduled meeting to a new time.
import { z } from 'zod';
import { meetingFormats, type MeetingFormatKind } from '../../db/schema';
import { findMeeting, MAX_SLOTS, proposeMeeting, rescheduleMeeting, TOPIC_MAX } from '../../src/meetings/meetings';
import { othersIn, type PairContext } from '../../src/meetings/pair-access';
import { proposeSchedule } from '../../src/meetings/schedules';
import {
  dayFromNumber,
  dayToNumber,
  formatDayButton,
  futureInstant,
  localToday,
  parseDay,
  parseTime,
  timeFromNumber,
  timeText,
  upcomingDays,
  weekdayName,
  type LocalDay,
  type LocalTime,
} from '../../src/meetings/time';
import type { Conversation, Flow } from '../context';
import type { InboundEvent } from '../events';
import { button, choosePair, enterStep, finishStep, flowNames, namesOf, pairOfMember, planner, refuse, stale, stepData, textAnswer, when, tr } from './common';
import { meetingDetails, proposalMessage, scheduleDetails, scheduleProposalMessage } from './messages';

const proposeStep = z.object({
  pairId: z.number().int(),
  mode: z.enum(['single', 'slots', 'weekly', 'move']),
  step: z.enum(['mode', 'day', 'time', 'more', 'weekday', 'format', 'topic']),
  /** The meeting being moved (mode 'move'). */
  meetingId: z.number().int().optional(),
  /** The chosen day, yyyymmdd. */
  day: z.number().int().optional(),
  weekday: z.number().int().min(1).max(7).optional(),
  /** Weekly: HH:MM. */
  time: z.string().optional(),
  /** Chosen instants (ISO), one per offered slot. */
  times: z.array(z.string()).default([]),
  format: z.enum(meetingFormats).optional(),
});
type ProposeStep = z.output<typeof proposeStep>;

/** Times offered as buttons; any other is typed. */
const TIME_BUTTONS = ['09:00', '10:00', '12:00', '14:00', '15:00', '16:00', '17:00', '18:00', '19:00'];
const DAY_BUTTONS = 7;

function rows<T>(items: T[], perRow: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += perRow) out.push(items.slice(i, i + perRow));
  return out;
}

function save(ctx: Conversation, data: ProposeStep): void {
  ctx.state = { flow: flowNames.propose, data: { ...ctx.state.data, ...data } };
}

function ask(ctx: Conversation, data: ProposeStep, pair: PairContext): void {
  const id = data.pairId;
  switch (data.step) {
    case 'mode':
      ctx.reply(ctx.t('meeting-ask-mode'), [
        [button(ctx.t('meeting-mode-single'), 'mode-single', id)],
        [button(ctx.t('meeting-mode-slots'), 'mode-slots', id)],
        [button(ctx.t('meeting-mode-weekly'), 'mode-weekly', id)],
      ]);
      return;
    case 'day': {
      const days = upcomingDays(ctx.now, pair.timezone, DAY_BUTTONS);
      const key = data.mode === 'slots' ? 'meeting-ask-slot-day' : data.mode === 'move' ? 'meeting-ask-move-day' : 'meeting-ask-day';
      ctx.reply(
        ctx.t(key, { n: data.times.length + 1, max: MAX_SLOTS }),
        rows(
          days.map((day, i) => button(i === 0 ? ctx.t('meeting-today') : i === 1 ? ctx.t('meeting-tomorrow') : formatDayButton(day, ctx.locale), 'day', dayToNumber(day))),
          4,
        ),
      );
      return;
    }
    case 'weekday':
      ctx.reply(
        ctx.t('meeting-ask-weekday'),
        rows([1, 2, 3, 4, 5, 6, 7].map((d) => button(weekdayName(d, ctx.locale, 'short'), 'wday', d)), 4),
      );
      return;
    case 'time': {
      const day = data.day === undefined ? undefined : dayFromNumber(data.day);
      const options = TIME_BUTTONS.filter((text) => {
        const time = parseTime(text);
        return time.ok && (data.mode === 'weekly' || !day || futureInstant(day, time.value, pair.timezone, ctx.now).ok);
      });
      ctx.reply(
        ctx.t('meeting-ask-time'),
        rows(
          options.map((text) => button(text, 'time', Number(text.replace(':', '')))),
          3,
        ),
      );
      return;
    }
    case 'more':
      ctx.reply(ctx.t('meeting-ask-more', { n: data.times.length }), [
        [button(ctx.t('meeting-button-more'), 'more-add', id), button(ctx.t('meeting-button-enough'), 'more-done', id)],
      ]);
      return;
    case 'format':
      ctx.reply(ctx.t('meeting-ask-format'), [[button(ctx.t('meeting-format-online'), 'fmt-online', id), button(ctx.t('meeting-format-in-person'), 'fmt-in_person', id)]]);
      return;
    case 'topic':
      ctx.reply(ctx.t('meeting-ask-topic', { max: TOPIC_MAX }), [[button(ctx.t('meeting-button-no-topic'), 'notopic', id)]]);
      return;
  }
}

/** Starts proposing a meeting in this pair. */
export async function startProposal(ctx: Conversation, pair: PairContext): Promise<void> {
  const data: ProposeStep = { pairId: pair.pairId, mode: 'single', step: 'mode', times: [] };
  enterStep(ctx, flowNames.propose, data);
  ask(ctx, data, pair);
}

/** /meeting: the pair (asked when there are several), then the proposal. */
export async function meetingCommand(ctx: Conversation): Promise<void> {
  const pair = await choosePair(ctx, 'new');
  if (pair) await startProposal(ctx, pair);
}

/** Starts moving a scheduled meeting (a reminder's "reschedule"). */
export async function startMove(ctx: Conversation, meetingId: number): Promise<void> {
  const meeting = await findMeeting(ctx.tx, meetingId);
  const pair = meeting ? await pairOfMember(ctx, meeting.pairId) : undefined;
  if (!meeting) refuse(ctx);
  if (!meeting || !pair) return;
  if (meeting.status !== 'scheduled' && meeting.status !== 'proposed') {
    refuse(ctx, 'meeting-error-not-scheduled');
    return;
  }
  const data: ProposeStep = { pairId: pair.pairId, mode: 'move', meetingId, step: 'day', times: [] };
  enterStep(ctx, flowNames.propose, data);
  ask(ctx, data, pair);
}

/** The step the person is in when a step button is pressed; otherwise the button is stale. */
async function currentStep(ctx: Conversation, steps: ProposeStep['step'][], pairId?: number): Promise<{ data: ProposeStep; pair: PairContext } | undefined> {
  const parsed = ctx.state.flow === flowNames.propose ? proposeStep.safeParse(ctx.state.data) : undefined;
  if (!parsed?.success || !steps.includes(parsed.data.step) || (pairId !== undefined && parsed.data.pairId !== pairId)) {
    stale(ctx);
    return undefined;
  }
  const pair = await pairOfMember(ctx, parsed.data.pairId);
  if (!pair) finishStep(ctx);
  return pair ? { data: parsed.data, pair } : undefined;
}

async function chooseDay(ctx: Conversation, data: ProposeStep, pair: PairContext, day: LocalDay): Promise<void> {
  const next: ProposeStep = { ...data, step: 'time', day: dayToNumber(day) };
  save(ctx, next);
  ask(ctx, next, pair);
}

async function chooseTime(ctx: Conversation, data: ProposeStep, pair: PairContext, time: LocalTime): Promise<void> {
  if (data.mode === 'weekly') {
    const next: ProposeStep = { ...data, step: 'format', time: timeText(time) };
    save(ctx, next);
    ask(ctx, next, pair);
    return;
  }
  const day = data.day === undefined ? undefined : dayFromNumber(data.day);
  if (!day) {
    const back: ProposeStep = { ...data, step: 'day' };
    save(ctx, back);
    ask(ctx, back, pair);
    return;
  }
  const instant = futureInstant(day, time, pair.timezone, ctx.now);
  if (!instant.ok) {
    ctx.reply(ctx.t(instant.error));
    ask(ctx, data, pair);
    return;
  }
  const iso = instant.value.toISOString();
  if (data.times.includes(iso)) {
    ctx.reply(ctx.t('meeting-error-same-slot'));
    const back: ProposeStep = { ...data, step: 'day' };
    save(ctx, back);
    ask(ctx, back, pair);
    return;
  }
  const times = [...data.times, iso];
  if (data.mode === 'move') {
    await finishMove(ctx, { ...data, times }, pair, instant.value);
    return;
  }
  let step: ProposeStep['step'] = 'format';
  if (data.mode === 'slots' && times.length < 2) step = 'day';
  else if (data.mode === 'slots' && times.length < MAX_SLOTS) step = 'more';
  const next: ProposeStep = { ...data, times, step };
  save(ctx, next);
  if (data.mode === 'slots') ctx.reply(ctx.t('meeting-slot-added', { n: times.length, when: when(tr(ctx), instant.value, pair.timezone) }));
  ask(ctx, next, pair);
}

async function finish(ctx: Conversation, data: ProposeStep, pair: PairContext, topic: string | null): Promise<void> {
  const format: MeetingFormatKind = data.format ?? 'online';
  const others = othersIn(pair, ctx.person.id);
  const proposer = ctx.person.fullName ?? '—';
  if (data.mode === 'weekly') {
    const time = data.time ?? '';
    if (data.weekday === undefined || !time) return restart(ctx, data, pair);
    const result = await proposeSchedule(ctx.tx, { pair, personId: ctx.person.id, weekday: data.weekday, time, format, topic, now: ctx.now });
    finishStep(ctx);
    if (!result.ok) return refuse(ctx, result.error);
    ctx.reply(`${ctx.t('schedule-proposed', { names: namesOf(others) })}\n${scheduleDetails(tr(ctx), result.value)}`);
    for (const other of others) ctx.notify(other.personId, (t) => scheduleProposalMessage(t, { proposer, schedule: result.value }));
    return;
  }
  const times = data.times.map((iso) => new Date(iso));
  if (times.length === 0) return restart(ctx, data, pair);
  const result = await proposeMeeting(ctx.tx, planner(ctx), { pair, personId: ctx.person.id, times, format, topic, now: ctx.now });
  if (!result.ok) {
    // A chosen time passed while the person was typing the topic: choose again, the rest is kept.
    ctx.reply(ctx.t(result.error));
    return restart(ctx, data, pair);
  }
  finishStep(ctx);
  const { meeting, slots } = result.value;
  const summary =
    slots.length > 0
      ? slots.map((s) => `• ${when(tr(ctx), s.startsAt, pair.timezone)}`).join('\n')
      : meetingDetails(tr(ctx), meeting, pair.timezone);
  ctx.reply(`${ctx.t(slots.length > 0 ? 'meeting-proposed-slots' : 'meeting-proposed', { names: namesOf(others) })}\n${summary}`);
  for (const other of others) ctx.notify(other.personId, (t) => proposalMessage(t, { proposer, meeting, slots, zone: pair.timezone }));
}

async function finishMove(ctx: Conversation, data: ProposeStep, pair: PairContext, startsAt: Date): Promise<void> {
  if (data.meetingId === undefined) return restart(ctx, data, pair);
  const result = await rescheduleMeeting(ctx.tx, planner(ctx), { meetingId: data.meetingId, personId: ctx.person.id, startsAt, now: ctx.now });
  finishStep(ctx);
  if (!result.ok) return refuse(ctx, result.error);
  const { meeting } = result.value;
  const others = othersIn(pair, ctx.person.id);
  const proposer = ctx.person.fullName ?? '—';
  ctx.reply(`${ctx.t('meeting-move-sent', { names: namesOf(others) })}\n${meetingDetails(tr(ctx), meeting, pair.timezone)}`);
  for (const other of others) ctx.notify(other.personId, (t) => proposalMessage(t, { proposer, meeting, slots: [], zone: pair.timezone, lead: 'moved' }));
}

/** Back to the first step of the proposal, keeping the mode. */
function restart(ctx: Conversation, data: ProposeStep, pair: PairContext): void {
  const next: ProposeStep = { ...data, step: data.mode === 'weekly' ? 'weekday' : 'day', times: [], day: undefined };
  save(ctx, next);
  ask(ctx, next, pair);
}

/** Proposal buttons: act:meetings:<action>:<id>. Returns false for an action that is not a proposal's. */
export async function proposeAction(ctx: Conversation, action: string, id: number): Promise<boolean> {
  switch (action) {
    case 'start':
      await meetingCommand(ctx);
      return true;
    case 'new': {
      const pair = await pairOfMember(ctx, id);
      if (pair) await startProposal(ctx, pair);
      return true;
    }
    case 'move':
      await startMove(ctx, id);
      return true;
    case 'mode-single':
    case 'mode-slots':
    case 'mode-weekly': {
      const found = await currentStep(ctx, ['mode'], id);
      if (!found) return true;
      const mode = action === 'mode-single' ? 'single' : action === 'mode-slots' ? 'slots' : 'weekly';
      const next: ProposeStep = { ...found.data, mode, step: mode === 'weekly' ? 'weekday' : 'day', times: [] };
      save(ctx, next);
      ask(ctx, next, found.pair);
      return true;
    }
    case 'day': {
      const found = await currentStep(ctx, ['day']);
      if (!found) return true;
      const day = dayFromNumber(id);
      if (!day || dayToNumber(day) < dayToNumber(localToday(ctx.now, found.pair.timezone))) {
        ctx.reply(ctx.t('meeting-error-date-past'));
        ask(ctx, found.data, found.pair);
        return true;
      }
      await chooseDay(ctx, found.data, found.pair, day);
      return true;
    }
    case 'wday': {
      const found = await currentStep(ctx, ['weekday']);
      if (!found) return true;
      if (id < 1 || id > 7) {
        stale(ctx);
        return true;
      }
      const next: ProposeStep = { ...found.data, step: 'time', weekday: id };
      save(ctx, next);
      ask(ctx, next, found.pair);
      return true;
    }
    case 'time': {
      const found = await currentStep(ctx, ['time']);
      const time = timeFromNumber(id);
      if (!found) return true;
      if (!time) {
        stale(ctx);
        return true;
      }
      await chooseTime(ctx, found.data, found.pair, time);
      return true;
    }
    case 'more-add':
    case 'more-done': {
      const found = await currentStep(ctx, ['more'], id);
      if (!found) return true;
      const next: ProposeStep = { ...found.data, step: action === 'more-add' ? 'day' : 'format' };
      save(ctx, next);
      ask(ctx, next, found.pair);
      return true;
    }
    case 'fmt-online':
    case 'fmt-in_person': {
      const found = await currentStep(ctx, ['format'], id);
      if (!found) return true;
      const next: ProposeStep = { ...found.data, step: 'topic', format: action === 'fmt-online' ? 'online' : 'in_person' };
      save(ctx, next);
      ask(ctx, next, found.pair);
      return true;
    }
    case 'notopic': {
      const found = await currentStep(ctx, ['topic'], id);
      if (found) await finish(ctx, found.data, found.pair, null);
      return true;
    }
    default:
      return false;
  }
}

async function handle(ctx: Conversation, event: InboundEvent): Promise<void> {
  const data = stepData(ctx, proposeStep);
  if (!data) return;
  const pair = await pairOfMember(ctx, data.pairId);
  if (!pair) {
    finishStep(ctx);
    return;
  }
  if (event.kind === 'unsupported') {
    ctx.reply(ctx.t('answer-error-unsupported'));
    return ask(ctx, data, pair);
  }
  if (event.kind !== 'text') return ask(ctx, data, pair);
  switch (data.step) {
    case 'day': {
      const parsed = parseDay(event.text, ctx.now, pair.timezone);
      if (!parsed.ok) {
        ctx.reply(ctx.t(parsed.error));
        return ask(ctx, data, pair);
      }
      return chooseDay(ctx, data, pair, parsed.value);
    }
    case 'time': {
      const parsed = parseTime(event.text);
      if (!parsed.ok) {
        ctx.reply(ctx.t(parsed.error));
        return ask(ctx, data, pair);
      }
      return chooseTime(ctx, data, pair, parsed.value);
    }
    case 'topic': {
      const topic = textAnswer(ctx, event, TOPIC_MAX);
      if (topic === undefined) return ask(ctx, data, pair);
      return finish(ctx, data, pair, topic);
    }
    default:
      ctx.reply(ctx.t('answer-error-use-buttons'));
      return ask(ctx, data, pair);
  }
}

export const proposeFlow: Flow = {
  name: flowNames.propose,
  async resume(ctx) {
    const data = stepData(ctx, proposeStep);
    if (!data) return;
    const pair = await pairOfMember(ctx, data.pairId);
    if (!pair) {
      finishStep(ctx);
      return;
    }
    ask(ctx, data, pair);
  },
  handle,
};
