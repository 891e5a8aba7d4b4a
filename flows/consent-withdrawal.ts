// /forget: withdraw consent and have one's data removed, after an explicit confirmation.
import { withdrawConsent } from '../src/participants/withdrawal';
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
        await withdrawConsent(ctx.tx, ctx.person.id, ctx.now);
        ctx.logger.info('consent withdrawn');
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
