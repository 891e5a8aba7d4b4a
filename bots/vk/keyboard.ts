// Neutral button rows -> VK keyboards within VK's limits: callback buttons where the client has them,
// text buttons otherwise; a list too long for one keyboard is split over several messages, never cut.
import { Keyboard, type KeyboardBuilder } from 'vk-io';
import type { Button, OutboundMessage } from '../../flows/events';

/** VK (and vk-io's builder) refuse longer labels; counted in UTF-16 units as vk-io does. */
export const LABEL_MAX_LENGTH = 40;
/** A button payload, as JSON, is at most 255 characters. */
export const PAYLOAD_JSON_MAX_LENGTH = 255;
/** Text of the follow-up messages that carry the rest of a split keyboard. */
export const CONTINUATION_TEXT = '…';

export interface KeyboardLimits {
  rows: number;
  perRow: number;
  total: number;
}

/** Keyboards inside a message. */
export const INLINE_LIMITS: KeyboardLimits = { rows: 6, perRow: 5, total: 10 };
/** Keyboards under the input field. */
export const NORMAL_LIMITS: KeyboardLimits = { rows: 10, perRow: 5, total: 40 };

/** What the user's VK client can show, from `client_info` of their last message. */
export interface VkClientCapabilities {
  /** Callback buttons (answered by message_event, no message in the chat). */
  callback: boolean;
  /** Keyboards inside messages. */
  inlineKeyboard: boolean;
  /** Keyboards under the input field. */
  keyboard: boolean;
}

/** What modern VK clients (apps since 2020, web) report; used for peers not seen yet. */
export const MODERN_CLIENT: VkClientCapabilities = { callback: true, inlineKeyboard: true, keyboard: true };

/** How buttons are drawn for a client. */
export type KeyboardKind = 'inline-callback' | 'inline-text' | 'normal-text' | 'none';

export function keyboardKindFor(client: VkClientCapabilities): KeyboardKind {
  if (client.inlineKeyboard) return client.callback ? 'inline-callback' : 'inline-text';
  return client.keyboard ? 'normal-text' : 'none';
}

/** One messages.send call: the text and, when there are buttons, the keyboard JSON. */
export interface PlannedMessage {
  text: string;
  keyboard?: string | undefined;
}

/**
 * Our payload string travels as `{"p":"<payload>"}`: an object, so VK's own `{"command":"start"}`
 * and anything forged are told apart from ours by shape.
 */
export function wrapPayload(payload: string): string {
  return JSON.stringify({ p: payload });
}

/**
 * Splits button rows into keyboards that each fit the limits, in order: a row wider than `perRow`
 * is broken into consecutive rows, and rows are packed greedily without being split further.
 */
export function splitKeyboard(rows: Button[][], limits: KeyboardLimits): Button[][][] {
  const perRow = Math.max(1, Math.min(limits.perRow, limits.total));
  const narrow: Button[][] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i += perRow) narrow.push(row.slice(i, i + perRow));
  }
  const pages: Button[][][] = [];
  let page: Button[][] = [];
  let count = 0;
  for (const row of narrow) {
    if (page.length > 0 && (page.length >= limits.rows || count + row.length > limits.total)) {
      pages.push(page);
      page = [];
      count = 0;
    }
    page.push(row);
    count += row.length;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** Builds one keyboard (already within limits) as vk-io's builder. */
export function toVkKeyboard(rows: Button[][], kind: Exclude<KeyboardKind, 'none'>): KeyboardBuilder {
  const builder = Keyboard.builder();
  if (kind === 'normal-text') builder.oneTime();
  else builder.inline();
  for (const row of rows) {
    for (const button of row) {
      const options = { label: truncateLabel(button.label), payload: checkedPayload(button.payload) };
      if (kind === 'inline-callback') builder.callbackButton(options);
      else builder.textButton(options);
    }
    builder.row();
  }
  return builder;
}

/**
 * The messages.send calls for one outbound message: the first carries the text and the first
 * keyboard, each further one "…" and the next keyboard. A client without keyboards gets the
 * labels as lines of text (flows accept a typed label as the answer).
 */
export function planMessages(message: Pick<OutboundMessage, 'text' | 'buttons'>, client: VkClientCapabilities): PlannedMessage[] {
  const rows = (message.buttons ?? []).filter((row) => row.length > 0);
  const text = message.text.trim() === '' ? CONTINUATION_TEXT : message.text;
  if (rows.length === 0) return [{ text }];
  const kind = keyboardKindFor(client);
  if (kind === 'none') {
    const labels = rows.flat().map((button) => `— ${button.label.replace(/\s+/g, ' ').trim()}`);
    return [{ text: `${text}\n\n${labels.join('\n')}` }];
  }
  const pages = splitKeyboard(rows, kind === 'normal-text' ? NORMAL_LIMITS : INLINE_LIMITS);
  return pages.map((page, index) => ({
    text: index === 0 ? text : CONTINUATION_TEXT,
    keyboard: toVkKeyboard(page, kind).toString(),
  }));
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Shortens a label to LABEL_MAX_LENGTH UTF-16 units, whole graphemes only, ending in "…" when cut. */
export function truncateLabel(label: string): string {
  const text = label.replace(/\s+/g, ' ').trim();
  if (text === '') throw new Error('button label is empty');
  if (text.length <= LABEL_MAX_LENGTH) return text;
  let cut = '';
  for (const { segment } of segmenter.segment(text)) {
    if (cut.length + segment.length > LABEL_MAX_LENGTH - 1) break;
    cut += segment;
  }
  return `${cut.trimEnd()}…`;
}

function checkedPayload(payload: string): { p: string } {
  if (payload === '') throw new Error('button payload is empty');
  const length = wrapPayload(payload).length;
  if (length > PAYLOAD_JSON_MAX_LENGTH) {
    throw new Error(`button payload is ${length} characters as JSON; VK takes at most ${PAYLOAD_JSON_MAX_LENGTH}`);
  }
  return { p: payload };
}
