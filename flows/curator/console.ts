// The curator's console in chat: the programme card, invites, the mentee and mentor bases with
// cards, and mentor readiness. Every command and every button checks that the person curates the
// programme concerned; anyone else gets a clear refusal and nothing changes.
import { z } from 'zod';
import { recordAudit } from '../../src/audit/audit';
import { currentCuratorScope, curatesMembership, type CuratorScope } from '../../src/curators/access';
import { participantCard, participantPage, programmeCounts, setMentorReadiness } from '../../src/curators/participants';
import { createInvite, inviteLinks, listInvites, revokeInvite } from '../../src/invites/invites';
import { loadAnswers } from '../../src/questionnaires/responses';
import { findResponsesOfMembership } from '../../db/queries/questionnaires';
import { readyMentors } from '../../src/pairs/pairs';
import type { Conversation } from '../context';
import { proposeByCurator } from '../pair-confirmation';
import { acceptAll, showSuggestions } from './matching';
import type { Button } from '../events';
import { encodePayload, type DecodedPayload } from '../payload';
import { formatAnswer, resolveOptions } from '../questionnaire-view';

export const curatorCommands = ['programme', 'invite', 'invites', 'mentees', 'mentors', 'match'] as const;

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

export function isCuratorCommand(name: string): boolean {
  return (curatorCommands as readonly string[]).includes(name);
}

export async function curatorCommand(ctx: Conversation, name: string, args: string): Promise<void> {
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
      return showPage(ctx, scope, 'mentee', 0, false);
    case 'mentors':
      return showPage(ctx, scope, 'mentor', 0, false);
    case 'match':
      return showSuggestions(ctx, scope);
  }
}

/** Curator buttons; returns false when the payload is not a curator action. */
export async function curatorButton(ctx: Conversation, payload: DecodedPayload): Promise<boolean> {
  switch (payload.action) {
    case 'list': {
      const scope = await scopeOrRefuse(ctx);
      if (scope) await showPage(ctx, scope, payload.args[0], payload.args[1], true);
      return true;
    }
    case 'card': {
      const scope = await curatesMembership(ctx.tx, ctx.person.id, payload.args[0]);
      if (!scope) ctx.reply(ctx.t('curator-only'));
      else await showCard(ctx, payload.args[0]);
      return true;
    }
    case 'ready': {
      const [membershipId, readiness] = payload.args;
      const scope = await curatesMembership(ctx.tx, ctx.person.id, membershipId);
      if (!scope) {
        ctx.reply(ctx.t('curator-only'));
        return true;
      }
      const done = await setMentorReadiness(ctx.tx, { membershipId, readiness, actorPersonId: ctx.person.id, programmeId: scope.programmeId, now: ctx.now });
      ctx.toast(ctx.t(done ? 'curator-readiness-saved' : 'curator-readiness-not-mentor'));
      await showCard(ctx, membershipId);
      return true;
    }
    case 'revoke': {
      const scope = await scopeOrRefuse(ctx);
      if (!scope) return true;
      const code = payload.args[0].toUpperCase();
      const invites = await listInvites(ctx.tx, scope.programmeId);
      // Only invites of the curator's own programme: a replayed button of another programme changes nothing.
      if (!invites.some((i) => i.code === code)) {
        ctx.reply(ctx.t('curator-only'));
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
      if (!scope) ctx.reply(ctx.t('curator-only'));
      else await showMentorsFor(ctx, scope, payload.args[0]);
      return true;
    }
    case 'propose': {
      const [menteeId, mentorId] = payload.args;
      const scope = await curatesMembership(ctx.tx, ctx.person.id, menteeId);
      if (!scope) ctx.reply(ctx.t('curator-only'));
      else await proposeByCurator(ctx, scope, menteeId, mentorId);
      return true;
    }
    case 'act': {
      if (payload.args[0] !== 'match' || payload.args[1] !== 'all') return false;
      const scope = await scopeOrRefuse(ctx);
      // The programme in the button must be the curator's own: a replayed button of another does nothing.
      if (scope && scope.programmeId === payload.args[2]) await acceptAll(ctx, scope);
      else if (scope) ctx.reply(ctx.t('curator-only'));
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

async function showProgramme(ctx: Conversation, scope: CuratorScope): Promise<void> {
  const counts = await programmeCounts(ctx.tx, scope.programmeId);
  const sum = (role: string, statuses?: string[]) =>
    counts.filter((c) => c.role === role && (!statuses || statuses.includes(c.status))).reduce((a, c) => a + c.n, 0);
  ctx.reply(
    ctx.t('curator-programme', {
      programme: scope.programmeName,
      organisation: scope.organisationName,
      mentees: sum('mentee', ['joined', 'consented', 'questionnaire_done']),
      menteesDone: sum('mentee', ['questionnaire_done']),
      mentors: sum('mentor', ['joined', 'consented', 'questionnaire_done']),
      mentorsDone: sum('mentor', ['questionnaire_done']),
    }),
    [
      [
        { label: ctx.t('curator-button-mentees'), payload: encodePayload('list', 'mentee', 0) },
        { label: ctx.t('curator-button-mentors'), payload: encodePayload('list', 'mentor', 0) },
      ],
    ],
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

async function showPage(ctx: Conversation, scope: CuratorScope, role: 'mentee' | 'mentor', page: number, edit: boolean): Promise<void> {
  const result = await participantPage(ctx.tx, { programmeId: scope.programmeId, role, page });
  if (result.total === 0) {
    ctx.reply(ctx.t('curator-base-empty', { role }), undefined, { edit });
    return;
  }
  const rows: Button[][] = result.rows.map((r) => [
    {
      label: `${r.fullName ?? ctx.t('curator-no-name')} · ${ctx.t(`status-${r.status}`)}${r.readiness ? ` · ${ctx.t(`readiness-${r.readiness}`)}` : ''}`,
      payload: encodePayload('card', r.membershipId),
    },
  ]);
  const nav: Button[] = [];
  if (page > 0) nav.push({ label: '⬅️', payload: encodePayload('list', role, page - 1) });
  if (page + 1 < result.pages) nav.push({ label: '➡️', payload: encodePayload('list', role, page + 1) });
  if (nav.length > 0) rows.push(nav);
  ctx.reply(ctx.t('curator-base-title', { role, total: result.total, page: page + 1, pages: result.pages }), rows, { edit });
}

async function showCard(ctx: Conversation, membershipId: number): Promise<void> {
  const card = await participantCard(ctx.tx, membershipId);
  if (!card) {
    ctx.reply(ctx.t('curator-only'));
    return;
  }
  const lines = [
    ctx.t('curator-card-title', { name: card.fullName ?? ctx.t('curator-no-name'), role: card.membership.role }),
    ctx.t('curator-card-status', { status: ctx.t(`status-${card.membership.status}`) }),
  ];
  if (card.membership.readiness) lines.push(ctx.t('curator-card-readiness', { readiness: ctx.t(`readiness-${card.membership.readiness}`) }));
  const responses = await findResponsesOfMembership(ctx.tx, membershipId);
  for (const { response } of responses) {
    const entry = ctx.deps.catalog.byId(response.questionnaireId);
    if (!entry) continue;
    const answers = await loadAnswers(ctx.tx, response.id);
    lines.push('', `«${ctx.t(entry.definition.title)}»`);
    for (const question of entry.definition.questions) {
      const value = answers.get(question.id);
      if (!value) continue;
      const options = resolveOptions(question, null, (k) => ctx.t(k));
      lines.push(`• ${ctx.t(question.summaryLabel ?? question.prompt)}: ${formatAnswer(question, value, options, (k) => ctx.t(k))}`);
    }
  }
  const rows: Button[][] = [];
  if (card.membership.role === 'mentee' && card.membership.status === 'questionnaire_done') {
    rows.push([{ label: ctx.t('curator-button-find-mentor'), payload: encodePayload('mentorsfor', membershipId) }]);
  }
  if (card.membership.role === 'mentor') {
    rows.push(
      (['interviewed', 'trained', 'ready'] as const).map((level) => ({
        label: `${card.membership.readiness === level ? '✅ ' : ''}${ctx.t(`readiness-${level}`)}`,
        payload: encodePayload('ready', membershipId, level),
      })),
    );
  }
  rows.push([{ label: ctx.t('curator-button-back'), payload: encodePayload('list', card.membership.role === 'mentor' ? 'mentor' : 'mentee', 0) }]);
  ctx.reply(lines.join('\n'), rows);
}

