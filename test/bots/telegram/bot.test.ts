// The Telegram adapter end to end: the real grammY bot and runner long-polling a fake Bot API
// server on loopback, with a small in-test UpdateHandler in place of the flow engine.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from '../../../bots/telegram/bot';
import { DeliveryError, type HandleResult, type InboundUpdate, type OutboundMessage, type UpdateHandler } from '../../../flows/events';
import { createLogger } from '../../../src/logger';
import { startFakeTelegram, waitUntil, type FakeTelegram } from '../../support/fake-telegram';

type Respond = (update: InboundUpdate, attempt: number) => HandleResult | Promise<HandleResult>;

interface StubHandler extends UpdateHandler {
  /** Every call, failed ones included, in call order. */
  calls: InboundUpdate[];
}

function result(replies: OutboundMessage[], extra: Partial<HandleResult> = {}): HandleResult {
  return { duplicate: false, replies, deliveries: [], ...extra };
}

/** Echoes the event as text, with one button, unless told otherwise. */
const echo: Respond = (update) => result([{ text: `got ${describeEvent(update)}`, buttons: [[{ label: 'Next', payload: 'act:demo:next:1' }]] }]);

function describeEvent(update: InboundUpdate): string {
  const e = update.event;
  switch (e.kind) {
    case 'command':
      return `command ${e.name} [${e.args}] in ${update.chatType}`;
    case 'text':
      return `text ${e.text} in ${update.chatType}`;
    case 'button':
      return `button ${e.payload}`;
    case 'unsupported':
      return `unsupported ${e.content}`;
  }
}

function stubHandler(respond: Respond = echo): StubHandler {
  const calls: InboundUpdate[] = [];
  const attempts = new Map<string, number>();
  return {
    calls,
    async handle(update) {
      calls.push(update);
      const attempt = (attempts.get(update.updateId) ?? 0) + 1;
      attempts.set(update.updateId, attempt);
      return respond(update, attempt);
    },
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Log lines as parsed JSON objects. */
function captureLogs(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, stream };
}

let fake: FakeTelegram | undefined;
let adapter: TelegramAdapter | undefined;

afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = undefined;
  fake = undefined;
});

async function setup(
  handler: UpdateHandler,
  options: Partial<TelegramAdapterOptions> = {},
): Promise<{ tg: FakeTelegram; bot: TelegramAdapter }> {
  const tg = await startFakeTelegram();
  fake = tg;
  const bot = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    handler,
    logger: createLogger('silent'),
    throttle: false,
    handlerRetry: { initialDelayMs: 10, maxDelayMs: 40 },
    stopGraceMs: 200,
    ...options,
  });
  adapter = bot;
  await bot.start();
  return { tg, bot };
}

const methodCalls = (tg: FakeTelegram, method: string) => tg.calls.filter((c) => c.method === method);

describe('Telegram adapter over long polling', () => {
  it('removes any webhook before it starts polling', async () => {
    const { tg } = await setup(stubHandler());
    await tg.waitForCall((c) => c.method === 'getUpdates');
    const methods = tg.calls.map((c) => c.method);
    expect(methods.indexOf('deleteWebhook')).toBeGreaterThanOrEqual(0);
    expect(methods.indexOf('deleteWebhook')).toBeLessThan(methods.indexOf('getUpdates'));
  });

  it('answers a text message with the reply and its buttons', async () => {
    const handler = stubHandler();
    const { tg } = await setup(handler);
    tg.user(501, { languageCode: 'en' }).sendText('hello');

    const [message] = await tg.waitForMessages(501, 1);
    expect(message?.text).toBe('got text hello in private');
    expect(message?.buttons).toEqual([[{ text: 'Next', callback_data: 'act:demo:next:1' }]]);
    expect(handler.calls[0]?.user).toEqual({ externalId: '501', chatId: '501', languageCode: 'en' });
  });

  it('sends several replies in order', async () => {
    const { tg } = await setup(stubHandler(() => result([{ text: 'one' }, { text: 'two' }, { text: 'three' }])));
    tg.user(501).sendText('go');
    const messages = await tg.waitForMessages(501, 3);
    expect(messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
  });

  it('answers a button press exactly once and edits the pressed message when the reply asks to', async () => {
    const handler = stubHandler((update) =>
      update.event.kind === 'button'
        ? result([{ text: 'Chosen: A ✓', edit: true, buttons: [[{ label: 'Done', payload: 'done:1:2' }]] }])
        : result([{ text: 'Choose', buttons: [[{ label: 'A', payload: 'pick:1:2:3' }]] }]),
    );
    const { tg } = await setup(handler);
    const user = tg.user(501);
    user.sendText('start');
    const [question] = await tg.waitForMessages(501, 1);
    user.press('pick:1:2:3', question?.message_id);

    await tg.waitForCall((c) => c.method === 'editMessageText');
    await tg.waitForCall((c) => c.method === 'answerCallbackQuery');
    const messages = tg.sentTo(501);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.text).toBe('Chosen: A ✓');
    expect(messages[0]?.history).toEqual(['Choose']);
    expect(messages[0]?.buttons).toEqual([[{ text: 'Done', callback_data: 'done:1:2' }]]);
    expect(handler.calls[1]?.event).toEqual({ kind: 'button', payload: 'pick:1:2:3' });
    expect(methodCalls(tg, 'answerCallbackQuery')).toHaveLength(1);
  });

  it('shows the toast as the text of the callback answer', async () => {
    const { tg } = await setup(stubHandler((u) => (u.event.kind === 'button' ? result([], { toast: 'Saved' }) : result([{ text: 'Q', buttons: [[{ label: 'A', payload: 'x' }]] }]))));
    const user = tg.user(501);
    user.sendText('start');
    await tg.waitForMessages(501, 1);
    user.press('x');
    const answer = await tg.waitForCall((c) => c.method === 'answerCallbackQuery');
    expect(answer.params.text).toBe('Saved');
  });

  it('neither fails nor sends a copy when the edited message would not change', async () => {
    const same: OutboundMessage = { text: 'Choose', buttons: [[{ label: 'A', payload: 'x' }]] };
    const { tg } = await setup(stubHandler((u) => (u.event.kind === 'button' ? result([{ ...same, edit: true }, { text: 'after' }]) : result([same]))));
    const user = tg.user(501);
    user.sendText('start');
    await tg.waitForMessages(501, 1);
    user.press('x');

    const messages = await tg.waitForMessages(501, 2);
    expect(messages.map((m) => m.text)).toEqual(['Choose', 'after']);
    expect(methodCalls(tg, 'editMessageText')[0]?.errorCode).toBe(400);
  });

  it('sends a new message when the pressed message cannot be edited', async () => {
    const { tg } = await setup(stubHandler((u) => (u.event.kind === 'button' ? result([{ text: 'new state', edit: true }]) : result([{ text: 'Q' }]))));
    const user = tg.user(501);
    user.sendText('start');
    await tg.waitForMessages(501, 1);
    tg.failNext('editMessageText', 1, { error_code: 400, description: "Bad Request: message can't be edited" });
    user.press('x');

    const messages = await tg.waitForMessages(501, 2);
    expect(messages.map((m) => m.text)).toEqual(['Q', 'new state']);
  });

  it('passes a sticker and a photo to the handler as unsupported content', async () => {
    const handler = stubHandler();
    const { tg } = await setup(handler);
    const user = tg.user(501);
    user.sendSticker();
    user.sendPhoto();

    const messages = await tg.waitForMessages(501, 2);
    expect(messages.map((m) => m.text)).toEqual(['got unsupported sticker', 'got unsupported photo']);
  });

  it('passes a deep-link start as the start command with the invite code', async () => {
    const handler = stubHandler();
    const { tg } = await setup(handler);
    tg.user(501).sendCommand('/start', 'INV-7QX');
    await tg.waitForMessages(501, 1);
    expect(handler.calls[0]?.event).toEqual({ kind: 'command', name: 'start', args: 'INV-7QX' });
  });

  it('accepts a command addressed to the bot by its username', async () => {
    const handler = stubHandler();
    const { tg } = await setup(handler);
    tg.user(501).sendCommand(`/start@${tg.botInfo.username}`);
    await tg.waitForMessages(501, 1);
    expect(handler.calls[0]?.event).toEqual({ kind: 'command', name: 'start', args: '' });
  });

  it('marks updates from a group chat as group and replies to the group', async () => {
    const handler = stubHandler();
    const { tg } = await setup(handler);
    tg.groupMessage(`/help@${tg.botInfo.username}`, { chatId: -100555, fromId: 77 });
    tg.groupMessage('hi all', { chatId: -100666, fromId: 78, type: 'supergroup' });

    expect((await tg.waitForMessages(-100555, 1))[0]?.text).toBe('got command help [] in group');
    expect((await tg.waitForMessages(-100666, 1))[0]?.text).toBe('got text hi all in group');
    expect(handler.calls.map((u) => [u.chatType, u.user.externalId])).toEqual(
      expect.arrayContaining([
        ['group', '77'],
        ['group', '78'],
      ]),
    );
  });

  it('waits out a 429 with retry_after and sends the message exactly once', async () => {
    const { tg } = await setup(stubHandler());
    tg.failNext('sendMessage', 1, { error_code: 429, parameters: { retry_after: 1 } });
    const started = Date.now();
    tg.user(501).sendText('hello');

    await tg.waitForMessages(501, 1, 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(methodCalls(tg, 'sendMessage').map((c) => c.errorCode)).toEqual([429, undefined]);
    expect(tg.sentTo(501)).toHaveLength(1);
  });

  it('processes an update whose handler failed twice, and replies once', async () => {
    const handler = stubHandler((update, attempt) => {
      if (attempt <= 2) throw new Error('database is down');
      return echo(update, attempt);
    });
    const { tg } = await setup(handler);
    const updateId = tg.user(501).sendText('hello');

    await tg.waitForMessages(501, 1);
    expect(handler.calls.map((u) => u.updateId)).toEqual([String(updateId), String(updateId), String(updateId)]);
    expect(tg.sentTo(501).map((m) => m.text)).toEqual(['got text hello in private']);
  });

  it('keeps later messages of a chat waiting behind a failing one, in order', async () => {
    let healthy = false;
    const handler = stubHandler((update, attempt) => {
      if (!healthy) throw new Error('database is down');
      return echo(update, attempt);
    });
    const { tg } = await setup(handler);
    const user = tg.user(501);
    user.sendText('first');
    user.sendText('second');
    await waitUntil(() => handler.calls.length >= 3);
    expect(handler.calls.every((u) => u.event.kind === 'text' && u.event.text === 'first')).toBe(true);

    healthy = true;
    const messages = await tg.waitForMessages(501, 2);
    expect(messages.map((m) => m.text)).toEqual(['got text first in private', 'got text second in private']);
  });

  it('logs a failing handler once, with the update id and without the message text', async () => {
    const logs = captureLogs();
    const handler = stubHandler((update, attempt) => {
      if (attempt <= 3) throw new Error('connection refused');
      return echo(update, attempt);
    });
    const { tg } = await setup(handler, { logger: createLogger('info', logs.stream) });
    const updateId = tg.user(501).sendText('my secret answer');
    await tg.waitForMessages(501, 1);

    const errors = logs.lines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.updateId).toBe(updateId);
    expect(JSON.stringify(logs.lines)).not.toContain('my secret answer');
  });

  it('answers a button press even while the handler is failing', async () => {
    const handler = stubHandler((update) => {
      if (update.event.kind === 'button') throw new Error('database is down');
      return result([{ text: 'Q', buttons: [[{ label: 'A', payload: 'x' }]] }]);
    });
    const { tg } = await setup(handler);
    const user = tg.user(501);
    user.sendText('start');
    await tg.waitForMessages(501, 1);
    user.press('x');

    const answer = await tg.waitForCall((c) => c.method === 'answerCallbackQuery');
    expect(answer.params.text).toBeUndefined();
  });

  it('finishes in-flight work on stop and confirms the processed update', async () => {
    const release = deferred();
    const handler = stubHandler(async (update, attempt) => {
      await release.promise;
      return echo(update, attempt);
    });
    const { tg, bot } = await setup(handler);
    const updateId = tg.user(501).sendText('slow');
    await waitUntil(() => handler.calls.length === 1);

    let stopped = false;
    const stopping = bot.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;

    expect(tg.sentTo(501).map((m) => m.text)).toEqual(['got text slow in private']);
    expect(tg.lastAcknowledgedOffset).toBe(updateId + 1);
    expect(tg.pendingUpdates()).toBe(0);
  });

  it('gives up a still-failing update when stop runs out of grace, and logs it with its id', async () => {
    const logs = captureLogs();
    const handler = stubHandler(() => {
      throw new Error('database is down');
    });
    const { tg, bot } = await setup(handler, { stopGraceMs: 100, logger: createLogger('info', logs.stream) });
    const updateId = tg.user(501).sendText('hello');
    await waitUntil(() => handler.calls.length >= 2);

    const started = Date.now();
    await bot.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(tg.sentTo(501)).toHaveLength(0);
    // The runner confirmed the update when it fetched the next batch, so it is lost: the log says which.
    const givenUp = logs.lines.filter((l) => l.level === 50 && l.updateId === updateId);
    expect(givenUp.map((l) => l.msg)).toEqual([
      'handler failed; retrying the update until it succeeds',
      'update given up at shutdown: the handler kept failing',
    ]);
  });

  it('uploads a document reply with its file name and size', async () => {
    const content = new TextEncoder().encode('name;pair\nA;B\n');
    const { tg } = await setup(
      stubHandler(() => result([{ text: 'Report', document: { fileName: 'pairs.csv', content, mimeType: 'text/csv' } }])),
    );
    tg.user(501).sendCommand('/report');
    const [message] = await tg.waitForMessages(501, 1);
    expect(message?.document).toEqual({ fileName: 'pairs.csv', size: content.length });
    expect(message?.caption).toBe('Report');
  });

  it('sends deliveries to their chats and goes on past a blocked one', async () => {
    const { tg } = await setup(
      stubHandler(() =>
        result([{ text: 'Proposal sent' }], {
          deliveries: [
            { platform: 'telegram', chatId: '601', personId: 1, message: { text: 'A pair is proposed' } },
            { platform: 'telegram', chatId: '602', personId: 2, message: { text: 'A pair is proposed' } },
          ],
        }),
      ),
    );
    tg.failNext('sendMessage', 1, { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    tg.user(501).sendText('approve');
    // The first sendMessage (the reply) is refused; deliveries still go out.
    await tg.waitForMessages(602, 1);
    expect(tg.sentTo(601).map((m) => m.text)).toEqual(['A pair is proposed']);
    expect(tg.sentTo(501)).toHaveLength(0);
  });
});

describe('Telegram sender', () => {
  it('sends a message with buttons to a chat', async () => {
    const { tg, bot } = await setup(stubHandler());
    await bot.sender.send('601', { text: 'Meeting tomorrow', buttons: [[{ label: 'OK', payload: 'act:meet:ok:5' }]] });
    expect(tg.sentTo(601)).toMatchObject([{ text: 'Meeting tomorrow', buttons: [[{ text: 'OK', callback_data: 'act:meet:ok:5' }]] }]);
  });

  it.each([
    'Forbidden: bot was blocked by the user',
    'Forbidden: user is deactivated',
  ])('reports "%s" as blocked', async (description) => {
    const { tg, bot } = await setup(stubHandler());
    tg.failNext('sendMessage', 1, { error_code: 403, description });
    const error = await bot.sender.send('601', { text: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as DeliveryError).reason).toBe('blocked');
  });

  it('reports a chat that does not exist as blocked', async () => {
    const { tg, bot } = await setup(stubHandler());
    tg.failNext('sendMessage', 1, { error_code: 400, description: 'Bad Request: chat not found' });
    await expect(bot.sender.send('601', { text: 'hi' })).rejects.toMatchObject({ reason: 'blocked' });
  });

  it('reports a rate limit longer than the retry budget as rate_limited with the wait', async () => {
    const { tg, bot } = await setup(stubHandler());
    tg.failNext('sendMessage', 1, { error_code: 429, parameters: { retry_after: 120 } });
    await expect(bot.sender.send('601', { text: 'hi' })).rejects.toMatchObject({ reason: 'rate_limited', retryAfterSeconds: 120 });
    expect(methodCalls(tg, 'sendMessage')).toHaveLength(1);
  });

  it('reports other refusals as failed', async () => {
    const { tg, bot } = await setup(stubHandler());
    tg.failNext('sendMessage', 1, { error_code: 400, description: "Bad Request: can't parse entities" });
    await expect(bot.sender.send('601', { text: 'hi' })).rejects.toMatchObject({ reason: 'failed' });
  });
});

describe('Telegram adapter with the throttler', () => {
  it('still delivers replies in order when outgoing calls are throttled', async () => {
    const { tg } = await setup(stubHandler(() => result([{ text: 'one' }, { text: 'two' }])), { throttle: true });
    tg.user(501).sendText('go');
    const messages = await tg.waitForMessages(501, 2, 5000);
    expect(messages.map((m) => m.text)).toEqual(['one', 'two']);
  });
});
