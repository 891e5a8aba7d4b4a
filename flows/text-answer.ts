// Free text a step asks for (a reason, a question, a summary): one rule everywhere. Trimmed, not
// empty, at most `max` characters (counted as the person sees them); anything else is answered with
// what was wrong, then the step's own question again when `prompt` is given.
import type { Conversation } from './context';
import type { InboundEvent } from './events';

export function textAnswer(ctx: Conversation, event: InboundEvent, max: number, prompt?: () => void): string | undefined {
  if (event.kind !== 'text') {
    // A sticker, a photo or a voice message: said plainly. A button or a command is the step's concern.
    if (event.kind === 'unsupported') ctx.reply(ctx.t('answer-error-unsupported'));
    prompt?.();
    return undefined;
  }
  const text = event.text.trim();
  const length = [...text].length;
  if (!text || length > max) {
    ctx.reply(ctx.t(text ? 'answer-error-too-long' : 'answer-error-empty', { max, length }));
    prompt?.();
    return undefined;
  }
  return text;
}
