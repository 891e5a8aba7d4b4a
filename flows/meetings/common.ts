// What every pair-work conversation shares: its buttons (act:meetings:<action>:<id>), entering and
// leaving a step without losing the conversation the person was in, the pair a command is about,
// and refusing a button that is not the presser's.
import { z } from 'zod';
import type { Translate } from '../../src/jobs/types';
import { jobPlanner } from '../../src/meetings/job-planner';
import type { JobPlanner } from '../../src/meetings/meetings';
import { activePairsOfPerson, type PairContext, type PairMemberInfo } from '../../src/meetings/pair-access';
import { formatMeetingTime } from '../../src/meetings/time';
import type { Conversation } from '../context';
import type { Button, InboundEvent } from '../events';
import { encodePayload } from '../payload';
export { textAnswer } from '../text-answer';

export const MODULE = 'meetings';

export function button(label: string, action: string, id: number): Button {
  return { label, payload: encodePayload('act', MODULE, action, id) };
}

export function planner(ctx: Conversation): JobPlanner {
  return jobPlanner(ctx.tx, ctx.now);
}

/** The person's translator as a plain function (ctx.t needs its `this`). */
export function tr(ctx: Conversation): Translate {
  return (key, args) => ctx.t(key, args);
}

/** The language tag a text was written in, for dates inside it. */
export function localeOf(t: Translate): string {
  return t('meetings-locale');
}

export function when(t: Translate, instant: Date, zone: string): string {
  return formatMeetingTime(instant, zone, localeOf(t));
}

export function namesOf(members: PairMemberInfo[]): string {
  return members.map((m) => m.fullName ?? '—').join(', ');
}

const savedState = z.object({ flow: z.string().nullable(), data: z.record(z.string(), z.unknown()) });

/** This module's conversations (names of flows in flow_states). */
export const flowNames = {
  plan: 'meetings-plan',
  propose: 'meetings-propose',
  counter: 'meetings-counter',
  checkin: 'meetings-checkin',
  broadcast: 'meetings-broadcast',
} as const;
const ownFlows = new Set<string>(Object.values(flowNames));

/**
 * Starts a step of this module. A conversation the person was in (a questionnaire, a paused flow)
 * is kept aside and given back when the step ends.
 */
export function enterStep(ctx: Conversation, flow: string, data: Record<string, unknown>): void {
  const current = ctx.state;
  let previous: unknown;
  if (current.flow && ownFlows.has(current.flow)) previous = current.data.previous;
  else if (current.flow) previous = current;
  else if (Object.keys(current.data).length > 0 && !isOwnPaused(current.data.paused)) previous = current;
  ctx.enter(flow, previous ? { ...data, previous } : data);
}

/** A step of this module put aside by /cancel: a new step replaces it rather than keeping it. */
function isOwnPaused(paused: unknown): boolean {
  const parsed = savedState.safeParse(paused);
  return parsed.success && parsed.data.flow !== null && ownFlows.has(parsed.data.flow);
}

/** Ends this module's step and gives back what the person was in before it. */
export function finishStep(ctx: Conversation): void {
  const previous = savedState.safeParse(ctx.state.data.previous);
  if (previous.success) ctx.state = previous.data;
  else ctx.leave();
}

/** Reads a step's data; a state that no longer fits (an older version) ends the step. */
export function stepData<T extends z.ZodType>(ctx: Conversation, schema: T): z.output<T> | undefined {
  const parsed = schema.safeParse(ctx.state.data);
  if (parsed.success) return parsed.data;
  ctx.logger.warn({ flow: ctx.state.flow }, 'pair-work step state did not parse; step ended');
  finishStep(ctx);
  ctx.reply(ctx.t('flow-reset'));
  return undefined;
}

/** A button of someone else's pair, forged, or of a finished pair: nothing changes. */
export function refuse(ctx: Conversation, key = 'meeting-error-not-member'): void {
  ctx.toast(ctx.t(key));
  ctx.reply(ctx.t(key));
}

/** An old button of a step the person has left. */
export function stale(ctx: Conversation): void {
  ctx.toast(ctx.t('button-stale-idle'));
  ctx.reply(ctx.t('button-stale-idle'));
}

/** The person's active pair with this id, or a refusal. */
export async function pairOfMember(ctx: Conversation, pairId: number): Promise<PairContext | undefined> {
  const pair = (await activePairsOfPerson(ctx.tx, ctx.person.id)).find((p) => p.pairId === pairId);
  if (!pair) refuse(ctx);
  return pair;
}

/**
 * The pair a participant's command is about: their only active pair, or a choice of pairs (each
 * button runs `action` with the pair id). Undefined when a question was asked instead.
 */
export async function choosePair(ctx: Conversation, action: string): Promise<PairContext | undefined> {
  const pairs = await activePairsOfPerson(ctx.tx, ctx.person.id);
  if (pairs.length === 0) {
    ctx.reply(ctx.t('pairwork-no-pair'));
    return undefined;
  }
  const [only] = pairs;
  if (pairs.length === 1 && only) return only;
  ctx.reply(
    ctx.t('pairwork-choose-pair'),
    pairs.map((p) => [button(namesOf(p.members.filter((m) => m.personId !== ctx.person.id)).slice(0, 36), action, p.pairId)]),
  );
  return undefined;
}

