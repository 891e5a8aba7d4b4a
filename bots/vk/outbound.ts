// Neutral outbound messages -> VK API calls: messages.send with deterministic random_id (VK drops a
// repeated random_id, so a retried send never shows twice), edits, document uploads, retries on
// VK's rate limits, and VK errors turned into DeliveryError.
import { createHash } from 'node:crypto';
import { APIError, type API, type Upload } from 'vk-io';
import { DeliveryError, type OutboundMessage } from '../../flows/events';
import { loggableError } from '../../src/logger';
import { planMessages, type PlannedMessage, type VkClientCapabilities } from './keyboard';

export interface SendRetryOptions {
  /** Attempts per call for rate-limit and server errors, the first included. */
  attempts?: number | undefined;
  /** First pause; doubles with every attempt. */
  initialDelayMs?: number | undefined;
}

export interface OutboundDeps {
  api: API;
  upload: Upload;
  retry?: SendRetryOptions | undefined;
}

/** VK error codes worth another attempt: too many requests per second, flood control, server error. */
const RETRYABLE_CODES = new Set([6, 9, 10]);
/**
 * The user cannot receive messages from the community: no permission (901), privacy (902),
 * blacklist (900), access denied (7, 15, 917), deleted or banned user (18), chat disabled (945).
 */
const BLOCKED_CODES = new Set([7, 15, 18, 900, 901, 902, 917, 945]);
/** VK's snackbar text limit. */
export const SNACKBAR_MAX_LENGTH = 90;

/**
 * A positive random_id below 2^52 derived from a key: the same key gives the same id, so sending an
 * update's reply again is recognised by VK as a repeat.
 */
export function randomIdFor(key: string): number {
  const digest = createHash('sha256').update(key).digest();
  const id = digest.readUIntBE(0, 6) % 2 ** 52;
  return id === 0 ? 1 : id;
}

/** Calls `call` again after rate-limit and server errors, with exponential backoff. */
export async function withRetry<T>(call: () => Promise<T>, options: SendRetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  let delay = options.initialDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof APIError) || !RETRYABLE_CODES.has(Number(error.code)) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

/**
 * Sends one outbound message (split over several messages when the keyboard is too big). `idKey`
 * identifies the message among everything this community sends: the same key, the same random_ids.
 */
export async function sendOutbound(
  deps: OutboundDeps,
  peerId: number,
  message: OutboundMessage,
  client: VkClientCapabilities,
  idKey: string,
): Promise<void> {
  const planned = planMessages(message, client);
  const attachment = message.document === undefined ? undefined : await uploadDocument(deps, peerId, message.document);
  for (const [index, part] of planned.entries()) {
    await sendPart(deps, peerId, part, randomIdFor(`${peerId}:${idKey}:${index}`), index === 0 ? attachment : undefined);
  }
}

/**
 * Replaces the text and keyboard of the message with this conversation_message_id. Returns false
 * when it cannot be done in one message (keyboard split, document) so the caller sends instead.
 */
export async function editOutbound(
  deps: OutboundDeps,
  peerId: number,
  conversationMessageId: number,
  message: OutboundMessage,
  client: VkClientCapabilities,
): Promise<boolean> {
  if (message.document !== undefined) return false;
  const planned = planMessages(message, client);
  const [only] = planned;
  if (only === undefined || planned.length > 1) return false;
  await withRetry(
    () =>
      deps.api.messages.edit({
        peer_id: peerId,
        // Both spellings: `cmid` in the current schema, `conversation_message_id` in older versions.
        cmid: conversationMessageId,
        conversation_message_id: conversationMessageId,
        message: only.text,
        // An empty inline keyboard removes the old buttons.
        keyboard: only.keyboard ?? JSON.stringify({ buttons: [], inline: true }),
        disable_mentions: 1,
      }),
    deps.retry,
  );
  return true;
}

/** Answers a callback button press; with a toast, VK shows it as a snackbar. */
export async function answerMessageEvent(
  deps: OutboundDeps,
  event: { eventId: string; userId: number; peerId: number },
  toast: string | undefined,
): Promise<void> {
  const text = toast?.trim();
  await withRetry(
    () =>
      deps.api.messages.sendMessageEventAnswer({
        event_id: event.eventId,
        user_id: event.userId,
        peer_id: event.peerId,
        ...(text ? { event_data: JSON.stringify({ type: 'show_snackbar', text: shorten(text, SNACKBAR_MAX_LENGTH) }) } : {}),
      }),
    deps.retry,
  );
}

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof APIError) {
    const code = Number(error.code);
    if (BLOCKED_CODES.has(code)) return new DeliveryError('blocked', error.message);
    if (code === 6) return new DeliveryError('rate_limited', error.message, 1);
    if (code === 9) return new DeliveryError('rate_limited', error.message, 60);
    return new DeliveryError('failed', error.message);
  }
  return new DeliveryError('failed', error instanceof Error ? error.message : String(error));
}

/**
 * What may be logged about an error: vk-io's APIError carries the request parameters (message
 * texts), so only its name, code and message are kept.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof APIError) return { name: error.name, code: error.code, message: error.message };
  if (error instanceof DeliveryError) return { name: error.name, reason: error.reason, message: error.message };
  // Database errors of a failed handler carry the query parameters (answers) in message and stack.
  if (error instanceof Error) return loggableError(error);
  return { message: String(error) };
}

/** Parses a VK peer id ("123", "2000000001"); undefined for anything else. */
export function parsePeerId(chatId: string): number | undefined {
  if (!/^[1-9]\d{0,11}$/.test(chatId)) return undefined;
  const id = Number(chatId);
  return Number.isSafeInteger(id) ? id : undefined;
}

async function sendPart(deps: OutboundDeps, peerId: number, part: PlannedMessage, randomId: number, attachment: string | undefined): Promise<void> {
  await withRetry(
    () =>
      deps.api.messages.send({
        peer_id: peerId,
        random_id: randomId,
        message: part.text,
        ...(part.keyboard === undefined ? {} : { keyboard: part.keyboard }),
        ...(attachment === undefined ? {} : { attachment }),
        // Flows' texts may quote user input: no "@all"-style notifications from it.
        disable_mentions: 1,
      }),
    deps.retry,
  );
}

async function uploadDocument(deps: OutboundDeps, peerId: number, document: NonNullable<OutboundMessage['document']>): Promise<string> {
  const uploaded = await withRetry(
    () =>
      deps.upload.messageDocument({
        peer_id: peerId,
        title: document.fileName,
        source: { value: Buffer.from(document.content), filename: document.fileName, contentType: document.mimeType },
      }),
    deps.retry,
  );
  return uploaded.toString();
}

function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
