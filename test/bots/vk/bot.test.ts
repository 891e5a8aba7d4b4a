// The VK adapter end to end: the real vk-io client and our long-poll loop against a fake VK API
// server on loopback, with a small in-test UpdateHandler in place of the flow engine.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createVkAdapter, type VkAdapter, type VkAdapterOptions } from '../../../bots/vk/bot';
import { DeliveryError, type HandleResult, type InboundUpdate, type OutboundMessage, type UpdateHandler } from '../../../flows/events';
import { createLogger } from '../../../src/logger';
import { startFakeVk, type FakeVk } from '../../support/fake-vk';

type Respond = (update: InboundUpdate, attempt: number) => HandleResult | Promise<HandleResult>;

interface StubHandler extends UpdateHandler {
  /** Every call, failed ones included, in call order. */
  calls: InboundUpdate[];
}

function result(replies: OutboundMessage[], extra: Partial<HandleResult> = {}): HandleResult {
  return { duplicate: false, replies, deliveries: [], ...extra };
}

function describeEvent(update: InboundUpdate): string {
  const e = update.event;
  switch (e.kind) {
    case 'command':
      return `command ${e.name} [${e.args}]`;
    case 'text':
      return `text ${e.text}`;
    case 'button':
      return `button ${e.payload}`;
    case 'unsupported':
      return `unsupported ${e.content}`;
  }
}

/** Echoes the event as text, with two buttons, unless told otherwise. */
const echo: Respond = (update) =>
  result([
    {
      text: `got ${describeEvent(update)}`,
      buttons: [[{ label: 'Да', payload: 'consent:yes' }, { label: 'Нет', payload: 'consent:no' }]],
    },
  ]);

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

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

let fake: FakeVk | undefined;
let adapter: VkAdapter | undefined;

afterEach(async () => {
  await adapter?.stop();
  await fake?.close();
  adapter = undefined;
  fake = undefined;
});

async function startAdapter(
  handler: UpdateHandler,
  extra: Partial<VkAdapterOptions> = {},
): Promise<{ fake: FakeVk; adapter: VkAdapter; logs: Record<string, unknown>[] }> {
  fake = await startFakeVk({ groupId: 4242 });
  const { lines, stream } = captureLogs();
  adapter = createVkAdapter({
    token: fake.token,
    groupId: fake.groupId,
    apiBaseUrl: fake.apiBaseUrl,
    handler,
    logger: createLogger('debug', stream),
    handlerRetry: { initialDelayMs: 10, maxDelayMs: 40 },
    sendRetry: { attempts: 3, initialDelayMs: 10 },
    stopGraceMs: 200,
    ...extra,
  });
  await adapter.start();
  return { fake, adapter, logs: lines };
}

describe('VK adapter over long poll', () => {
  it('answers a text message with a reply carrying callback buttons', async () => {
    const handler = stubHandler();
    const { fake } = await startAdapter(handler);

    fake.user(501, { lang: 'en' }).sendText('Привет <мир> & "друзья"');

    const [sent] = await fake.waitForMessages(501, 1);
    expect(sent?.text).toBe('got text Привет <мир> & "друзья"');
    expect(sent?.keyboard).toMatchObject({ inline: true });
    expect(sent?.buttons).toEqual([
      [
        { label: 'Да', type: 'callback', payload: '{"p":"consent:yes"}', p: 'consent:yes' },
        { label: 'Нет', type: 'callback', payload: '{"p":"consent:no"}', p: 'consent:no' },
      ],
    ]);
    expect(handler.calls[0]).toMatchObject({
      platform: 'vk',
      chatType: 'private',
      user: { externalId: '501', chatId: '501', languageCode: 'en' },
      event: { kind: 'text' },
    });
  });

  it('a callback press reaches the handler as its payload and is answered once with the toast', async () => {
    const handler = stubHandler((update) =>
      update.event.kind === 'button' ? result([{ text: 'noted' }], { toast: 'Принято' }) : echo(update, 1),
    );
    const { fake } = await startAdapter(handler);
    const user = fake.user(502);
    user.sendText('hi');
    await fake.waitForMessages(502, 1);

    user.press('Нет');

    await fake.waitForMessages(502, 2);
    const answers = fake.callsOf('messages.sendMessageEventAnswer');
    expect(answers).toHaveLength(1);
    expect(JSON.parse(answers[0]?.params.event_data ?? '')).toEqual({ type: 'show_snackbar', text: 'Принято' });
    expect(handler.calls[1]?.event).toEqual({ kind: 'button', payload: 'consent:no' });
  });

  it('a press whose handler gives no toast is still answered, without a snackbar', async () => {
    const { fake } = await startAdapter(stubHandler());
    fake.user(503).pressCallback({ p: 'consent:yes' });

    const answer = await fake.waitForCall((c) => c.method === 'messages.sendMessageEventAnswer');
    expect(answer.params.event_data).toBeUndefined();
  });

  it('an edit reply replaces the pressed message instead of sending a new one', async () => {
    const handler = stubHandler((update) =>
      update.event.kind === 'button'
        ? result([{ text: 'Выбрано: Да ✓', edit: true, buttons: [[{ label: 'Готово', payload: 'done:1:2' }]] }])
        : echo(update, 1),
    );
    const { fake } = await startAdapter(handler);
    const user = fake.user(504);
    user.sendText('hi');
    await fake.waitForMessages(504, 1);

    user.press('Да');

    await fake.waitForCall((c) => c.method === 'messages.edit' && c.errorCode === undefined);
    await fake.waitForCall((c) => c.method === 'messages.sendMessageEventAnswer');
    const [message, ...others] = fake.sentTo(504);
    expect(others).toHaveLength(0);
    expect(message?.text).toBe('Выбрано: Да ✓');
    expect(message?.history).toEqual(['got text hi']);
    expect(message?.buttons.flat().map((b) => b.p)).toEqual(['done:1:2']);
  });

  it('an edit that VK refuses falls back to a new message', async () => {
    const handler = stubHandler(() => result([{ text: 'updated', edit: true }]));
    const { fake } = await startAdapter(handler);
    fake.failNext('messages.edit', 1, { error_code: 909, error_msg: "Can't edit this message, because it's too old" });

    fake.user(505).pressCallback({ p: 'consent:yes' }, 77);

    const [sent] = await fake.waitForMessages(505, 1);
    expect(sent?.text).toBe('updated');
  });

  it('a client without callback buttons gets text buttons, and pressing one reaches the handler as a button', async () => {
    const handler = stubHandler();
    const { fake } = await startAdapter(handler);
    const user = fake.user(506, { callback: false });
    user.sendText('hi');
    const [first] = await fake.waitForMessages(506, 1);
    expect(first?.keyboard?.inline).toBe(true);
    expect(first?.buttons.flat().map((b) => b.type)).toEqual(['text', 'text']);

    user.press('Да');

    const messages = await fake.waitForMessages(506, 2);
    expect(handler.calls[1]?.event).toEqual({ kind: 'button', payload: 'consent:yes' });
    expect(messages[1]?.text).toBe('got button consent:yes');
    expect(fake.callsOf('messages.sendMessageEventAnswer')).toHaveLength(0);
  });

  it('a client without inline keyboards gets a one-time keyboard under the input field', async () => {
    const { fake } = await startAdapter(stubHandler());
    fake.user(507, { inlineKeyboard: false, callback: false }).sendText('hi');

    const [sent] = await fake.waitForMessages(507, 1);
    expect(sent?.keyboard).toMatchObject({ inline: false, oneTime: true });
    expect(sent?.buttons.flat().map((b) => b.type)).toEqual(['text', 'text']);
  });

  it('a long list of buttons arrives over several messages without losing any', async () => {
    const buttons = Array.from({ length: 23 }, (_, i) => [{ label: `Вариант ${i + 1}`, payload: `pick:1:2:${i}` }]);
    const { fake } = await startAdapter(stubHandler(() => result([{ text: 'Выберите', buttons }])));
    fake.user(508).sendText('hi');

    // One button per row: six rows fit an inline keyboard, so 23 rows take four messages.
    const messages = await fake.waitForMessages(508, 4);
    expect(messages.map((m) => m.text)).toEqual(['Выберите', '…', '…', '…']);
    expect(messages.flatMap((m) => m.buttons.flat().map((b) => b.p))).toEqual(buttons.map(([b]) => b?.payload));
  });

  it('sends a message once when VK first answers "too many requests per second"', async () => {
    const { fake } = await startAdapter(stubHandler());
    fake.failNext('messages.send', 1, { error_code: 6 });

    fake.user(509).sendText('hi');

    await fake.waitForCall((c) => c.method === 'messages.send' && c.errorCode === undefined, 5000);
    const sends = fake.callsOf('messages.send');
    expect(sends.map((c) => c.errorCode)).toEqual([6, undefined]);
    expect(sends[0]?.params.random_id).toBe(sends[1]?.params.random_id);
    expect(fake.sentTo(509)).toHaveLength(1);
  });

  it('retries a send refused by flood control and sends it once', async () => {
    const { fake } = await startAdapter(stubHandler());
    fake.failNext('messages.send', 2, { error_code: 9 });

    fake.user(510).sendText('hi');

    await fake.waitForMessages(510, 1);
    const sends = fake.callsOf('messages.send');
    expect(sends.map((c) => c.errorCode)).toEqual([9, 9, undefined]);
    expect(new Set(sends.map((c) => c.params.random_id)).size).toBe(1);
  });

  it('a repeated long-poll delivery reaches the handler with the same update id', async () => {
    const handler = stubHandler();
    const { fake } = await startAdapter(handler);
    const event = fake.user(511).sendText('hi');
    await fake.waitForMessages(511, 1);

    fake.injectEvent(event);

    await waitUntil(() => handler.calls.length === 2, 'the second delivery');
    expect(handler.calls[1]?.updateId).toBe(handler.calls[0]?.updateId);
    expect(handler.calls[0]?.updateId).toBe(event.event_id);
  });

  it('re-sending the replies of a re-processed update does not show them twice', async () => {
    const handler = stubHandler();
    const { fake } = await startAdapter(handler);
    const event = fake.user(512).sendText('hi');
    await fake.waitForMessages(512, 1);

    fake.injectEvent(event);

    await waitUntil(() => fake.callsOf('messages.send').length === 2, 'the second send');
    expect(fake.sentTo(512)).toHaveLength(1);
  });

  it('a handler that fails (database down) is retried until the update is handled, and the failure is logged once', async () => {
    const handler = stubHandler((update, attempt) => {
      if (attempt < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return echo(update, attempt);
    });
    const { fake, logs } = await startAdapter(handler);

    fake.user(513).sendText('моё секретное сообщение');

    const [sent] = await fake.waitForMessages(513, 1);
    expect(sent?.text).toBe('got text моё секретное сообщение');
    expect(handler.calls).toHaveLength(3);
    expect(logs.filter((l) => l.level === 50)).toHaveLength(1);
    expect(JSON.stringify(logs)).not.toContain('секретное');
  });

  it('a press whose handler fails at first is answered at once, so the client stops waiting', async () => {
    const handler = stubHandler((update, attempt) => {
      if (attempt < 3) throw new Error('database unavailable');
      return result([{ text: 'ok' }], { toast: 'Принято' });
    });
    const { fake } = await startAdapter(handler);

    fake.user(524).pressCallback({ p: 'consent:yes' });

    await fake.waitForMessages(524, 1);
    expect(fake.callsOf('messages.sendMessageEventAnswer')).toHaveLength(1);
    expect(handler.calls).toHaveLength(3);
  });

  it('an update whose handler still fails at shutdown is given up after the grace period and logged', async () => {
    const handler = stubHandler(() => {
      throw new Error('database unavailable');
    });
    const { fake, adapter, logs } = await startAdapter(handler, { stopGraceMs: 100 });
    fake.user(525).sendText('hi');
    await waitUntil(() => handler.calls.length >= 2, 'a retry');

    await adapter.stop();

    expect(logs.some((l) => l.msg === 'update given up at shutdown: the handler kept failing')).toBe(true);
    expect(fake.sentTo(525)).toHaveLength(0);
  });

  it('keeps the order of one user’s messages while another user’s handler is stuck', async () => {
    let release = (): void => {};
    const stuck = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = stubHandler(async (update) => {
      if (update.user.externalId === '514') await stuck;
      return echo(update, 1);
    });
    const { fake } = await startAdapter(handler);
    fake.user(514).sendText('first');
    const other = fake.user(515);
    other.sendText('one');
    other.sendText('two');

    const messages = await fake.waitForMessages(515, 2);
    expect(messages.map((m) => m.text)).toEqual(['got text one', 'got text two']);
    release();
    await fake.waitForMessages(514, 1);
  });

  it('a reply to a user who forbade messages fails as blocked', async () => {
    const { fake, logs } = await startAdapter(stubHandler());
    const user = fake.user(516);
    user.block();

    user.sendText('hi');

    await fake.waitForCall((c) => c.method === 'messages.send' && c.errorCode === 901);
    await waitUntil(() => logs.some((l) => l.msg === 'reply not sent'), 'the warning');
    expect(logs.find((l) => l.msg === 'reply not sent')).toMatchObject({ reason: 'blocked' });
  });

  it('the sender reports a blocked user as DeliveryError("blocked")', async () => {
    const { fake, adapter } = await startAdapter(stubHandler());
    fake.user(517).block();

    const error = await adapter.sender.send('517', { text: 'Напоминание о встрече' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ reason: 'blocked' });
  });

  it('the sender delivers a message with buttons to a user the adapter has not seen', async () => {
    const { fake, adapter } = await startAdapter(stubHandler());

    await adapter.sender.send('518', { text: 'Пара подобрана', buttons: [[{ label: 'Подтвердить', payload: 'act:pair:confirm:7' }]] });

    const [sent] = fake.sentTo(518);
    expect(sent?.buttons.flat()).toEqual([{ label: 'Подтвердить', type: 'callback', payload: '{"p":"act:pair:confirm:7"}', p: 'act:pair:confirm:7' }]);
  });

  it('the sender refuses a chat id that is not a VK peer id', async () => {
    const { adapter } = await startAdapter(stubHandler());

    await expect(adapter.sender.send('abc', { text: 'x' })).rejects.toMatchObject({ reason: 'failed' });
  });

  it('sends a document as an uploaded file with the text', async () => {
    const report = { fileName: 'report.csv', content: new TextEncoder().encode('a;b\n1;2\n'), mimeType: 'text/csv' };
    const { fake } = await startAdapter(stubHandler(() => result([{ text: 'Отчёт', document: report }])));

    fake.user(519).sendText('/report');

    const [sent] = await fake.waitForMessages(519, 1);
    expect(sent?.text).toBe('Отчёт');
    expect(sent?.attachments).toEqual([fake.documents[0]?.attachment]);
    expect(fake.documents[0]).toMatchObject({ fileName: 'report.csv', size: 8 });
  });

  it('VK deliveries of an update go to their users', async () => {
    const handler = stubHandler(() =>
      result([{ text: 'Отправлено' }], { deliveries: [{ platform: 'vk', chatId: '521', personId: 9, message: { text: 'Вам предложена пара' } }] }),
    );
    const { fake } = await startAdapter(handler);

    fake.user(520).sendText('hi');

    const [delivered] = await fake.waitForMessages(521, 1);
    expect(delivered?.text).toBe('Вам предложена пара');
  });

  it('keeps polling after the long-poll session expires', async () => {
    const handler = stubHandler();
    const { fake } = await startAdapter(handler);
    await waitUntil(() => fake.longPollRequests > 0, 'the first poll');

    fake.failLongPoll(2);
    fake.user(522).sendText('after renewal');

    await fake.waitForMessages(522, 1);
    expect(fake.callsOf('groups.getLongPollServer').length).toBe(2);
  });

  it('stop ends the open long-poll request promptly', async () => {
    const { adapter } = await startAdapter(stubHandler(), { pollWaitSeconds: 25 });
    const started = Date.now();

    await adapter.stop();

    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('VK adapter over webhooks', () => {
  it('handles a Callback API body and resolves once the reply is sent', async () => {
    const handler = stubHandler();
    const { fake, adapter } = await startAdapter(handler, { mode: 'webhook' });
    const body = {
      type: 'message_new',
      group_id: fake.groupId,
      event_id: 'f'.repeat(40),
      v: '5.199',
      object: {
        message: { id: 1, conversation_message_id: 1, peer_id: 523, from_id: 523, out: 0, text: '/start CODE1', attachments: [], date: 0 },
        client_info: { button_actions: ['text', 'callback'], keyboard: true, inline_keyboard: true, lang_id: 0 },
      },
    };

    await adapter.handleWebhookUpdate(body);

    expect(fake.sentTo(523).map((m) => m.text)).toEqual(['got command start [CODE1]']);
    expect(fake.longPollRequests).toBe(0);
  });

  it('rejects a body that is not a VK event', async () => {
    const { adapter } = await startAdapter(stubHandler(), { mode: 'webhook' });

    await expect(adapter.handleWebhookUpdate({ hello: 'world' })).rejects.toThrow(/not a VK/);
  });
});
