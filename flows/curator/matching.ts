// /match: suggestions for every unpaired mentee from the optimal assignment, each with its score and
// the reasons in words; the curator accepts all or some, or pairs by hand from a mentee's card.
import { assignOptimal } from '../../src/matching/assign';
import type { MatchReason } from '../../src/matching/types';
import type { CuratorScope } from '../../src/curators/access';
import { loadMatchingInput } from '../../src/pairs/profiles';
import type { Conversation } from '../context';
import type { Button } from '../events';
import { encodePayload } from '../payload';
import { proposeByCurator } from '../pair-confirmation';

const SHOWN = 15;

/** Option labels of the intake questionnaires, by option id, in the curator's language. */
export function optionLabels(ctx: Conversation): Map<string, string> {
  const labels = new Map<string, string>();
  for (const role of ['mentee', 'mentor'] as const) {
    const entry = ctx.deps.catalog.intakeFor(role);
    for (const question of entry?.definition.questions ?? []) {
      if (question.kind === 'single' || question.kind === 'multi') {
        for (const option of question.options) labels.set(option.id, ctx.t(option.label));
      }
    }
  }
  return labels;
}

export function describeReason(ctx: Conversation, reason: MatchReason, labels: Map<string, string>): string {
  const names = (ids: string[]) => ids.map((id) => labels.get(id) ?? id).join(', ');
  switch (reason.kind) {
    case 'shared-topics':
      return ctx.t('reason-shared-topics', { topics: names(reason.topics) });
    case 'shared-interests':
      return ctx.t('reason-shared-interests', { words: reason.words.join(', ') });
    case 'format-match':
      return ctx.t('reason-format-match', { format: reason.format });
    case 'format-mismatch':
      return ctx.t('reason-format-mismatch');
    case 'time-overlap':
      return ctx.t('reason-time-overlap', { slots: names(reason.slots) });
    case 'no-common-time':
      return ctx.t('reason-no-common-time');
    case 'form-match':
      return ctx.t('reason-form-match', { form: labels.get(reason.form) ?? reason.form });
    case 'spare-capacity':
      return ctx.t('reason-spare-capacity', { spare: reason.spare });
    case 'mutual-preference':
      return ctx.t('reason-mutual-preference');
    case 'mentee-prefers':
      return ctx.t('reason-mentee-prefers');
    case 'mentor-prefers':
      return ctx.t('reason-mentor-prefers');
  }
}

export async function showSuggestions(ctx: Conversation, scope: CuratorScope): Promise<void> {
  const input = await loadMatchingInput(ctx.tx, scope.programmeId);
  if (input.mentees.length === 0) {
    ctx.reply(ctx.t('match-no-mentees'));
    return;
  }
  const assignment = assignOptimal(input.mentees, input.mentors);
  const labels = optionLabels(ctx);
  const lines = [ctx.t('match-title', { pairs: assignment.pairs.length, unpaired: assignment.unassigned.length })];
  const rows: Button[][] = [];
  for (const s of assignment.pairs.slice(0, SHOWN)) {
    const mentee = input.names.get(s.menteeId) ?? '—';
    const mentor = input.names.get(s.mentorId) ?? '—';
    lines.push('', ctx.t('match-line', { mentee, mentor, score: s.score }), ...s.reasons.map((r) => `  · ${describeReason(ctx, r, labels)}`));
    rows.push([{ label: `✅ ${mentee} → ${mentor}`, payload: encodePayload('propose', s.menteeId, s.mentorId) }]);
  }
  if (assignment.pairs.length > SHOWN) lines.push('', ctx.t('match-more', { count: assignment.pairs.length - SHOWN }));
  if (assignment.unassigned.length > 0) {
    lines.push('', ctx.t('match-unassigned', { names: assignment.unassigned.map((id) => input.names.get(id) ?? '—').join(', ') }));
  }
  if (assignment.pairs.length > 1) rows.unshift([{ label: ctx.t('match-accept-all', { count: assignment.pairs.length }), payload: encodePayload('act', 'curator', 'matchall', scope.programmeId) }]);
  ctx.reply(lines.join('\n'), rows);
}

/** Accept all: the assignment is computed again now, so it reflects any change since it was shown. */
export async function acceptAll(ctx: Conversation, scope: CuratorScope): Promise<void> {
  const input = await loadMatchingInput(ctx.tx, scope.programmeId);
  const assignment = assignOptimal(input.mentees, input.mentors);
  for (const s of assignment.pairs) await proposeByCurator(ctx, scope, s.menteeId, s.mentorId, s);
  if (assignment.pairs.length === 0) ctx.reply(ctx.t('match-no-mentees'));
}
