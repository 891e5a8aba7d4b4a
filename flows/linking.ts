// /link: show a one-time code here, or send one received in the other messenger.
import { createLinkCode, LINK_CODE_TTL_MINUTES, redeemLinkCode } from '../src/participants/linking';
import type { Conversation } from './context';

export async function linkCommand(ctx: Conversation, args: string): Promise<void> {
  const code = args.trim();
  if (!code) {
    const created = await createLinkCode(ctx.tx, ctx.person.id, ctx.now);
    ctx.reply(ctx.t('link-code', { code: created, minutes: LINK_CODE_TTL_MINUTES }));
    return;
  }
  const result = await redeemLinkCode(ctx.tx, { code, identityId: ctx.identity.id, currentPersonId: ctx.person.id, now: ctx.now });
  if (!result.ok) {
    ctx.reply(ctx.t(result.error));
    return;
  }
  ctx.logger.info({ linkedTo: result.personId }, 'identity linked');
  // The person this chat belonged to held nothing: it goes, and its state with it.
  if (result.removedPersonId !== undefined) ctx.forgetPerson();
  ctx.reply(ctx.t('link-done'));
}
