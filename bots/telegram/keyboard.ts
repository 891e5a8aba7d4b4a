// Neutral button rows -> Telegram inline keyboard, within Telegram's limits: labels are shortened
// (whole characters, emoji kept intact), payloads are checked because flows must never overflow them.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { PAYLOAD_MAX_BYTES, type Button } from '../../flows/events';

/** Clients cut long labels anyway; longer ones only waste the request. */
export const LABEL_MAX_LENGTH = 64;
/** Bot API limits of an inline keyboard. */
export const BUTTONS_PER_ROW_MAX = 8;
export const BUTTONS_MAX = 100;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function toInlineKeyboard(rows: Button[][]): InlineKeyboardMarkup {
  const keyboard = rows.filter((row) => row.length > 0).map((row) => row.map(toButton));
  const total = keyboard.reduce((sum, row) => sum + row.length, 0);
  if (total > BUTTONS_MAX) throw new Error(`inline keyboard has ${total} buttons; Telegram allows ${BUTTONS_MAX}`);
  const wide = keyboard.find((row) => row.length > BUTTONS_PER_ROW_MAX);
  if (wide) throw new Error(`inline keyboard row has ${wide.length} buttons; Telegram allows ${BUTTONS_PER_ROW_MAX}`);
  return { inline_keyboard: keyboard };
}

function toButton(button: Button): InlineKeyboardButton.CallbackButton {
  const bytes = Buffer.byteLength(button.payload, 'utf8');
  if (bytes === 0 || bytes > PAYLOAD_MAX_BYTES) {
    throw new Error(`button payload is ${bytes} bytes; Telegram callback_data takes 1-${PAYLOAD_MAX_BYTES}`);
  }
  return { text: truncateLabel(button.label), callback_data: button.payload };
}

/** Shortens a label to LABEL_MAX_LENGTH graphemes, ending in "…" when cut. */
export function truncateLabel(label: string): string {
  const text = label.replace(/\s+/g, ' ').trim();
  if (text === '') throw new Error('button label is empty');
  // A grapheme is at least one UTF-16 unit: a label this short needs no segmenting (almost every label).
  if (text.length <= LABEL_MAX_LENGTH) return text;
  // Walk the graphemes only as far as the limit, remembering where the last one kept begins.
  let count = 0;
  let cut = 0;
  for (const { index } of segmenter.segment(text)) {
    if (count === LABEL_MAX_LENGTH - 1) cut = index;
    else if (count === LABEL_MAX_LENGTH) return `${text.slice(0, cut).trimEnd()}…`;
    count += 1;
  }
  return text;
}
