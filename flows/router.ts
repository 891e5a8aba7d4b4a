// Routes one event: global commands first (/start, /cancel, /language, /help, /forget), then the
// person's current flow, then what an idle person may send (an invite code).
import { setPersonLocale } from '../db/queries/people';
import { isLocale } from '../src/i18n';
import type { Conversation, Flow } from './context';
import type { InboundEvent } from './events';
import { consentWithdrawalFlow } from './consent-withdrawal';
import { curatorButton } from './curator/console';
import { linkCommand } from './linking';
import { answerProposal, pairDeclineFlow } from './pair-confirmation';
import { looksLikeLinkCode } from '../src/participants/linking';
import { onboardingFlow, beginOnboarding, resumeParticipant, looksLikeInviteCode } from './onboarding';
import { decodePayload, encodePayload } from './payload';
import { questionnaireFlow } from './questionnaire';
import { chatModules, findCommand, findModule } from './modules';

const flows: Record<string, Flow> = {
  [onboardingFlow.name]: onboardingFlow,
  [questionnaireFlow.name]: questionnaireFlow,
  [consentWithdrawalFlow.name]: consentWithdrawalFlow,
  [pairDeclineFlow.name]: pairDeclineFlow,
};
for (const module of chatModules) {
  for (const flow of module.flows ?? []) {
    if (flows[flow.name]) throw new Error(`flow ${flow.name} registered twice`);
    flows[flow.name] = flow;
  }
}

export async function route(ctx: Conversation, event: InboundEvent): Promise<void> {
  if (ctx.chatType === 'group') {
    if (event.kind === 'command') ctx.reply(ctx.t('group-chat-not-supported'));
    return;
  }
  const current = ctx.state.flow ? flows[ctx.state.flow] : undefined;
  if (ctx.state.flow && !current) ctx.leave(); // a flow removed in a newer version: start afresh

  if (event.kind === 'command') return command(ctx, event.name, event.args, current);

  if (event.kind === 'button') {
    const payload = decodePayload(event.payload);
    if (payload?.action === 'lang') return changeLanguage(ctx, payload.args[0], current);
    if (payload?.action === 'act') {
      const module = findModule(payload.args[0]);
      if (module?.act) return module.act(ctx, payload.args[1], payload.args[2]);
    }
    if (payload && (await curatorButton(ctx, payload))) return;
    if (payload?.action === 'pair') return answerProposal(ctx, payload.args[0], payload.args[1]);
    if (!payload) {
      ctx.toast(ctx.t('button-invalid'));
      ctx.reply(ctx.t('button-invalid'));
      if (current) await current.resume(ctx);
      return;
    }
  }

  if (current) return current.handle(ctx, event);

  // Idle: a typed or pasted invite code starts onboarding.
  if (event.kind === 'text' && looksLikeInviteCode(event.text)) return beginOnboarding(ctx, event.text);
  if (event.kind === 'text' && looksLikeLinkCode(event.text)) return linkCommand(ctx, event.text);
  if (event.kind === 'button') {
    // A button of a paused or finished conversation: say so, then show where things stand.
    ctx.toast(ctx.t('button-stale-idle'));
    ctx.reply(ctx.t('button-stale-idle'));
    if (ctx.state.data.paused) await resumeParticipant(ctx);
    return;
  }
  ctx.reply(ctx.t('idle-hint'));
}

async function command(ctx: Conversation, name: string, args: string, current: Flow | undefined): Promise<void> {
  switch (name) {
    case 'start':
      if (args.trim()) return beginOnboarding(ctx, args);
      if (current) return current.resume(ctx);
      return resumeParticipant(ctx);
    case 'cancel':
      if (!current) {
        ctx.reply(ctx.t('cancel-nothing'));
        return;
      }
      // The flow's data is kept aside so a half-built selection survives until the next /start.
      ctx.state = { flow: null, data: { paused: { flow: current.name, data: ctx.state.data } } };
      ctx.reply(ctx.t(current.name === 'onboarding' ? 'cancel-onboarding' : 'cancel-saved'));
      return;
    case 'language':
      ctx.reply(ctx.t('language-choose'), [
        [
          { label: 'Русский', payload: encodePayload('lang', 'ru') },
          { label: 'English', payload: encodePayload('lang', 'en') },
        ],
      ]);
      return;
    case 'help':
      ctx.reply(ctx.t('help-participant'));
      for (const module of chatModules) {
        for (const section of module.help ?? []) if (await section.shownTo(ctx)) ctx.reply(ctx.t(section.key));
      }
      return;
    case 'link':
      return linkCommand(ctx, args);
    case 'forget':
      ctx.enter(consentWithdrawalFlow.name, {});
      return consentWithdrawalFlow.resume(ctx);
    default: {
      const registered = findCommand(name);
      if (registered) return registered.run(ctx, args, current);
      ctx.reply(ctx.t('command-unknown'));
      if (current) await current.resume(ctx);
    }
  }
}

async function changeLanguage(ctx: Conversation, locale: string, current: Flow | undefined): Promise<void> {
  if (!isLocale(locale)) return;
  ctx.locale = locale;
  await setPersonLocale(ctx.tx, ctx.person.id, locale);
  ctx.toast(ctx.t('language-changed'));
  ctx.reply(ctx.t('language-changed'));
  if (current) await current.resume(ctx);
}
