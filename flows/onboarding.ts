// Joining a programme: invite code -> consent to personal data -> age -> (under 14) the parent's
// name, contact and confirmation -> enrolment -> the intake questionnaire.
// Nothing personal is stored until consent is given; a refusal removes the person entirely.
import { z } from 'zod';
import { listMembershipsOfPerson } from '../db/queries/memberships';
import { roles } from '../db/schema';
import { checkInvite, normaliseInviteCode } from '../src/invites/invites';
import { enrol } from '../src/participants/enrolment';
import type { Conversation, Flow } from './context';
import type { InboundEvent } from './events';
import { decodePayload, encodePayload } from './payload';
import { startQuestionnaire } from './questionnaire';

const PARENT_NAME_MAX = 100;
const PARENT_CONTACT_MAX = 100;

/** The flow's state in flow_states (exported for the consistency checks of the reliability tests). */
export const dataSchema = z.object({
  step: z.enum(['consent', 'age', 'parent_name', 'parent_contact', 'parent_confirm']),
  code: z.string(),
  role: z.enum(roles),
  programme: z.string(),
  organisation: z.string(),
  parentName: z.string().optional(),
  parentContact: z.string().optional(),
});
type OnboardingData = z.infer<typeof dataSchema>;

export function looksLikeInviteCode(text: string): boolean {
  return normaliseInviteCode(text) !== undefined;
}

/** `/start CODE`, a pasted link or a typed code. */
export async function beginOnboarding(ctx: Conversation, rawCode: string): Promise<void> {
  const code = normaliseInviteCode(rawCode);
  if (!code) {
    ctx.reply(ctx.t('invite-unknown'));
    return;
  }
  const check = await checkInvite(ctx.tx, code, ctx.now);
  if (!check.ok) {
    ctx.reply(ctx.t(check.error));
    return;
  }
  const memberships = await listMembershipsOfPerson(ctx.tx, ctx.person.id);
  const same = memberships.find(
    (m) => m.membership.programmeId === check.invite.programmeId && m.membership.role === check.invite.role,
  );
  if (same) {
    ctx.reply(ctx.t('invite-already-member', { programme: same.programmeName }));
    await resumeParticipant(ctx);
    return;
  }
  const data: OnboardingData = {
    step: 'consent',
    code,
    role: check.invite.role,
    programme: check.programme.name,
    organisation: check.organisation.name,
  };
  ctx.enter(onboardingFlow.name, data);
  ctx.reply(ctx.t('invite-accepted', { programme: data.programme, organisation: data.organisation, role: data.role }));
  ask(ctx, data);
}

/** `/start` with no code: continue whatever is unfinished, or explain what the bot is. */
export async function resumeParticipant(ctx: Conversation): Promise<void> {
  const memberships = await listMembershipsOfPerson(ctx.tx, ctx.person.id);
  const unfinished = memberships.find((m) => m.membership.role !== 'curator' && m.membership.status === 'consented');
  if (unfinished) {
    await startQuestionnaire(ctx, unfinished.membership);
    return;
  }
  if (memberships.length === 0) {
    ctx.reply(ctx.t('welcome'));
    return;
  }
  ctx.reply(
    ctx.t('welcome-back', {
      programmes: memberships.map((m) => `«${m.programmeName}»`).join(', '),
      count: memberships.length,
    }),
  );
}

function ask(ctx: Conversation, data: OnboardingData): void {
  switch (data.step) {
    case 'consent':
      ctx.reply(ctx.t('consent-text', { organisation: data.organisation, programme: data.programme }), [
        [{ label: ctx.t('consent-agree'), payload: encodePayload('consent', 'yes') }],
        [{ label: ctx.t('consent-decline'), payload: encodePayload('consent', 'no') }],
      ]);
      return;
    case 'age':
      ctx.reply(ctx.t('age-question'), [
        [{ label: ctx.t('age-over14'), payload: encodePayload('age', 'over14') }],
        [{ label: ctx.t('age-under14'), payload: encodePayload('age', 'under14') }],
      ]);
      return;
    case 'parent_name':
      ctx.reply(ctx.t('parent-name-question', { max: PARENT_NAME_MAX }));
      return;
    case 'parent_contact':
      ctx.reply(ctx.t('parent-contact-question', { max: PARENT_CONTACT_MAX }));
      return;
    case 'parent_confirm':
      ctx.reply(
        ctx.t('consent-parent-text', {
          organisation: data.organisation,
          programme: data.programme,
          parent: data.parentName ?? '',
        }),
        [
          [{ label: ctx.t('parent-confirm-yes'), payload: encodePayload('parent', 'yes') }],
          [{ label: ctx.t('parent-confirm-no'), payload: encodePayload('parent', 'no') }],
        ],
      );
      return;
  }
}

async function finish(ctx: Conversation, data: OnboardingData): Promise<void> {
  const parent =
    data.parentName && data.parentContact ? { parentName: data.parentName, parentContact: data.parentContact } : undefined;
  const result = await enrol(ctx.tx, {
    personId: ctx.person.id,
    inviteCode: data.code,
    consentVersion: ctx.t('consent-text-version'),
    parent,
    now: ctx.now,
  });
  ctx.leave();
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  if (result.membership.role === 'curator') {
    ctx.reply(ctx.t('curator-welcome', { programme: data.programme, organisation: data.organisation }));
    return;
  }
  ctx.reply(ctx.t('consent-recorded'));
  await startQuestionnaire(ctx, result.membership);
}

function refuse(ctx: Conversation): void {
  ctx.leave();
  ctx.reply(ctx.t('consent-declined'));
}

/** Text answers of the parent steps, with their bounds. */
function parentText(ctx: Conversation, text: string, max: number, contact: boolean): string | undefined {
  const value = text.trim();
  if (value.length === 0) {
    ctx.reply(ctx.t('answer-error-empty'));
    return undefined;
  }
  if ([...value].length > max) {
    ctx.reply(ctx.t('answer-error-too-long', { max, length: [...value].length }));
    return undefined;
  }
  if (contact && !/(\d[\d\s()+-]{5,}\d)|(\S+@\S+\.\S+)/.test(value)) {
    ctx.reply(ctx.t('parent-contact-invalid'));
    return undefined;
  }
  return value;
}

async function handle(ctx: Conversation, event: InboundEvent): Promise<void> {
  const parsed = dataSchema.safeParse(ctx.state.data);
  if (!parsed.success) {
    ctx.leave();
    ctx.reply(ctx.t('flow-reset'));
    return;
  }
  const data = parsed.data;
  const payload = event.kind === 'button' ? decodePayload(event.payload) : undefined;

  switch (data.step) {
    case 'consent':
      if (payload?.action === 'consent') {
        if (payload.args[0] === 'no') return refuseAndForget(ctx);
        if (data.role === 'curator') return finish(ctx, data);
        return next(ctx, { ...data, step: 'age' });
      }
      break;
    case 'age':
      if (payload?.action === 'age') {
        if (payload.args[0] === 'over14') return finish(ctx, data);
        return next(ctx, { ...data, step: 'parent_name' });
      }
      break;
    case 'parent_name':
      if (event.kind === 'text') {
        const value = parentText(ctx, event.text, PARENT_NAME_MAX, false);
        if (value) return next(ctx, { ...data, parentName: value, step: 'parent_contact' });
        return ask(ctx, data);
      }
      break;
    case 'parent_contact':
      if (event.kind === 'text') {
        const value = parentText(ctx, event.text, PARENT_CONTACT_MAX, true);
        if (value) return next(ctx, { ...data, parentContact: value, step: 'parent_confirm' });
        return ask(ctx, data);
      }
      break;
    case 'parent_confirm':
      if (payload?.action === 'parent') {
        if (payload.args[0] === 'no') return refuseAndForget(ctx);
        return finish(ctx, data);
      }
      break;
  }
  // Anything else: say what is expected and ask the same question again.
  if (event.kind === 'button') {
    ctx.toast(ctx.t('button-stale'));
    ctx.reply(ctx.t('button-stale'));
  } else if (event.kind === 'unsupported') {
    ctx.reply(ctx.t('answer-error-unsupported'));
  } else if (data.step === 'consent' || data.step === 'age' || data.step === 'parent_confirm') {
    ctx.reply(ctx.t('answer-error-use-buttons'));
  }
  ask(ctx, data);
}

function next(ctx: Conversation, data: OnboardingData): void {
  ctx.enter(onboardingFlow.name, data);
  ask(ctx, data);
}

/** Declining consent: nothing personal is kept; a person with no programme is removed entirely. */
async function refuseAndForget(ctx: Conversation): Promise<void> {
  refuse(ctx);
  const memberships = await listMembershipsOfPerson(ctx.tx, ctx.person.id);
  if (memberships.length === 0) ctx.forgetPerson();
}

export const onboardingFlow: Flow = {
  name: 'onboarding',
  async resume(ctx) {
    const parsed = dataSchema.safeParse(ctx.state.data);
    if (!parsed.success) {
      ctx.leave();
      await resumeParticipant(ctx);
      return;
    }
    ask(ctx, parsed.data);
  },
  handle,
};
