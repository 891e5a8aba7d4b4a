// The mentee and mentor bases: filtered by status (joined, questionnaire done, ready mentor, paired,
// unpaired), paged with buttons; a participant's card with their answers, their pairs, the mentor
// readiness marks (stage 4) and, for a mentee without a pair, pairing by hand.
import { findResponsesOfMembership } from '../../db/queries/questionnaires';
import type { CuratorScope } from '../../src/curators/access';
import { baseFilters, participantCard, participantPage, type BaseFilter } from '../../src/curators/participants';
import { pairsOfMembership, takenMentees } from '../../src/pairs/pairs';
import { loadAnswers } from '../../src/questionnaires/responses';
import type { Conversation } from '../context';
import type { Button } from '../events';
import { encodePayload } from '../payload';
import { formatAnswer, resolveOptions } from '../questionnaire-view';
import { curatorPayload } from './actions';

/** Filters offered for each base: readiness is a mentor's mark. */
const filtersOf = (role: 'mentee' | 'mentor'): BaseFilter[] => baseFilters.filter((f) => role === 'mentor' || f !== 'ready');

export async function showBase(
  ctx: Conversation,
  scope: CuratorScope,
  input: { role: 'mentee' | 'mentor'; filter: BaseFilter; page: number; edit: boolean },
): Promise<void> {
  const { role, filter, page, edit } = input;
  const result = await participantPage(ctx.tx, { programmeId: scope.programmeId, role, page, filter });
  const filterRows: Button[][] = [];
  const filters = filtersOf(role);
  for (let i = 0; i < filters.length; i += 3) {
    filterRows.push(
      filters.slice(i, i + 3).map((f) => ({
        label: `${f === filter ? '• ' : ''}${ctx.t('curator-filter', { filter: f })}`,
        payload: curatorPayload({ kind: 'base', role, filter: f, page: 0 }, scope.programmeId),
      })),
    );
  }
  if (result.total === 0) {
    const text = filter === 'all' ? ctx.t('curator-base-empty', { role }) : ctx.t('curator-base-empty-filter', { role, filter: ctx.t('curator-filter', { filter }) });
    ctx.reply(text, filter === 'all' ? undefined : filterRows, { edit });
    return;
  }
  const rows: Button[][] = result.rows.map((r) => [
    {
      label: `${r.fullName ?? ctx.t('curator-no-name')} · ${ctx.t(`status-${r.status}`)}${r.readiness ? ` · ${ctx.t(`readiness-${r.readiness}`)}` : ''}`,
      payload: encodePayload('card', r.membershipId),
    },
  ]);
  const nav: Button[] = [];
  if (page > 0) nav.push({ label: '⬅️', payload: curatorPayload({ kind: 'base', role, filter, page: page - 1 }, scope.programmeId) });
  if (page + 1 < result.pages) nav.push({ label: '➡️', payload: curatorPayload({ kind: 'base', role, filter, page: page + 1 }, scope.programmeId) });
  if (nav.length > 0) rows.push(nav);
  rows.push(...filterRows);
  const title = ctx.t('curator-base-title', { role, total: result.total, page: page + 1, pages: result.pages });
  ctx.reply(filter === 'all' ? title : `${title}\n${ctx.t('curator-base-filtered', { filter: ctx.t('curator-filter', { filter }) })}`, rows, { edit });
}

/** A participant's card; the caller has checked that the presser curates the membership's programme. */
export async function showCard(ctx: Conversation, scope: CuratorScope, membershipId: number): Promise<void> {
  const card = await participantCard(ctx.tx, membershipId);
  if (!card || card.membership.programmeId !== scope.programmeId) {
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
  // The person's pairs, newest first: each opens the pair's card.
  for (const pair of await pairsOfMembership(ctx.tx, membershipId)) {
    rows.push([{ label: ctx.t('curator-card-pair-button', { id: pair.id, status: pair.status }), payload: curatorPayload({ kind: 'pair' }, pair.id) }]);
  }
  const { role, status } = card.membership;
  if (role === 'mentee' && status === 'questionnaire_done' && (await takenMentees(ctx.tx, [membershipId])).size === 0) {
    rows.push([{ label: ctx.t('curator-button-find-mentor'), payload: encodePayload('mentorsfor', membershipId) }]);
  }
  if (role === 'mentor') {
    rows.push(
      (['interviewed', 'trained', 'ready'] as const).map((level) => ({
        label: `${card.membership.readiness === level ? '✅ ' : ''}${ctx.t(`readiness-${level}`)}`,
        payload: encodePayload('ready', membershipId, level),
      })),
    );
  }
  rows.push([{ label: ctx.t('curator-button-back'), payload: curatorPayload({ kind: 'base', role: role === 'mentor' ? 'mentor' : 'mentee', filter: 'all', page: 0 }, scope.programmeId) }]);
  ctx.reply(lines.join('\n'), rows);
}
