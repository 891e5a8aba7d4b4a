// VK group event -> vk-io context -> neutral InboundUpdate. Pure: what the bot reads is decided
// here, what it does with it is the handler's business; events the bot does not act on give undefined.
import { z } from 'zod';
import {
  MessageContext,
  MessageEventContext,
  UpdateSource,
  type API,
  type IMessageContextPayload,
  type IMessageEventContextPayload,
  type Upload,
} from 'vk-io';
import { PAYLOAD_MAX_BYTES, type InboundEvent, type InboundUpdate } from '../../flows/events';
import type { VkClientCapabilities } from './keyboard';

/** A Bots Long Poll / Callback API event as VK sends it. */
export interface VkGroupEvent {
  type: string;
  object: unknown;
  group_id?: number | undefined;
  /** Present in API 5.103+; the same for every delivery of one event. */
  event_id?: string | undefined;
}

export type VkContext = MessageContext | MessageEventContext;

/**
 * What a button press carries when its payload is not one of ours (forged, from another bot, not
 * JSON, too long): a string flows/payload.ts always rejects, so the flow answers "invalid button".
 */
export const INVALID_PAYLOAD = '';

/** Peer ids from here up are group chats. */
const CHAT_PEER_OFFSET = 2_000_000_000;

export const vkGroupEventSchema = z.object({
  type: z.string(),
  object: z.unknown(),
  group_id: z.number().optional(),
  event_id: z.string().optional(),
});

const messageObjectSchema = z.looseObject({
  message: z.looseObject({
    peer_id: z.number().int(),
    from_id: z.number().int(),
    conversation_message_id: z.number().int().optional(),
    id: z.number().int().optional(),
  }),
});

const messageEventObjectSchema = z.looseObject({
  user_id: z.number().int(),
  peer_id: z.number().int(),
  event_id: z.string().min(1),
  conversation_message_id: z.number().int().optional(),
  payload: z.unknown(),
});

/** Our own wrapping (see keyboard.ts wrapPayload), nothing more. */
const ourPayloadSchema = z.strictObject({ p: z.string().min(1) });
/** VK's "Начать"/"Start" button of a new dialogue. */
const startPayloadSchema = z.strictObject({ command: z.literal('start') });

/**
 * Builds the vk-io context of a message_new or message_event, or undefined for other events and
 * malformed ones. vk-io parses a message's payload with JSON.parse in the constructor and throws on
 * bad JSON (in its own long poll that drops the rest of the batch); here a payload that is not JSON
 * is kept as a JSON string, which translate() then treats as a forged payload.
 */
export function toContext(event: VkGroupEvent, deps: { api: API; upload: Upload; groupId?: number | undefined }): VkContext | undefined {
  const base = { api: deps.api, upload: deps.upload, source: UpdateSource.WEBHOOK, groupId: event.group_id ?? deps.groupId };
  if (event.type === 'message_new') {
    const parsed = messageObjectSchema.safeParse(event.object);
    if (!parsed.success) return undefined;
    const clientInfo = isRecord(parsed.data.client_info) ? parsed.data.client_info : {};
    // Validated as far as translate() reads it; vk-io's getters tolerate the optional fields missing.
    const payload = { client_info: clientInfo, message: sanitizeMessage(parsed.data.message, 0) } as IMessageContextPayload;
    try {
      return new MessageContext({ ...base, updateType: 'message_new', payload });
    } catch {
      // Attachments or forwards of a shape vk-io cannot read: not a message a flow could use.
      return undefined;
    }
  }
  if (event.type === 'message_event') {
    const parsed = messageEventObjectSchema.safeParse(event.object);
    if (!parsed.success) return undefined;
    const { conversation_message_id: pressed = 0, payload: buttonPayload, ...rest } = parsed.data;
    const payload: IMessageEventContextPayload = { ...rest, conversation_message_id: pressed, payload: buttonPayload };
    return new MessageEventContext({ ...base, updateType: 'message_event', payload });
  }
  return undefined;
}

export interface TranslateOptions {
  /** `event_id` of the VK event, when the API version sends one. */
  eventId?: string | undefined;
  /** This community's id: a "[club<id>|…]" mention before a command in a group chat is dropped. */
  groupId?: number | undefined;
}

/** Translates a message or a callback-button event. */
export function translate(context: VkContext, options: TranslateOptions = {}): InboundUpdate | undefined {
  return context instanceof MessageEventContext ? translateMessageEvent(context, options) : translateMessage(context, options);
}

export function translateMessage(context: MessageContext, options: TranslateOptions = {}): InboundUpdate | undefined {
  // Messages from communities (other bots) and the community's own messages are not user input.
  if (context.isOutbox || context.senderId <= 0 || context.isEvent) return undefined;
  const event = messageToEvent(context, options.groupId);
  const fallbackId =
    context.conversationMessageId !== undefined && context.conversationMessageId > 0
      ? `msg:${context.peerId}:${context.conversationMessageId}`
      : `msg:${context.peerId}:id${context.id}`;
  return {
    platform: 'vk',
    updateId: updateIdOf(options.eventId, fallbackId),
    chatType: chatTypeOf(context.peerId),
    user: {
      externalId: String(context.senderId),
      chatId: String(context.peerId),
      languageCode: vkLanguage(context.clientInfo.lang_id),
    },
    event,
  };
}

export function translateMessageEvent(context: MessageEventContext, options: TranslateOptions = {}): InboundUpdate | undefined {
  if (context.userId <= 0) return undefined;
  return {
    platform: 'vk',
    updateId: updateIdOf(options.eventId, `evt:${context.eventId}`),
    chatType: chatTypeOf(context.peerId),
    // message_event carries no client_info, hence no language: the engine keeps the stored one.
    user: { externalId: String(context.userId), chatId: String(context.peerId) },
    event: { kind: 'button', payload: unwrapPayload(context.eventPayload) },
  };
}

/** What the client reported it can show, from a message's client_info. */
export function clientCapabilities(context: MessageContext): VkClientCapabilities {
  const info: Partial<MessageContext['clientInfo']> = context.clientInfo;
  const actions: readonly string[] = Array.isArray(info.button_actions) ? info.button_actions : [];
  return {
    callback: actions.includes('callback'),
    inlineKeyboard: info.inline_keyboard === true,
    keyboard: info.keyboard !== false,
  };
}

/** Our payload string from a button's payload value; INVALID_PAYLOAD for anything else. */
export function unwrapPayload(value: unknown): string {
  const parsed = ourPayloadSchema.safeParse(value);
  if (!parsed.success || Buffer.byteLength(parsed.data.p, 'utf8') > PAYLOAD_MAX_BYTES) return INVALID_PAYLOAD;
  return parsed.data.p;
}

/** VK client language ids (client_info.lang_id) as language tags. */
const vkLanguages: Record<number, string> = { 0: 'ru', 1: 'uk', 2: 'be', 3: 'en', 4: 'es', 5: 'fi', 6: 'de', 7: 'it' };

export function vkLanguage(langId: unknown): string | undefined {
  return typeof langId === 'number' ? vkLanguages[langId] : undefined;
}

/** "/name args"; names are latin letters, digits and "_" as in Telegram. */
const commandPattern = /^\/([A-Za-z0-9_]{1,64})(?:\s+([\s\S]*))?$/;
/** What users type (or VK's start button sends) to begin. */
const startWords = new Set(['начать', 'start', 'старт']);

function messageToEvent(context: MessageContext, groupId: number | undefined): InboundEvent {
  const referral = context.referralValue?.trim();
  // vk.me/<community>?ref=CODE: the code arrives with the first message, whatever its text.
  if (referral) return { kind: 'command', name: 'start', args: referral };
  if (context.hasMessagePayload) {
    const payload: unknown = context.messagePayload;
    if (startPayloadSchema.safeParse(payload).success) return { kind: 'command', name: 'start', args: '' };
    return { kind: 'button', payload: unwrapPayload(payload) };
  }
  const text = context.text === undefined ? '' : stripMention(context.text, groupId).trim();
  if (text !== '') return textEvent(text);
  const attachment = context.attachments[0];
  if (attachment !== undefined) return { kind: 'unsupported', content: attachment.type.slice(0, 64) };
  if (context.hasGeo) return { kind: 'unsupported', content: 'geo' };
  if (context.hasForwards || context.hasReplyMessage) return { kind: 'unsupported', content: 'forward' };
  // An attachment vk-io does not know (it drops those): still something the user sent.
  return { kind: 'unsupported', content: 'message' };
}

function textEvent(text: string): InboundEvent {
  const match = commandPattern.exec(text);
  if (match) {
    const [, name = '', args = ''] = match;
    return { kind: 'command', name: name.toLowerCase(), args: args.trim() };
  }
  if (startWords.has(text.toLowerCase())) return { kind: 'command', name: 'start', args: '' };
  return { kind: 'text', text };
}

/** In group chats a message to the bot starts with "[club<id>|@name]" (or a comma after it). */
function stripMention(text: string, groupId: number | undefined): string {
  if (groupId === undefined) return text;
  const match = /^\[club(\d+)\|[^\]]*\][,:]?\s*/.exec(text);
  return match && Number(match[1]) === groupId ? text.slice(match[0].length) : text;
}

/** Forwards nest; deeper levels are dropped (VK allows dozens, nothing here reads them). */
const FORWARD_DEPTH_MAX = 3;

/** The message with every payload (its own, its reply's, its forwards') made safe for vk-io. */
function sanitizeMessage(message: Record<string, unknown>, depth: number): Record<string, unknown> {
  const { reply_message: reply, fwd_messages: forwards, payload, ...rest } = message;
  const safe: Record<string, unknown> = { ...rest, payload: safePayload(payload) };
  if (depth >= FORWARD_DEPTH_MAX) return safe;
  if (isRecord(reply)) safe.reply_message = sanitizeMessage(reply, depth + 1);
  if (Array.isArray(forwards)) safe.fwd_messages = forwards.filter(isRecord).map((m) => sanitizeMessage(m, depth + 1));
  return safe;
}

function safePayload(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') return JSON.stringify(raw);
  try {
    JSON.parse(raw);
    return raw;
  } catch {
    // Kept as a JSON string: a string is never our payload's shape.
    return JSON.stringify(raw);
  }
}

function updateIdOf(eventId: string | undefined, fallback: string): string {
  return eventId !== undefined && eventId !== '' && eventId.length <= 128 ? eventId : fallback.slice(0, 128);
}

function chatTypeOf(peerId: number): InboundUpdate['chatType'] {
  return peerId >= CHAT_PEER_OFFSET ? 'group' : 'private';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
