// The neutral language between messenger adapters and flows: inbound events, outbound messages.
// Adapters translate platform updates into these and these into platform calls; nothing else.
import { z } from 'zod';
import type { Platform } from '../db/schema';

export type InboundEvent =
  /** "/start abc" -> { name: 'start', args: 'abc' }; names are lower-case without the slash. */
  | { kind: 'command'; name: string; args: string }
  | { kind: 'text'; text: string }
  /** A button press; the payload is raw client data and is decoded by flows/payload.ts. */
  | { kind: 'button'; payload: string }
  /** Anything a flow cannot read: sticker, photo, voice, file, location... */
  | { kind: 'unsupported'; content: string };

export interface InboundUser {
  /** The user's id on the platform. */
  externalId: string;
  /** Where replies go (Telegram chat id, VK peer id). */
  chatId: string;
  /** IETF language tag reported by the messenger, if any. */
  languageCode?: string | undefined;
}

export interface InboundUpdate {
  platform: Platform;
  /** Platform-unique id of this update; an id seen before is ignored. */
  updateId: string;
  chatType: 'private' | 'group';
  user: InboundUser;
  event: InboundEvent;
}

export interface Button {
  label: string;
  payload: string;
}

export interface OutboundMessage {
  text: string;
  /** Rows of buttons under the message. */
  buttons?: Button[][] | undefined;
  /**
   * Replace the message whose button was pressed instead of sending a new one (multi-select ticks).
   * Adapters that cannot edit send a new message.
   */
  edit?: boolean | undefined;
  /** A file to attach (reports). */
  document?: { fileName: string; content: Uint8Array; mimeType: string } | undefined;
}

/** A message for someone other than the sender, addressed to one of their identities. */
export interface Delivery {
  platform: Platform;
  chatId: string;
  personId: number;
  message: OutboundMessage;
}

export interface HandleResult {
  /** The update id was seen before: nothing was done. */
  duplicate: boolean;
  /** Messages for the sender, in order, sent to the chat the update came from. */
  replies: OutboundMessage[];
  /** Short notice shown on a button press (Telegram callback answer, VK snackbar). */
  toast?: string | undefined;
  /** Messages for other people (pair proposals, curator alerts). */
  deliveries: Delivery[];
}

/** What every adapter calls. */
export interface UpdateHandler {
  handle(update: InboundUpdate): Promise<HandleResult>;
}

/** Hard limits every adapter keeps; flows never produce more (Telegram callback_data = 64 bytes). */
export const PAYLOAD_MAX_BYTES = 64;
export const TEXT_MAX_LENGTH = 4000;

/**
 * Text as PostgreSQL can store it: a NUL character is dropped and a lone UTF-16 surrogate becomes
 * U+FFFD (jsonb and text columns refuse both, which would turn an answer into an internal error).
 */
export function storableText(value: string): string {
  return value.replace(/\u0000/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const storable = z.string().transform(storableText);

export const inboundUpdateSchema = z.object({
  platform: z.enum(['telegram', 'vk', 'terminal']),
  updateId: z.string().min(1).max(128),
  chatType: z.enum(['private', 'group']),
  user: z.object({
    externalId: z.string().min(1).max(64),
    chatId: z.string().min(1).max(64),
    languageCode: z.string().max(35).optional(),
  }),
  event: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('command'), name: z.string().max(64), args: storable }),
    z.object({ kind: z.literal('text'), text: storable }),
    z.object({ kind: z.literal('button'), payload: storable }),
    z.object({ kind: z.literal('unsupported'), content: z.string().max(64) }),
  ]),
});

/** An adapter's outbound side: one per messenger, used for deliveries and scheduled messages. */
export interface MessageSender {
  platform: Platform;
  send(chatId: string, message: OutboundMessage): Promise<void>;
}

/** Why a send failed, as far as the caller needs to know. */
export class DeliveryError extends Error {
  constructor(
    readonly reason: 'blocked' | 'rate_limited' | 'failed',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
