// The real Telegram side of the application for end-to-end tests: a new app (engine on its own
// database connections) and the real grammY adapter long-polling the fake Bot API; and a person
// who talks to it the way a user does: typing, sending stickers, pressing buttons by their label.
import { expect } from 'vitest';
import type { Update } from 'grammy/types';
import { createDeliveryRouter } from '../../../bots/delivery-router';
import { createTelegramAdapter, type TelegramAdapter } from '../../../bots/telegram/bot';
import { createDatabase } from '../../../db/client';
import type { App } from '../../../src/app';
import { createTestApp } from '../../support/app';
import type { FakeTelegram, FakeUser, RecordedCall, SentMessage } from '../../support/fake-telegram';
import type { UpdateTracker } from './update-tracker';

export interface TelegramBotUnderTest {
  app: App;
  adapter: TelegramAdapter;
  /** Stops long polling (in-flight updates finish and are confirmed), then closes the app's database. */
  shutdown(): Promise<void>;
}

/**
 * Builds the application on its own connections to `databaseUrl` and starts the Telegram adapter as
 * main.ts does. Every update the bot finishes handling is counted in `tracker`.
 */
export async function startTelegramBot(tg: FakeTelegram, databaseUrl: string, tracker: UpdateTracker): Promise<TelegramBotUnderTest> {
  const app = await createTestApp(createDatabase({ url: databaseUrl, poolSize: 3 }));
  const router = createDeliveryRouter(app.logger);
  const adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    handler: app.engine,
    logger: app.logger,
    // The throttler's 1 message/s per chat would only slow the tests down.
    throttle: false,
    deliver: router.deliver,
  });
  router.register(adapter.sender);
  // The runner hands every update to bot.handleUpdate, which resolves when the middleware is done:
  // the handler has run, the callback query is answered and the replies are sent.
  const handleUpdate = adapter.bot.handleUpdate.bind(adapter.bot);
  adapter.bot.handleUpdate = async (update, envelope) => {
    try {
      await handleUpdate(update, envelope);
    } finally {
      tracker.record(String(update.update_id));
    }
  };
  await adapter.start();
  return {
    app,
    adapter,
    async shutdown() {
      await adapter.stop();
      await app.close();
    },
  };
}

/** What one action changed in the chat. */
export interface Seen {
  updateId: number;
  /** New messages from the bot, in order. */
  sent: SentMessage[];
  /** Earlier bot messages that were edited. */
  edited: SentMessage[];
  /** answerCallbackQuery calls made for this action. */
  callbackAnswers: RecordedCall[];
  /** Texts of `sent`, for reading. */
  texts: string[];
}

export interface TelegramPerson {
  readonly id: number;
  readonly user: FakeUser;
  text(text: string): Promise<Seen>;
  command(command: string, args?: string): Promise<Seen>;
  sticker(): Promise<Seen>;
  photo(): Promise<Seen>;
  /** Presses the button with this label on the newest bot message that has it; the press must be answered exactly once. */
  press(label: string | RegExp): Promise<Seen>;
  /** The newest bot message with a button with this label. */
  button(label: string | RegExp): { messageId: number; data: string };
  /** Runs `send` (which queues one update and returns its id) and waits for the bot to finish it. */
  act(send: () => number): Promise<Seen>;
  /** Sends without waiting for the bot (around a restart); returns the update id. */
  sendTextNow(text: string): number;
  pressNow(label: string | RegExp): number;
  chat(): SentMessage[];
  lastText(): string;
  /** Labels of the newest bot message that has buttons. */
  buttons(): string[];
  /** Every update this person sent. */
  readonly updateIds: number[];
}

export function telegramPerson(tg: FakeTelegram, tracker: UpdateTracker, id: number, languageCode = 'ru'): TelegramPerson {
  const user = tg.user(id, { languageCode, firstName: 'Маша' });
  const updateIds: number[] = [];
  const answers = () => tg.calls.filter((c) => c.method === 'answerCallbackQuery');

  const observe = async (send: () => number): Promise<Seen> => {
    const before = new Map(tg.sentTo(id).map((m) => [m.message_id, JSON.stringify(m)]));
    const answeredBefore = answers().length;
    const updateId = send();
    updateIds.push(updateId);
    await tracker.waitFor(String(updateId));
    const after = tg.sentTo(id);
    const sent = after.filter((m) => !before.has(m.message_id));
    return {
      updateId,
      sent,
      edited: after.filter((m) => before.has(m.message_id) && before.get(m.message_id) !== JSON.stringify(m)),
      callbackAnswers: answers().slice(answeredBefore),
      texts: sent.map((m) => m.text ?? ''),
    };
  };

  const button = (label: string | RegExp): { messageId: number; data: string } => {
    const matches = (text: string) => (typeof label === 'string' ? text === label : label.test(text));
    for (const message of [...tg.sentTo(id)].reverse()) {
      const found = message.buttons.flat().find((b) => matches(b.text));
      if (found?.callback_data !== undefined) return { messageId: message.message_id, data: found.callback_data };
    }
    const last = tg.sentTo(id).at(-1);
    throw new Error(`no button ${String(label)} in the chat with ${id}; last message: ${last?.text ?? '(none)'} ${JSON.stringify(last?.buttons.flat().map((b) => b.text))}`);
  };

  const person: TelegramPerson = {
    id,
    user,
    updateIds,
    text: (text) => observe(() => user.sendText(text)),
    command: (command, args) => observe(() => user.sendCommand(`/${command}`, args)),
    sticker: () => observe(() => user.sendSticker()),
    photo: () => observe(() => user.sendPhoto()),
    async press(label) {
      const { messageId, data } = button(label);
      const seen = await observe(() => user.press(data, messageId));
      expect(seen.callbackAnswers, `the press of ${String(label)} is answered once`).toHaveLength(1);
      return seen;
    },
    button,
    act: observe,
    sendTextNow(text) {
      const updateId = user.sendText(text);
      updateIds.push(updateId);
      return updateId;
    },
    pressNow(label) {
      const { messageId, data } = button(label);
      const updateId = user.press(data, messageId);
      updateIds.push(updateId);
      return updateId;
    },
    chat: () => tg.sentTo(id),
    lastText: () => tg.sentTo(id).at(-1)?.text ?? '',
    buttons: () =>
      [...tg.sentTo(id)]
        .reverse()
        .find((m) => m.buttons.length > 0)
        ?.buttons.flat()
        .map((b) => b.text) ?? [],
  };
  return person;
}

/** A private-chat text message as Telegram sends it, to inject the very same update twice. */
export function textMessageUpdate(userId: number, text: string, messageId: number): Omit<Update, 'update_id'> {
  return {
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'Маша' },
      from: { id: userId, is_bot: false, first_name: 'Маша', language_code: 'ru' },
      text,
    },
  };
}
