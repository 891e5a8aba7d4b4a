// What follows a submitted questionnaire: after the intake, an offer to answer the "before"
// satisfaction items (so the change can be shown at the end); after the reflection, the
// satisfaction questionnaire at once; after a mentee's satisfaction, the award nomination.
import { getMembershipContext } from '../../db/queries/memberships';
import type { ResponseRow } from '../../db/schema';
import { hasSubmitted, mentorsOfMentee, openQuestionnaire } from '../../src/reports/completion';
import { satisfactionKeys } from '../../src/reports/summary';
import type { CatalogEntry } from '../../src/questionnaires/catalog';
import type { Conversation } from '../context';
import type { Button } from '../events';
import { encodePayload } from '../payload';
import { enterQuestionnaire } from '../questionnaire';

export interface FollowUp {
  /** Buttons under the "answers sent" message. */
  buttons?: Button[][] | undefined;
  /** Runs after that message (e.g. enters the next questionnaire). */
  after?: (() => Promise<void>) | undefined;
}

export const REPORTS_MODULE = 'reports';

export async function questionnaireFollowUp(ctx: Conversation, entry: CatalogEntry, response: ResponseRow): Promise<FollowUp> {
  const context = await getMembershipContext(ctx.tx, response.membershipId);
  const membership = context?.membership;
  if (!membership || membership.personId !== ctx.person.id || membership.role === 'curator') return {};
  const keys = satisfactionKeys[membership.role];
  const key = entry.definition.key;

  if (entry.definition.purpose === 'intake') {
    if (!ctx.deps.catalog.latest(keys.before) || (await hasSubmitted(ctx.tx, membership.id, keys.before))) return {};
    return { buttons: [[{ label: ctx.t('reports-before-button'), payload: encodePayload('act', REPORTS_MODULE, 'before', membership.id) }]] };
  }
  if (key === keys.reflection) {
    return {
      after: async () => {
        const opened = await openQuestionnaire(ctx.tx, ctx.deps.catalog, membership, keys.after, ctx.now);
        if (opened && opened.response.status !== 'submitted') await enterQuestionnaire(ctx, opened);
      },
    };
  }
  if (key === keys.after && membership.role === 'mentee') {
    const mentors = await mentorsOfMentee(ctx.tx, membership.id);
    if (mentors.length === 0) return {};
    return {
      after: async () => {
        const rows: Button[][] = mentors.map((m) => [
          { label: ctx.t('reports-nominate-button', { name: m.fullName ?? ctx.t('report-anonymous') }), payload: encodePayload('act', REPORTS_MODULE, 'nominate', m.membershipId) },
        ]);
        rows.push([{ label: ctx.t('reports-nominate-skip'), payload: encodePayload('act', REPORTS_MODULE, 'nominateskip', 0) }]);
        ctx.reply(ctx.t('reports-nominate-offer', { count: mentors.length }), rows);
      },
    };
  }
  return {};
}
