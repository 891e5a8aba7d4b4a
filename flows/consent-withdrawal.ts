// /forget: withdraw consent and have one's data removed, after an explicit confirmation.
import { withdrawConsent } from '../src/participants/withdrawal';
import { withdrawalNotices } from '../src/reports/withdrawal-notice';
import type { Flow } from './context';
import { decodePayload, encodePayload } from './payload';

export const consentWithdrawalFlow: Flow = {
  name: 'consent-withdrawal',
  async resume(ctx) {
    ctx.reply(ctx.t('forget-confirm'), [
      [{ label: ctx.t('forget-yes'), payload: encodePayload('act', 'forget', 'yes', 0) }],
      [{ label: ctx.t('forget-no'), payload: encodePayload('act', 'forget', 'no', 0) }],
    ]);
  },
  async handle(ctx, event) {
    const payload = event.kind === 'button' ? decodePayload(event.payload) : undefined;
    if (payload?.action === 'act' && payload.args[0] === 'forget') {
      ctx.leave();
      if (payload.args[1] === 'yes') {
        const result = await withdrawConsent(ctx.tx, ctx.person.id, ctx.now, { pairEndReason: ctx.t('reports-withdrawn-reason') });
        ctx.logger.info('consent withdrawn');
        // The curators are told; their reports keep the person only as an anonymous count.
        for (const notice of await withdrawalNotices(ctx.tx, result)) {
          ctx.notify(notice.curatorPersonId, (t) => ({
            text: t('reports-withdrawn-curator', {
              programme: notice.programmeName,
              role: notice.role,
              pairs: notice.endedPairs,
              partners: notice.partners.length > 0 ? notice.partners.join(', ') : 'none',
            }),
          }));
        }
        ctx.reply(ctx.t('forget-done'));
      } else {
        ctx.reply(ctx.t('forget-kept'));
      }
      return;
    }
    ctx.reply(ctx.t('answer-error-use-buttons'));
    await this.resume(ctx);
  },
};
