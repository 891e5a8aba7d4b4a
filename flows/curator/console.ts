// The curator's console in chat: the programme card and its settings, invites, the mentee and mentor
// bases with cards and mentor readiness, pairs and groups, the preference round and matching. Every
// command and every button checks that the person curates the programme or pair concerned; anyone
// else gets a clear refusal and nothing changes.
import { z } from 'zod';
import { recordAudit } from '../../src/audit/audit';
import {
  currentCuratorScope,
  curatesMembership,
  curatesPair,
  curatesProgramme,
  type CuratorScope,
} from '../../src/curators/access';
import { setMentorReadiness } from '../../src/curators/participants';
import { createInvite, inviteLinks, listInvites, revokeInvite } from '../../src/invites/invites';
import { readyMentors } from '../../src/pairs/pairs';
import type { Conversation } from '../context';
import { proposeByCurator } from '../pair-confirmation';
import { acceptAll, showSuggestions } from './matching';
import type { Button } from '../events';
import { encodePayload, type DecodedPayload } from '../payload';
import { parseCuratorAction } from './actions';
import { showBase, showCard } from './bases';
import { askEndReason, addToPair, showAddCandidates, showPairCard, showPairs } from './pairs';
import { finishRound, showRound, startRound } from './preferences';
import { askDates, chooseStage, showForms, showProgramme, showStages, switchSelfMatching, toggleForm } from './programme';

export const curatorCommands = ['programme', 'invite', 'invites', 'mentees', 'mentors', 'match', 'pairs', 'round'] as const;
export type CuratorCommand = (typeof curatorCommands)[number];

const inviteArgs = z.object({
  role: z.enum(['mentee', 'mentor', 'curator']),
  days: z.coerce.number().int().min(1).max(365).default(30),
  uses: z.coerce.number().int().min(1).max(10_000).optional(),
});

async function scopeOrRefuse(ctx: Conversation): Promise<CuratorScope | undefined> {
  const scope = await currentCuratorScope(ctx.tx, ctx.person.id);
  if (!scope) ctx.reply(ctx.t('curator-only'));
  return scope;
}

function refuse(ctx: Conversation): void {
  ctx.reply(ctx.t('curator-only'));
}

export async function curatorCommand(ctx: Conversation, name: CuratorCommand, args: string): Promise<void> {
  const scope = await scopeOrRefuse(ctx);
  if (!scope) return;
  switch (name) {
    case 'programme':
      return showProgramme(ctx, scope);
    case 'invite':
      return makeInvite(ctx, scope, args);
    case 'invites':
      return showInvites(ctx, scope);
    case 'mentees':
      return showBase(ctx, scope, { role: 'mentee', filter: 'all', page: 0, edit: false });
    case 'mentors':
      return showBase(ctx, scope, { role: 'mentor', filter: 'all', page: 0, edit: false });
    case 'match':
      return showSuggestions(ctx, scope);
    case 'pairs':
      return showPairs(ctx, scope, 'all', 0, false);
    case 'round':
      return showRound(ctx, scope);
  }
}

/**
 * The curator module's own 'act' buttons: act:curator:<action>:<id>, where the id is the programme
 * or the pair the button is about. A replayed button of a programme or pair the presser does not
 * curate does nothing but a refusal.
 */
export async function curatorAct(ctx: Conversation, action: string, id: number): Promise<void> {
  if (!(await scopeOrRefuse(ctx))) return;
  const parsed = parseCuratorAction(action);
  const scope = !parsed
    ? undefined
    : parsed.on === 'pair'
      ? await curatesPair(ctx.tx, ctx.person.id, id)
      : await curatesProgramme(ctx.tx, ctx.person.id, id);
  if (!parsed || !scope) return refuse(ctx);
  switch (parsed.kind) {
    case 'matchall':
      return acceptAll(ctx, scope);
    case 'settings':
      return showProgramme(ctx, scope, true);
    case 'forms':
      return showForms(ctx, scope, true);
    case 'form':
      return toggleForm(ctx, scope, parsed.form);
    case 'stages':
      return showStages(ctx, scope);
    case 'stage':
      return chooseStage(ctx, scope, parsed.stage);
    case 'dates':
      return askDates(ctx, scope);
    case 'selfmatch':
      return switchSelfMatching(ctx, scope, parsed.enabled);
    case 'base':
      return showBase(ctx, scope, { role: parsed.role, filter: parsed.filter, page: parsed.page, edit: true });
    case 'pairs':
      return showPairs(ctx, scope, parsed.filter, parsed.page, true);
    case 'round':
      return showRound(ctx, scope, true);
    case 'roundopen':
      return startRound(ctx, scope);
    case 'roundclose':
      return finishRound(ctx, scope);
    case 'pair':
      return showPairCard(ctx, scope, id);
    case 'pairend':
      return askEndReason(ctx, scope, id);
    case 'addmentee':
      return showAddCandidates(ctx, scope, id, 'mentee');
    case 'addmentor':
      return showAddCandidates(ctx, scope, id, 'mentor');
  }
}

/** Curator buttons of their own payload kinds; returns false when the payload is not a curator action. */
export async function curatorButton(ctx: Conversation, payload: DecodedPayload): Promise<boolean> {
  switch (payload.action) {
    case 'list': {
      const scope = await scopeOrRefuse(ctx);
      if (scope) await showBase(ctx, scope, { role: payload.args[0], filter: 'all', page: payload.args[1], edit: true });
      return true;
    }
    case 'card': {
      const scope = await curatesMembership(ctx.tx, ctx.person.id, payload.args[0]);
      if (!scope) refuse(ctx);
      else await showCard(ctx, scope, payload.args[0]);
      return true;
    }
    case 'ready': {
      const [membershipId, readiness] = payload.args;
      const scope = await curatesMembership(ctx.tx, ctx.person.id, membershipId);
      if (!scope) {
        refuse(ctx);
        return true;
      }
      const done = await setMentorReadiness(ctx.tx, { membershipId, readiness, actorPersonId: ctx.person.id, programmeId: scope.programmeId, now: ctx.now });
      ctx.toast(ctx.t(done ? 'curator-readiness-saved' : 'curator-readiness-not-mentor'));
      await showCard(ctx, scope, membershipId);
      return true;
    }
    case 'revoke': {
      const scope = await scopeOrRefuse(ctx);
      if (!scope) return true;
      const code = payload.args[0].toUpperCase();
      const invites = await listInvites(ctx.tx, scope.programmeId);
      // Only invites of the curator's own programme: a replayed button of another programme changes nothing.
      if (!invites.some((i) => i.code === code)) {
        refuse(ctx);
        return true;
      }
      await revokeInvite(ctx.tx, code, ctx.now);
      await recordAudit(ctx.tx, { programmeId: scope.programmeId, actorPersonId: ctx.person.id, action: 'invite.revoke', details: { code }, now: ctx.now });
      ctx.toast(ctx.t('curator-invite-revoked', { code }));
      await showInvites(ctx, scope, true);
      return true;
    }
    case 'mentorsfor': {
      const scope = await curatesMembership(ctx.tx, ctx.person.id, payload.args[0]);
      if (!scope) refuse(ctx);
      else await showMentorsFor(ctx, scope, payload.args[0]);
      return true;
    }
    case 'propose': {
      const [menteeId, mentorId] = payload.args;
      const scope = await curatesMembership(ctx.tx, ctx.person.id, menteeId);
      if (!scope) refuse(ctx);
      else await proposeByCurator(ctx, scope, menteeId, mentorId);
      return true;
    }
    case 'member': {
      const [pairId, membershipId] = payload.args;
      const scope = await curatesPair(ctx.tx, ctx.person.id, pairId);
      if (!scope) refuse(ctx);
      else await addToPair(ctx, scope, pairId, membershipId);
      return true;
    }
    default:
      return false;
  }
}

async function showMentorsFor(ctx: Conversation, scope: CuratorScope, menteeMembershipId: number): Promise<void> {
  const mentors = await readyMentors(ctx.tx, scope.programmeId);
  if (mentors.length === 0) {
    ctx.reply(ctx.t('curator-no-ready-mentors'));
    return;
  }
  ctx.reply(
    ctx.t('curator-choose-mentor'),
    mentors.slice(0, 20).map((m) => [{ label: m.fullName ?? ctx.t('curator-no-name'), payload: encodePayload('propose', menteeMembershipId, m.membershipId) }]),
  );
}

async function makeInvite(ctx: Conversation, scope: CuratorScope, args: string): Promise<void> {
  const [role, days, uses] = args.trim().split(/\s+/);
  const parsed = inviteArgs.safeParse({ role, days: days || undefined, uses: uses || undefined });
  if (!parsed.success) {
    ctx.reply(ctx.t('curator-invite-usage'));
    return;
  }
  const invite = await createInvite(ctx.tx, {
    programmeId: scope.programmeId,
    role: parsed.data.role,
    expiresAt: new Date(ctx.now.getTime() + parsed.data.days * 86_400_000),
    maxUses: parsed.data.uses,
    createdByPersonId: ctx.person.id,
  });
  await recordAudit(ctx.tx, {
    programmeId: scope.programmeId,
    actorPersonId: ctx.person.id,
    action: 'invite.create',
    details: { code: invite.code, role: invite.role, days: parsed.data.days, uses: parsed.data.uses ?? null },
    now: ctx.now,
  });
  const links = Object.values(inviteLinks(invite.code, ctx.deps.links ?? {}));
  ctx.reply(
    ctx.t('curator-invite-created', {
      code: invite.code,
      role: invite.role,
      days: parsed.data.days,
      uses: parsed.data.uses ?? 0,
      links: links.length > 0 ? links.join('\n') : '—',
    }),
  );
}

async function showInvites(ctx: Conversation, scope: CuratorScope, edit = false): Promise<void> {
  const invites = (await listInvites(ctx.tx, scope.programmeId)).filter(
    (i) => !i.revokedAt && (!i.expiresAt || i.expiresAt > ctx.now) && (i.maxUses === null || i.uses < i.maxUses),
  );
  if (invites.length === 0) {
    ctx.reply(ctx.t('curator-invites-none'), undefined, { edit });
    return;
  }
  const lines = invites.map((i) =>
    ctx.t('curator-invite-line', { code: i.code, role: i.role, uses: i.uses, max: i.maxUses ?? 0 }),
  );
  const rows: Button[][] = invites.slice(0, 10).map((i) => [
    { label: ctx.t('curator-button-revoke', { code: i.code }), payload: encodePayload('revoke', i.code.toLowerCase()) },
  ]);
  ctx.reply([ctx.t('curator-invites-title'), ...lines].join('\n'), rows, { edit });
}
