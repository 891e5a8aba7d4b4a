// The VK adapter: vk-io's API client plus our own Bots Long Poll loop; each community event is
// translated for the UpdateHandler, whose HandleResult becomes messages.send / edit / event answers.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { randomUUID } from 'node:crypto';
import { MessageContext, MessageEventContext, VK } from 'vk-io';
import {
  DeliveryError,
  type Delivery,
  type HandleResult,
  type InboundUpdate,
  type MessageSender,
  type OutboundMessage,
  type UpdateHandler,
} from '../../flows/events';
import type { Logger } from '../../src/logger';
import { MODERN_CLIENT, type VkClientCapabilities } from './keyboard';
import { createLongPoll, type LongPoll } from './long-poll';
import {
  answerMessageEvent,
  describeError,
  editOutbound,
  parsePeerId,
  sendOutbound,
  toDeliveryError,
  type OutboundDeps,
  type SendRetryOptions,
} from './outbound';
import { clientCapabilities, toContext, translate, vkGroupEventSchema, type VkGroupEvent } from './translate';
import { pause } from '../../src/pause';

export interface HandlerRetryOptions {
  /** First pause after a failed handler call; doubles on every failure. */
  initialDelayMs?: number | undefined;
  /** The pause stops growing here; retries go on at this pace until the handler succeeds. */
  maxDelayMs?: number | undefined;
}

export interface VkAdapterOptions {
  token: string;
  groupId: number;
  /** https://api.vk.com/method, or a test server. */
  apiBaseUrl: string;
  handler: UpdateHandler;
  logger: Logger;
  /** 'longpoll' (default) polls VK; 'webhook' only serves handleWebhookUpdate (Callback API). */
  mode?: 'longpoll' | 'webhook' | undefined;
  /** API requests per second for this instance; a community token allows 20, shared by all instances. */
  apiLimit?: number | undefined;
  /**
   * Sends a delivery addressed to any messenger; the composition root routes by platform.
   * Default: VK deliveries through this adapter, others are logged and dropped.
   */
  deliver?: ((delivery: Delivery) => Promise<void>) | undefined;
  handlerRetry?: HandlerRetryOptions | undefined;
  /** Retries of one API call on VK's rate-limit (6, 9) and server (10) errors. */
  sendRetry?: SendRetryOptions | undefined;
  /** How long stop() lets failing handlers keep retrying before giving their updates up. */
  stopGraceMs?: number | undefined;
  /** Long-poll wait, seconds. */
  pollWaitSeconds?: number | undefined;
  /** The next poll waits while this many events are queued or being handled. */
  maxPendingEvents?: number | undefined;
  /** Assumed for peers whose client_info has not been seen by this instance (deliveries after a restart). */
  defaultClient?: VkClientCapabilities | undefined;
  /** An API call unanswered for this long is abandoned and retried by vk-io with the same random_id (default 10 s). */
  apiTimeoutMs?: number | undefined;
  /** Called when VK refuses to deliver to a peer (the user blocked the community, privacy settings). */
  onUnreachable?: ((chatId: string) => Promise<void>) | undefined;
}

export interface VkAdapter {
  vk: VK;
  sender: MessageSender;
  /** Long-poll mode: gets a long-poll session (token errors surface here) and starts polling. */
  start(): Promise<void>;
  /** Stops polling, lets queued events finish (failing ones for up to stopGraceMs). */
  stop(): Promise<void>;
  /**
   * Handles one Callback API body ({ type, object, group_id, event_id }); resolves when it has been
   * handled and answered. Rejects for a malformed body and for an event given up at shutdown, so
   * the web layer can answer VK with something other than "ok" and VK delivers it again.
   */
  handleWebhookUpdate(body: unknown): Promise<void>;
}

/** Thrown out of an event's processing when stop() ran out of patience with a failing handler. */
class UpdateAbandonedError extends Error {
  constructor(readonly attempts: number) {
    super(`handler still failing after ${attempts} attempts when the adapter stopped`);
    this.name = 'UpdateAbandonedError';
  }
}

/** Client capabilities remembered per peer (the last message's client_info). */
const CLIENTS_REMEMBERED = 50_000;

export function createVkAdapter(options: VkAdapterOptions): VkAdapter {
  const { handler, logger, groupId } = options;
  const retryInitialMs = options.handlerRetry?.initialDelayMs ?? 250;
  const retryMaxMs = options.handlerRetry?.maxDelayMs ?? 30_000;
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  const maxPending = options.maxPendingEvents ?? 1000;
  const defaultClient = options.defaultClient ?? MODERN_CLIENT;

  const vk = new VK({
    token: options.token,
    pollingGroupId: groupId,
    apiBaseUrl: options.apiBaseUrl,
    apiLimit: options.apiLimit ?? 20,
    apiMode: 'sequential',
    // Network failures are retried by vk-io with the same parameters (random_id included).
    apiRetryLimit: 3,
    apiWait: 1000,
    ...(options.apiTimeoutMs === undefined ? {} : { apiTimeout: options.apiTimeoutMs }),
    agent: agentFor(options.apiBaseUrl),
  });
  const deps: OutboundDeps = { api: vk.api, upload: vk.upload, retry: options.sendRetry };

  const clients = new Map<number, VkClientCapabilities>();
  const rememberClient = (peerId: number, client: VkClientCapabilities): void => {
    clients.delete(peerId);
    clients.set(peerId, client);
    if (clients.size > CLIENTS_REMEMBERED) {
      const oldest = clients.keys().next();
      if (oldest.done !== true) clients.delete(oldest.value);
    }
  };
  const clientOf = (peerId: number): VkClientCapabilities => clients.get(peerId) ?? defaultClient;

  const markUnreachable = async (chatId: string, error: unknown): Promise<void> => {
    if (toDeliveryError(error).reason !== 'blocked' || options.onUnreachable === undefined) return;
    try {
      await options.onUnreachable(chatId);
    } catch (failure) {
      logger.warn({ err: describeError(failure) }, 'could not mark the peer unreachable');
    }
  };

  const sendTo = async (chatId: string, message: OutboundMessage, idKey: string): Promise<void> => {
    const peerId = parsePeerId(chatId);
    if (peerId === undefined) throw new DeliveryError('failed', `not a VK peer id: ${chatId}`);
    try {
      await sendOutbound(deps, peerId, message, clientOf(peerId), idKey);
    } catch (error) {
      await markUnreachable(chatId, error);
      throw toDeliveryError(error);
    }
  };

  const sender: MessageSender = {
    platform: 'vk',
    // No update to derive from: the random_ids are fixed per call, so vk-io's and our retries
    // inside it stay deduplicated; a caller that calls send() again sends again.
    send: (chatId, message) => sendTo(chatId, message, `send:${randomUUID()}`),
  };

  let stopping = false;
  let stopDeadline = 0;
  let stopSignal = new AbortController();

  const handleWithRetry = async (update: InboundUpdate, log: Logger, onFirstFailure: () => Promise<void>): Promise<HandleResult> => {
    let delay = retryInitialMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await handler.handle(update);
        if (attempt > 1) log.info({ attempts: attempt }, 'handler succeeded after retries');
        return result;
      } catch (error) {
        if (attempt === 1) {
          // Logged once; the retries below are the handling, not new incidents.
          log.error({ err: describeError(error), event: update.event.kind }, 'handler failed; retrying the update until it succeeds');
          await onFirstFailure();
        } else {
          log.debug({ attempt, err: describeError(error) }, 'handler failed again');
        }
        if (stopping && Date.now() >= stopDeadline) throw new UpdateAbandonedError(attempt);
        const wait = stopping ? Math.min(delay, stopDeadline - Date.now()) : delay;
        await pause(wait, stopping ? undefined : stopSignal.signal);
        delay = Math.min(delay * 2, retryMaxMs);
      }
    }
  };

  const routed = options.deliver;
  // Our own deliveries get random_ids derived from the update, like replies.
  const deliver = async (delivery: Delivery, idKey: string): Promise<void> => {
    if (routed !== undefined) return routed(delivery);
    if (delivery.platform !== 'vk') throw new DeliveryError('failed', `the VK adapter cannot deliver to ${delivery.platform}`);
    await sendTo(delivery.chatId, delivery.message, idKey);
  };

  const processEvent = async (raw: VkGroupEvent): Promise<void> => {
    const context = toContext(raw, { api: vk.api, upload: vk.upload, groupId });
    if (context === undefined) return;
    const inbound = translate(context, { eventId: raw.event_id, groupId });
    const pressed = context instanceof MessageEventContext ? context : undefined;
    let answered = pressed === undefined;
    const log = logger.child({ updateId: inbound?.updateId ?? raw.event_id });
    // A callback press must be answered within a minute or the client shows an error.
    const answer = async (toast?: string): Promise<void> => {
      if (answered || pressed === undefined) return;
      answered = true;
      try {
        await answerMessageEvent(deps, { eventId: pressed.eventId, userId: pressed.userId, peerId: pressed.peerId }, toast);
      } catch (error) {
        log.warn({ err: describeError(error) }, 'message event not answered');
      }
    };
    try {
      if (inbound === undefined) {
        log.debug('event ignored');
        return;
      }
      const peerId = Number(inbound.user.chatId);
      if (context instanceof MessageContext) rememberClient(peerId, clientCapabilities(context));
      // The press itself proves the client shows callback buttons.
      const client: VkClientCapabilities = pressed ? { ...clientOf(peerId), callback: true, inlineKeyboard: true } : clientOf(peerId);
      const result = await handleWithRetry(inbound, log, () => answer());
      await answer(result.toast);
      await sendReplies(log, inbound, peerId, client, result.replies, pressed?.conversationMessageId);
      await sendDeliveries(log, inbound.updateId, result.deliveries);
    } finally {
      await answer();
    }
  };

  const sendReplies = async (
    log: Logger,
    inbound: InboundUpdate,
    peerId: number,
    client: VkClientCapabilities,
    replies: OutboundMessage[],
    pressedMessageId: number | undefined,
  ): Promise<void> => {
    for (const [index, reply] of replies.entries()) {
      try {
        if (reply.edit && pressedMessageId !== undefined && pressedMessageId > 0) {
          try {
            if (await editOutbound(deps, peerId, pressedMessageId, reply, client)) continue;
          } catch (error) {
            log.debug({ err: describeError(error) }, 'edit failed; sending a new message');
          }
        }
        await sendOutbound(deps, peerId, reply, client, `${inbound.updateId}:reply:${index}`);
      } catch (error) {
        // The rest would arrive out of context (and a blocked chat fails them all anyway).
        const reason = toDeliveryError(error).reason;
        log.warn({ err: describeError(error), reason, dropped: replies.length - index }, 'reply not sent');
        await markUnreachable(inbound.user.chatId, error);
        return;
      }
    }
  };

  const sendDeliveries = async (log: Logger, updateId: string, deliveries: Delivery[]): Promise<void> => {
    for (const [index, delivery] of deliveries.entries()) {
      try {
        await deliver(delivery, `${updateId}:delivery:${index}`);
      } catch (error) {
        const reason = error instanceof DeliveryError ? error.reason : 'failed';
        log.warn({ personId: delivery.personId, platform: delivery.platform, reason, err: describeError(error) }, 'delivery not sent');
      }
    }
  };

  // Events of one peer are handled one after another, in the order VK sent them; peers in parallel.
  const chains = new Map<string, Promise<void>>();
  let pending = 0;
  const drainWaiters = new Set<() => void>();
  const enqueue = (raw: VkGroupEvent): Promise<void> => {
    const key = peerKeyOf(raw);
    const previous = chains.get(key) ?? Promise.resolve();
    pending++;
    const task = previous.then(() => processEvent(raw));
    const settled = task
      .catch((error: unknown) => {
        const log = logger.child({ eventId: raw.event_id, type: raw.type });
        if (error instanceof UpdateAbandonedError) {
          log.error({ attempts: error.attempts }, 'update given up at shutdown: the handler kept failing');
        } else {
          log.error({ err: describeError(error) }, 'update failed');
        }
      })
      .finally(() => {
        pending--;
        if (chains.get(key) === settled) chains.delete(key);
        for (const wake of [...drainWaiters]) wake();
      });
    chains.set(key, settled);
    return task;
  };
  const waitUntilBelow = (limit: number): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (pending >= limit) return;
        drainWaiters.delete(check);
        resolve();
      };
      drainWaiters.add(check);
      check();
    });

  const onEvents = async (events: unknown[]): Promise<void> => {
    for (const event of events) {
      const parsed = vkGroupEventSchema.safeParse(event);
      if (!parsed.success) {
        logger.warn('vk long poll event of unknown shape ignored');
        continue;
      }
      // Errors are logged inside; the loop only waits for room.
      enqueue(parsed.data).catch(() => undefined);
    }
    await waitUntilBelow(maxPending);
  };

  let poll: LongPoll | undefined;

  return {
    vk,
    sender,
    async start() {
      if (poll !== undefined) return;
      stopping = false;
      stopSignal = new AbortController();
      if (options.mode === 'webhook') {
        logger.info({ groupId }, 'vk callback mode started');
        return;
      }
      const longPoll = createLongPoll({
        api: vk.api,
        groupId,
        logger,
        onEvents,
        waitSeconds: options.pollWaitSeconds,
      });
      await longPoll.start();
      poll = longPoll;
      logger.info({ groupId }, 'vk long polling started');
    },
    async stop() {
      const running = poll;
      poll = undefined;
      await running?.stop();
      stopping = true;
      stopDeadline = Date.now() + stopGraceMs;
      stopSignal.abort();
      await waitUntilBelow(1);
      if (running) logger.info('vk long polling stopped');
    },
    async handleWebhookUpdate(body) {
      const parsed = vkGroupEventSchema.safeParse(body);
      if (!parsed.success) throw new Error('not a VK Callback API event');
      await enqueue(parsed.data);
    },
  };
}

/** The peer an event belongs to, for ordering; events without one share a queue. */
function peerKeyOf(event: VkGroupEvent): string {
  const object = event.object;
  if (typeof object !== 'object' || object === null) return 'other';
  const message = 'message' in object ? object.message : undefined;
  const peer =
    typeof message === 'object' && message !== null && 'peer_id' in message ? message.peer_id : 'peer_id' in object ? object.peer_id : undefined;
  return typeof peer === 'number' ? String(peer) : 'other';
}

/**
 * vk-io types its agent as https.Agent and hands it to node-fetch, which needs an agent matching the
 * URL's protocol: an http one for a plain-http API (a local or test server).
 */
function agentFor(apiBaseUrl: string): HttpsAgent {
  if (new URL(apiBaseUrl).protocol === 'https:') return new HttpsAgent({ keepAlive: true });
  // Node's http.Agent has `options` at run time too; only the type declarations differ.
  return new HttpAgent({ keepAlive: true }) as HttpAgent & Pick<HttpsAgent, 'options'>;
}
