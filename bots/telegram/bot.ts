// The Telegram adapter: a grammY bot that translates updates for the UpdateHandler and turns its
// HandleResult into Bot API calls; long polling through @grammyjs/runner, or updates posted to the
// webhook (src/http/server.ts feeds handleWebhookUpdate); one chat at a time either way.
import { autoRetry } from '@grammyjs/auto-retry';
import { createBatchSink, createRunner, createSource, createUpdateFetcher, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api, Bot, BotError, Context, GrammyError, HttpError, InputFile, type Transformer } from 'grammy';
import type { InlineKeyboardMarkup, Update, UserFromGetMe } from 'grammy/types';
import { z } from 'zod';
import {
  DeliveryError,
  type Delivery,
  type HandleResult,
  type InboundUpdate,
  type MessageSender,
  type OutboundMessage,
  type UpdateHandler,
} from '../../flows/events';
import { loggableError, type Logger } from '../../src/logger';
import { toInlineKeyboard } from './keyboard';
import { translateUpdate } from './translate';
import { pause } from '../../src/pause';

export type TelegramContext = Context & { log: Logger };

export interface HandlerRetryOptions {
  /** First pause after a failed handler call; doubles on every failure. */
  initialDelayMs?: number | undefined;
  /** The pause stops growing here; retries go on at this pace until the handler succeeds. */
  maxDelayMs?: number | undefined;
}

export interface TelegramAdapterOptions {
  token: string;
  apiRoot: string;
  /** Known bot info skips getMe (tests, fast restarts). */
  botInfo?: UserFromGetMe | undefined;
  handler: UpdateHandler;
  logger: Logger;
  /** Queue outgoing calls under Telegram's rate limits (default true; off for tests and benches). */
  throttle?: boolean | undefined;
  /**
   * Sends a delivery addressed to any messenger; the composition root routes by platform.
   * Default: Telegram deliveries through this adapter's sender, others are logged and dropped.
   */
  deliver?: ((delivery: Delivery) => Promise<void>) | undefined;
  handlerRetry?: HandlerRetryOptions | undefined;
  /** How long stop() lets a failing handler keep retrying before giving the update up. */
  stopGraceMs?: number | undefined;
  /** Long-poll timeout of getUpdates, seconds. */
  pollTimeoutSeconds?: number | undefined;
  /** 'polling' (default) fetches updates; 'webhook' only handles what handleWebhookUpdate is given. */
  mode?: 'polling' | 'webhook' | undefined;
  /** Webhook mode: registered with setWebhook on start(); unset, the webhook is managed elsewhere. */
  setWebhook?: { url: string; secretToken: string } | undefined;
  /**
   * A Bot API call (not getUpdates) unanswered for this long is abandoned and tried again, up to
   * `requestAttempts` times in all (defaults 30 s and 3).
   */
  requestTimeoutSeconds?: number | undefined;
  requestAttempts?: number | undefined;
  /** Called when Telegram refuses to deliver to a chat (the user blocked the bot, deleted account). */
  onUnreachable?: ((chatId: string) => Promise<void>) | undefined;
}

export interface TelegramAdapter {
  bot: Bot<TelegramContext>;
  sender: MessageSender;
  /**
   * Polling: deletes any webhook and starts long polling; resolves once polling has begun.
   * Webhook: gets the bot's info and, when asked, registers the webhook.
   */
  start(): Promise<void>;
  /** Stops fetching, waits for in-flight updates, confirms the processed ones to Telegram. */
  stop(): Promise<void>;
  /**
   * Webhook mode: handles one posted update; resolves once it is handled and answered. Rejects for
   * a body that is not an update, before start(), and for an update given up at shutdown, so the
   * web layer answers Telegram with an error and Telegram delivers it again.
   */
  handleWebhookUpdate(update: unknown): Promise<void>;
}

/** What the bot reads; the rest is never fetched or posted. */
const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** Enough of an update to hand it to grammY; translateUpdate reads the rest defensively. */
const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/** Telegram's limits for a callback answer and a document caption. */
const TOAST_MAX_LENGTH = 200;
const CAPTION_MAX_LENGTH = 1024;

/** Thrown out of the middleware when stop() ran out of patience with a failing handler. */
class UpdateAbandonedError extends Error {
  constructor(readonly attempts: number) {
    super(`handler still failing after ${attempts} attempts when the adapter stopped`);
    this.name = 'UpdateAbandonedError';
  }
}

export function createTelegramAdapter(options: TelegramAdapterOptions): TelegramAdapter {
  const { handler, logger } = options;
  const retryInitialMs = options.handlerRetry?.initialDelayMs ?? 250;
  const retryMaxMs = options.handlerRetry?.maxDelayMs ?? 30_000;
  const stopGraceMs = options.stopGraceMs ?? 10_000;

  const bot = new Bot<TelegramContext>(options.token, {
    client: { apiRoot: options.apiRoot },
    ...(options.botInfo === undefined ? {} : { botInfo: options.botInfo }),
  });
  // Installed innermost first: every attempt is logged, retries pass through the throttler again.
  bot.api.config.use(logFailedCalls(logger));
  if (options.throttle !== false) bot.api.config.use(apiThrottler());
  // A call that hangs or whose connection fails is tried again a few times: a reply lost is worse
  // than a reply shown twice (a person who never sees the next question types the answer again,
  // and it lands on the question after). Bounded, so a dead Bot API cannot hold a chat forever.
  bot.api.config.use(retryUnanswered(options.requestTimeoutSeconds ?? 30, options.requestAttempts ?? 3));
  // 429 (after retry_after) and 5xx (with backoff) are retried here; network errors above.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true }));

  const sender: MessageSender = {
    platform: 'telegram',
    async send(chatId, message) {
      try {
        await sendOutbound(bot.api, chatId, message);
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
  };
  const markUnreachable = async (log: Logger, chatId: string, error: unknown): Promise<void> => {
    if (toDeliveryError(error).reason !== 'blocked' || options.onUnreachable === undefined) return;
    try {
      await options.onUnreachable(chatId);
    } catch (failure) {
      log.warn({ err: describeError(failure) }, 'could not mark the chat unreachable');
    }
  };
  const deliver =
    options.deliver ??
    (async (delivery: Delivery): Promise<void> => {
      if (delivery.platform !== 'telegram') {
        throw new DeliveryError('failed', `the Telegram adapter cannot deliver to ${delivery.platform}`);
      }
      try {
        await sender.send(delivery.chatId, delivery.message);
      } catch (error) {
        await markUnreachable(logger, delivery.chatId, error);
        throw error;
      }
    });

  let runner: RunnerHandle | undefined;
  let stopping = false;
  let stopDeadline = 0;
  let stopSignal = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let highestFinished = 0;
  const abandoned = new Set<number>();

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

  const sendReplies = async (ctx: TelegramContext, chatId: string, replies: OutboundMessage[]): Promise<void> => {
    for (const reply of replies) {
      try {
        await sendReply(ctx, chatId, reply);
      } catch (error) {
        // The rest would arrive out of context (and a blocked chat fails them all anyway).
        ctx.log.warn({ err: describeError(error), dropped: replies.length - replies.indexOf(reply) }, 'reply not sent');
        await markUnreachable(ctx.log, chatId, error);
        return;
      }
    }
  };

  const sendDeliveries = async (log: Logger, deliveries: Delivery[]): Promise<void> => {
    for (const delivery of deliveries) {
      try {
        await deliver(delivery);
      } catch (error) {
        const reason = error instanceof DeliveryError ? error.reason : 'failed';
        log.warn({ personId: delivery.personId, platform: delivery.platform, reason, err: describeError(error) }, 'delivery not sent');
      }
    }
  };

  bot.use(async (ctx, next) => {
    const updateId = ctx.update.update_id;
    ctx.log = logger.child({ updateId });
    const task = next();
    inFlight.add(task);
    try {
      await task;
      highestFinished = Math.max(highestFinished, updateId);
    } catch (error) {
      if (error instanceof UpdateAbandonedError) abandoned.add(updateId);
      else highestFinished = Math.max(highestFinished, updateId);
      throw error;
    } finally {
      inFlight.delete(task);
    }
  });

  bot.use(
    sequentialize((ctx: TelegramContext) => {
      const id = ctx.chat?.id ?? ctx.from?.id;
      return id === undefined ? undefined : String(id);
    }),
  );

  bot.use(async (ctx) => {
    const inbound = translateUpdate(ctx.update, ctx.me.username);
    let answered = ctx.callbackQuery === undefined;
    const answer = async (text?: string): Promise<void> => {
      if (answered) return;
      answered = true;
      try {
        await ctx.answerCallbackQuery(text === undefined ? undefined : { text: text.slice(0, TOAST_MAX_LENGTH) });
      } catch (error) {
        ctx.log.warn({ err: describeError(error) }, 'callback query not answered');
      }
    };
    try {
      if (inbound === undefined) {
        ctx.log.debug('update ignored');
        return;
      }
      const result = await handleWithRetry(inbound, ctx.log, () => answer());
      await answer(result.toast);
      await sendReplies(ctx, inbound.user.chatId, result.replies);
      await sendDeliveries(ctx.log, result.deliveries);
    } finally {
      await answer();
    }
  });

  const reportFailure = (error: BotError<TelegramContext>): void => {
    const log = logger.child({ updateId: error.ctx.update.update_id });
    if (error.error instanceof UpdateAbandonedError) {
      log.error({ attempts: error.error.attempts }, 'update given up at shutdown: the handler kept failing');
    } else {
      log.error({ err: describeError(error.error) }, 'update failed');
    }
  };
  bot.catch(reportFailure);
  const webhookMode = options.mode === 'webhook';
  let webhookStarted = false;

  const acknowledgeProcessed = async (): Promise<void> => {
    // The runner confirms a batch only with its next getUpdates, sent once the batch is handled;
    // confirm the last one here so a restart does not receive it again. An update given up at
    // shutdown is not confirmed: the next instance gets it (and the ones after it) again.
    const offset = abandoned.size > 0 ? Math.min(...abandoned) : highestFinished + 1;
    if (offset <= 1) return;
    try {
      await bot.api.getUpdates({ offset, limit: 1, timeout: 0 });
    } catch (error) {
      logger.warn({ err: describeError(error) }, 'could not confirm processed updates');
    }
  };

  return {
    bot,
    sender,
    async start() {
      if (runner?.isRunning() || webhookStarted) return;
      stopping = false;
      stopSignal = new AbortController();
      abandoned.clear();
      await bot.init();
      if (webhookMode) {
        const hook = options.setWebhook;
        if (hook !== undefined) {
          // Pending updates are kept: Telegram holds them while no instance answers.
          await bot.api.setWebhook(hook.url, { secret_token: hook.secretToken, allowed_updates: [...ALLOWED_UPDATES] });
        }
        webhookStarted = true;
        logger.info({ bot: bot.botInfo.username, setWebhook: hook !== undefined }, 'telegram webhook mode started');
        return;
      }
      await bot.api.deleteWebhook();
      // grammY runner's parts, with a batch sink instead of run()'s concurrent one: the updates of a
      // batch are handled together (one chat after another by sequentialize), and the next
      // getUpdates, which confirms the batch to Telegram, is sent only once all of them are handled.
      // With the concurrent sink the batch was confirmed at once, so a crash (or a kill -9) while
      // updates were being handled or retried lost them: Telegram had been told they were done.
      const fetchUpdates = createUpdateFetcher(bot, {
        fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
        // Failed getUpdates calls are logged by logFailedCalls, not on the console.
        silent: true,
      });
      const sink = createBatchSink<Update, BotError<TelegramContext>>({ consume: (update) => bot.handleUpdate(update) }, async (error) => {
        reportFailure(error);
      });
      const handle = createRunner(createSource({ supply: fetchUpdates }), sink);
      handle.start();
      runner = handle;
      handle.task()?.catch((error: unknown) => {
        logger.fatal({ err: describeError(error) }, 'long polling stopped');
      });
      logger.info({ bot: bot.botInfo.username }, 'telegram long polling started');
    },
    async stop() {
      if (webhookStarted) {
        // The webhook stays registered: other instances serve it, and Telegram keeps updates for a restart.
        webhookStarted = false;
        stopping = true;
        stopDeadline = Date.now() + stopGraceMs;
        stopSignal.abort();
        await Promise.allSettled([...inFlight]);
        logger.info('telegram webhook mode stopped');
        return;
      }
      const handle = runner;
      if (handle === undefined) return;
      runner = undefined;
      stopping = true;
      stopDeadline = Date.now() + stopGraceMs;
      stopSignal.abort();
      await handle.stop();
      await Promise.allSettled([...inFlight]);
      await acknowledgeProcessed();
      logger.info('telegram long polling stopped');
    },
    async handleWebhookUpdate(body) {
      if (!webhookStarted) throw new Error('the Telegram adapter is not serving a webhook (webhook mode, started)');
      const parsed = updateSchema.safeParse(body);
      if (!parsed.success) throw new Error('not a Telegram update');
      try {
        // Shape checked above as far as grammY needs it; grammY reads the rest defensively.
        await bot.handleUpdate(parsed.data as unknown as Update);
      } catch (error) {
        if (error instanceof BotError) reportFailure(error as BotError<TelegramContext>);
        throw error;
      }
    },
  };
}

async function sendReply(ctx: TelegramContext, chatId: string, reply: OutboundMessage): Promise<void> {
  const pressed = ctx.callbackQuery?.message;
  if (reply.edit && pressed !== undefined && reply.document === undefined) {
    try {
      const markup = keyboardOf(reply);
      await ctx.api.editMessageText(pressed.chat.id, pressed.message_id, reply.text, markup ? { reply_markup: markup } : {});
      return;
    } catch (error) {
      // The message already shows exactly this: nothing to do, and a copy would only confuse.
      if (error instanceof GrammyError && error.description.includes('message is not modified')) return;
      ctx.log.debug({ err: describeError(error) }, 'edit failed; sending a new message');
    }
  }
  await sendOutbound(ctx.api, chatId, reply);
}

async function sendOutbound(api: Api, chatId: string, message: OutboundMessage): Promise<void> {
  const target = toChatId(chatId);
  const markup = keyboardOf(message);
  const extra = markup ? { reply_markup: markup } : {};
  if (message.document === undefined) {
    await api.sendMessage(target, message.text, extra);
    return;
  }
  const text = message.text.trim();
  const captionFits = text.length <= CAPTION_MAX_LENGTH;
  if (!captionFits) await api.sendMessage(target, message.text);
  const file = new InputFile(message.document.content, message.document.fileName);
  await api.sendDocument(target, file, { ...extra, ...(captionFits && text !== '' ? { caption: message.text } : {}) });
}

function keyboardOf(message: OutboundMessage): InlineKeyboardMarkup | undefined {
  return message.buttons !== undefined && message.buttons.some((row) => row.length > 0) ? toInlineKeyboard(message.buttons) : undefined;
}

/** Numeric chat ids go out as numbers (the throttler tells groups by sign). */
function toChatId(chatId: string): number | string {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}

export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof GrammyError) {
    const unreachable =
      error.error_code === 403 || /chat not found|user is deactivated|bot was blocked|bot was kicked/i.test(error.description);
    if (unreachable) return new DeliveryError('blocked', error.description);
    if (error.error_code === 429) return new DeliveryError('rate_limited', error.description, error.parameters.retry_after);
    return new DeliveryError('failed', error.description);
  }
  return new DeliveryError('failed', error instanceof Error ? error.message : String(error));
}

/**
 * What may be logged about an error. GrammyError carries the request payload (message texts) and
 * database errors may carry query parameters, so only name, code and message go to the log.
 */
function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) return { name: error.name, method: error.method, code: error.error_code, message: error.description };
  if (error instanceof HttpError) return { name: error.name, message: error.message };
  // Database errors of a failed handler carry the query parameters (answers) in message and stack.
  if (error instanceof Error) return loggableError(error);
  return { message: String(error) };
}

/**
 * Abandons a Bot API call unanswered after `timeoutSeconds` (a long poll: after its own wait plus
 * that) and tries a call that hung or failed on the network again, `attempts` times in all, 1 s,
 * 2 s… apart (a long poll is retried by the runner). Without it a silently dropped connection holds
 * a chat, or the polling, for grammY's default of 500 s.
 */
function retryUnanswered(timeoutSeconds: number, attempts: number): Transformer {
  return async (prev, method, payload, signal) => {
    // A long poll waits by design: it gets its own wait on top, and the runner retries it itself.
    const poll = method === 'getUpdates';
    const wait = poll ? timeoutSeconds + Number((payload as { timeout?: unknown }).timeout ?? 0) : timeoutSeconds;
    let delay = 1000;
    for (let attempt = 1; ; attempt++) {
      // grammY hands over the runner's signal (an abort-controller polyfill, not Node's own): it is
      // followed by listening, not by AbortSignal.any.
      const controller = new AbortController();
      const abort = (): void => controller.abort();
      if (signal?.aborted === true) abort();
      else signal?.addEventListener('abort', abort);
      const timer = setTimeout(abort, wait * 1000);
      try {
        return await prev(method, payload, controller.signal as unknown as typeof signal);
      } catch (error) {
        if (poll || !(error instanceof HttpError) || signal?.aborted === true || attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      }
    }
  };
}

/** Logs every failed Bot API attempt by method and code; never the payload. */
function logFailedCalls(logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok) {
        const serious = result.error_code === 429 || result.error_code >= 500 || result.error_code === 401 || result.error_code === 409;
        const entry = { method, code: result.error_code, description: result.description, retryAfter: result.parameters?.retry_after };
        if (serious) logger.warn(entry, 'Bot API call failed');
        else logger.debug(entry, 'Bot API call failed');
      }
      return result;
    } catch (error) {
      if (signal?.aborted !== true) logger.warn({ method, err: describeError(error) }, 'Bot API call failed');
      throw error;
    }
  };
}
