// After a meeting: did it happen, a rating 1–5, what was done, the next step. After the pair's
// first meeting, whether the pair fits (not a good fit alerts the curator). The monthly pulse and
// the "did you get in touch?" nudge are answered here too.
import { z } from 'zod';
import { fitValues, hasAnsweredFit, progressValues, recordFeedback, type FitValue } from '../../src/meetings/feedback';
import { findMeeting, meetingsOfPair, startCheckin, updateCheckin } from '../../src/meetings/meetings';
import { curatorsOfProgramme, memberOf, othersIn, pairTitle, type PairContext } from '../../src/meetings/pair-access';
import type { Conversation, Flow } from '../context';
import type { InboundEvent } from '../events';
import { button, enterStep, finishStep, flowNames, namesOf, pairOfMember, refuse, stale, stepData, textAnswer, tr } from './common';
import { curatorAlert, fitQuestion, proposeAgain } from './messages';

export const SUMMARY_MAX = 500;
export const NEXT_STEP_MAX = 300;

const checkinStep = z.object({
  meetingId: z.number().int(),
  pairId: z.number().int(),
  membershipId: z.number().int(),
  step: z.enum(['rating', 'summary', 'next']),
});
type CheckinStep = z.output<typeof checkinStep>;

function ask(ctx: Conversation, data: CheckinStep): void {
  switch (data.step) {
    case 'rating':
      ctx.reply(ctx.t('checkin-ask-rating'), [[1, 2, 3, 4, 5].map((r) => button(String(r), `ci-r${r}`, data.meetingId))]);
      return;
    case 'summary':
      ctx.reply(ctx.t('checkin-ask-summary', { max: SUMMARY_MAX }));
      return;
    case 'next':
      ctx.reply(ctx.t('checkin-ask-next', { max: NEXT_STEP_MAX }), [[button(ctx.t('meeting-button-skip'), 'ci-skip', data.meetingId)]]);
      return;
  }
}

async function answerHappened(ctx: Conversation, meetingId: number, happened: boolean): Promise<void> {
  const result = await startCheckin(ctx.tx, { meetingId, personId: ctx.person.id, happened, now: ctx.now });
  if (!result.ok) return refuse(ctx, result.error);
  const { meeting, pair, member } = result.value;
  if (!happened) {
    ctx.toast(ctx.t('checkin-saved'));
    const text = ctx.t('checkin-not-happened', { role: member.role });
    if (member.role === 'mentor') ctx.send(proposeAgain(tr(ctx), text, pair.pairId));
    else ctx.reply(text);
    return;
  }
  const data: CheckinStep = { meetingId: meeting.id, pairId: pair.pairId, membershipId: member.membershipId, step: 'rating' };
  enterStep(ctx, flowNames.checkin, data);
  ask(ctx, data);
}

/** The step the person is in when a check-in button of this meeting is pressed; otherwise stale. */
function currentStep(ctx: Conversation, step: CheckinStep['step'], meetingId: number): CheckinStep | undefined {
  const parsed = ctx.state.flow === flowNames.checkin ? checkinStep.safeParse(ctx.state.data) : undefined;
  if (!parsed?.success || parsed.data.step !== step || parsed.data.meetingId !== meetingId) {
    stale(ctx);
    return undefined;
  }
  return parsed.data;
}

function save(ctx: Conversation, data: CheckinStep): void {
  ctx.state = { flow: flowNames.checkin, data: { ...ctx.state.data, ...data } };
}

/** The check-in is complete: thanks, and after the pair's first meeting the fit question. */
async function complete(ctx: Conversation, data: CheckinStep): Promise<void> {
  finishStep(ctx);
  ctx.reply(ctx.t('checkin-thanks'));
  const pair = await pairOfMember(ctx, data.pairId);
  const meeting = await findMeeting(ctx.tx, data.meetingId);
  if (!pair || !meeting || meeting.status !== 'held') return;
  const held = await meetingsOfPair(ctx.tx, pair.pairId, ['held']);
  const first = held[0];
  if (first?.id !== meeting.id || (await hasAnsweredFit(ctx.tx, pair.pairId, data.membershipId))) return;
  ctx.send(fitQuestion(tr(ctx), { pairId: pair.pairId, with: namesOf(othersIn(pair, ctx.person.id)) }));
}

async function answerFit(ctx: Conversation, pair: PairContext, value: FitValue): Promise<void> {
  const member = memberOf(pair, ctx.person.id);
  if (!member) return refuse(ctx);
  await recordFeedback(ctx.tx, { pairId: pair.pairId, membershipId: member.membershipId, kind: 'fit', value, now: ctx.now });
  ctx.toast(ctx.t('checkin-saved'));
  ctx.reply(ctx.t('fit-answer', { value }));
  if (value !== 'bad') return;
  const name = ctx.person.fullName ?? '—';
  for (const curator of await curatorsOfProgramme(ctx.tx, pair.programmeId)) {
    ctx.notify(curator, (t) => curatorAlert(t, t('fit-curator-alert', { name, role: member.role, pair: pairTitle(pair) }), pair.pairId));
  }
}

async function answerPulse(ctx: Conversation, pair: PairContext, mood: number): Promise<void> {
  const member = memberOf(pair, ctx.person.id);
  if (!member) return refuse(ctx);
  await recordFeedback(ctx.tx, { pairId: pair.pairId, membershipId: member.membershipId, kind: 'pulse', value: String(mood), now: ctx.now });
  ctx.toast(ctx.t('checkin-saved'));
  ctx.reply(ctx.t('pulse-ask-progress'), [
    progressValues.map((v) => button(ctx.t('pulse-progress', { value: v }), `prog-${v}`, pair.pairId)),
  ]);
  if (mood > 2) return;
  const name = ctx.person.fullName ?? '—';
  for (const curator of await curatorsOfProgramme(ctx.tx, pair.programmeId)) {
    ctx.notify(curator, (t) => curatorAlert(t, t('pulse-curator-alert', { name, mood, pair: pairTitle(pair) }), pair.pairId));
  }
}

async function answerProgress(ctx: Conversation, pair: PairContext, value: string): Promise<void> {
  const member = memberOf(pair, ctx.person.id);
  if (!member) return refuse(ctx);
  await recordFeedback(ctx.tx, { pairId: pair.pairId, membershipId: member.membershipId, kind: 'progress', value, now: ctx.now });
  ctx.toast(ctx.t('checkin-saved'));
  ctx.reply(ctx.t('pulse-thanks'));
}

/** "Did you get in touch with your mentor?" — "not yet" tells the mentor to make the first step. */
async function answerContact(ctx: Conversation, pair: PairContext, inTouch: boolean): Promise<void> {
  if (inTouch) {
    ctx.reply(ctx.t('nudge-answer-yes'));
    return;
  }
  ctx.reply(ctx.t('nudge-answer-no'));
  const name = ctx.person.fullName ?? '—';
  for (const mentor of pair.members.filter((m) => m.role === 'mentor' && m.personId !== ctx.person.id)) {
    ctx.notify(mentor.personId, (t) => proposeAgain(t, t('nudge-mentor', { name }), pair.pairId));
  }
}

/** Check-in, fit, pulse and nudge buttons: act:meetings:<action>:<id>. */
export async function checkinAction(ctx: Conversation, action: string, id: number): Promise<boolean> {
  if (action === 'ci-yes' || action === 'ci-no') {
    await answerHappened(ctx, id, action === 'ci-yes');
    return true;
  }
  const rating = /^ci-r([1-5])$/.exec(action);
  if (rating) {
    const data = currentStep(ctx, 'rating', id);
    if (!data) return true;
    await updateCheckin(ctx.tx, { meetingId: data.meetingId, membershipId: data.membershipId, patch: { rating: Number(rating[1]) } });
    const next: CheckinStep = { ...data, step: 'summary' };
    save(ctx, next);
    ask(ctx, next);
    return true;
  }
  if (action === 'ci-skip') {
    const data = currentStep(ctx, 'next', id);
    if (data) await complete(ctx, data);
    return true;
  }
  const fit = /^fit-(good|deciding|bad)$/.exec(action);
  const pulse = /^pulse-([1-5])$/.exec(action);
  const progress = /^prog-(yes|some|no)$/.exec(action);
  const contact = /^contact-(yes|no)$/.exec(action);
  if (!fit && !pulse && !progress && !contact) return false;
  const pair = await pairOfMember(ctx, id);
  if (!pair) return true;
  const fitValue = fitValues.find((v) => v === fit?.[1]);
  if (fitValue) await answerFit(ctx, pair, fitValue);
  else if (pulse) await answerPulse(ctx, pair, Number(pulse[1]));
  else if (progress?.[1]) await answerProgress(ctx, pair, progress[1]);
  else if (contact) await answerContact(ctx, pair, contact[1] === 'yes');
  return true;
}

async function handle(ctx: Conversation, event: InboundEvent): Promise<void> {
  const data = stepData(ctx, checkinStep);
  if (!data) return;
  if (data.step === 'rating') {
    if (event.kind === 'unsupported') ctx.reply(ctx.t('answer-error-unsupported'));
    else if (event.kind === 'text') ctx.reply(ctx.t('checkin-error-rating'));
    return ask(ctx, data);
  }
  const max = data.step === 'summary' ? SUMMARY_MAX : NEXT_STEP_MAX;
  if (event.kind !== 'text' && event.kind !== 'unsupported') return ask(ctx, data);
  const text = textAnswer(ctx, event, max);
  if (text === undefined) return ask(ctx, data);
  if (data.step === 'summary') {
    await updateCheckin(ctx.tx, { meetingId: data.meetingId, membershipId: data.membershipId, patch: { summary: text } });
    const next: CheckinStep = { ...data, step: 'next' };
    save(ctx, next);
    ask(ctx, next);
    return;
  }
  await updateCheckin(ctx.tx, { meetingId: data.meetingId, membershipId: data.membershipId, patch: { nextStep: text } });
  await complete(ctx, data);
}

export const checkinFlow: Flow = {
  name: flowNames.checkin,
  async resume(ctx) {
    const data = stepData(ctx, checkinStep);
    if (data) ask(ctx, data);
  },
  handle,
};
