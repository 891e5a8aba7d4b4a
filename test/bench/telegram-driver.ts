// Simulated Telegram users for the benchmarks: Bot API updates built the way Telegram sends them, a
// grammY transformer that answers the bot's outgoing calls in-process (no network), and users who
// follow a script of commands, typed answers and button presses found by their label.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Transformer } from 'grammy';
import type { InlineKeyboardButton, Message, Update, UserFromGetMe } from 'grammy/types';
import type { I18n } from '../../src/i18n';

export const benchBotInfo: UserFromGetMe = {
  id: 777_000,
  is_bot: true,
  first_name: 'Nastavnik',
  username: 'nastavnik_bench_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export const benchToken = '777000:BENCH-token-never-leaves-the-process';

/** The newest bot message of a chat that has buttons: what a person looks at to press one. */
interface Keyboard {
  messageId: number;
  text: string;
  buttons: InlineKeyboardButton[][];
}

/** What the bot has shown each chat, kept only as far as the users need it (one keyboard per chat). */
export interface ChatScreens {
  keyboard(chatId: number): Keyboard | undefined;
  lastText(chatId: number): string | undefined;
  /** Outgoing Bot API calls answered, by method. */
  readonly calls: Map<string, number>;
  /** How many times each watched text was sent or shown by an edit. */
  readonly watched: Map<string, number>;
  /** Drops what a chat was shown (a user who is done), so memory stays flat. */
  forget(chatId: number): void;
}

/**
 * A transformer that answers every Bot API call itself, as an instantly answering Telegram would.
 * Installed last (outermost), it never calls the real client, so nothing leaves the process.
 */
export interface BotApiStub {
  /** For an in-process bot: install with bot.api.config.use(transformer). */
  transformer: Transformer;
  /** The answer to one call, for a stub served over HTTP (startBotApiServer). */
  answer(method: string, payload: unknown): { ok: true; result: unknown };
  screens: ChatScreens;
}

export function createBotApiStub(watch: readonly string[] = []): BotApiStub {
  const watched = new Map(watch.map((text) => [text, 0]));
  const keyboards = new Map<number, Keyboard>();
  const lastTexts = new Map<number, string>();
  const nextMessageId = new Map<number, number>();
  const calls = new Map<string, number>();
  const message = (chatId: number, messageId: number, text: string): Message =>
    ({
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'User' },
      from: { id: benchBotInfo.id, is_bot: true, first_name: benchBotInfo.first_name, username: benchBotInfo.username },
      text,
    }) as Message;

  const answer = (method: string, payload: unknown): { ok: true; result: unknown } => {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const p = (payload ?? {}) as Record<string, unknown>;
    const chatId = Number(p.chat_id);
    const markup = p.reply_markup as { inline_keyboard?: InlineKeyboardButton[][] } | undefined;
    const text = String(p.text ?? p.caption ?? '');
    const seen = watched.get(text);
    if (seen !== undefined) watched.set(text, seen + 1);
    switch (method) {
      case 'sendMessage':
      case 'sendDocument': {
        const id = (nextMessageId.get(chatId) ?? 0) + 1;
        nextMessageId.set(chatId, id);
        lastTexts.set(chatId, text);
        if (markup?.inline_keyboard !== undefined) keyboards.set(chatId, { messageId: id, text, buttons: markup.inline_keyboard });
        return { ok: true, result: message(chatId, id, text) };
      }
      case 'editMessageText': {
        const id = Number(p.message_id);
        lastTexts.set(chatId, text);
        const current = keyboards.get(chatId);
        if (markup?.inline_keyboard !== undefined) keyboards.set(chatId, { messageId: id, text, buttons: markup.inline_keyboard });
        else if (current?.messageId === id) keyboards.delete(chatId);
        return { ok: true, result: message(chatId, id, text) };
      }
      case 'getMe':
        return { ok: true, result: benchBotInfo };
      default:
        // answerCallbackQuery, editMessageReplyMarkup, setWebhook…: true is their answer.
        return { ok: true, result: true };
    }
  };
  const transformer: Transformer = async (_prev, method, payload) => ok(answer(method, payload).result);
  return {
    transformer,
    answer,
    screens: {
      keyboard: (chatId) => keyboards.get(chatId),
      lastText: (chatId) => lastTexts.get(chatId),
      calls,
      watched,
      forget(chatId) {
        keyboards.delete(chatId);
        lastTexts.delete(chatId);
        nextMessageId.delete(chatId);
      },
    },
  };
}

/** A successful Bot API answer; the stub knows which result each method expects. */
function ok<T>(result: unknown): T {
  return { ok: true, result } as T;
}

let updateSequence = 1;

/** Update ids unique in this process (a restart of the sequence would be a redelivery). */
export function nextUpdateId(): number {
  return updateSequence++;
}

/** Starts this process's update ids at `first`: processes sharing one database need ranges of their own. */
export function startUpdateIdsAt(first: number): void {
  updateSequence = first;
}

function sender(userId: number) {
  return { id: userId, is_bot: false, first_name: `Участник ${userId}`, language_code: 'ru' };
}

export function textUpdate(userId: number, text: string): Update {
  const command = /^\/\w+/.exec(text);
  return {
    update_id: nextUpdateId(),
    message: {
      message_id: updateSequence,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: `Участник ${userId}` },
      from: sender(userId),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  } as Update;
}

export function pressUpdate(userId: number, messageId: number, data: string): Update {
  return {
    update_id: nextUpdateId(),
    callback_query: {
      id: `cq${updateSequence}`,
      from: sender(userId),
      chat_instance: `ci${userId}`,
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: userId, type: 'private', first_name: `Участник ${userId}` },
        from: { id: benchBotInfo.id, is_bot: true, first_name: benchBotInfo.first_name },
        text: '…',
      },
    },
  } as Update;
}

/**
 * One step of a scripted user: a command, a typed text, or a button pressed by its label's locale
 * key; `saves` marks the steps that complete an answer (one row in answers).
 */
export type Step = (
  | { kind: 'command'; text: string }
  | { kind: 'text'; text: (userId: number) => string }
  | { kind: 'press'; label: string }
) & { saves?: boolean };

/**
 * A mentee joining by invite and answering the intake: /start CODE, consent, age, then the intake
 * questions in their order (name, group, class, requests…, interests, difficulties, goals, format,
 * time). The first `steps` steps are taken; 10 leaves the person in the middle of the questionnaire.
 */
export function menteeIntakeScript(inviteCode: string, steps: number): Step[] {
  const all: Step[] = [
    { kind: 'command', text: `/start ${inviteCode}` },
    { kind: 'press', label: 'consent-agree' },
    { kind: 'press', label: 'age-over14' },
    { kind: 'text', text: (id) => `Иванова Мария ${id}`, saves: true },
    { kind: 'press', label: 'opt-role-student', saves: true },
    { kind: 'text', text: (id) => `${5 + (id % 7)} «${'АБВГ'[id % 4]}»`, saves: true },
    { kind: 'press', label: 'opt-topic-olympiads' },
    { kind: 'press', label: 'opt-topic-projects' },
    { kind: 'press', label: 'question-done-button', saves: true },
    { kind: 'text', text: (id) => (id % 2 === 0 ? 'Химия, шахматы' : 'Робототехника, театр, футбол'), saves: true },
    { kind: 'press', label: 'question-skip-button' },
    { kind: 'text', text: () => 'Подготовиться к региональной олимпиаде', saves: true },
    { kind: 'press', label: 'opt-format-online', saves: true },
    { kind: 'press', label: 'opt-time-weekend' },
    { kind: 'press', label: 'question-done-button', saves: true },
  ];
  if (steps > all.length) throw new Error(`the intake script has ${all.length} steps`);
  return all.slice(0, steps);
}

/** Builds the update a user sends for a step, looking at what the bot showed the user last. */
export function updateFor(step: Step, userId: number, screens: ChatScreens, i18n: I18n): Update {
  switch (step.kind) {
    case 'command':
      return textUpdate(userId, step.text);
    case 'text':
      return textUpdate(userId, step.text(userId));
    case 'press': {
      const label = i18n.t('ru', step.label);
      const keyboard = screens.keyboard(userId);
      const button = keyboard?.buttons.flat().find((b) => 'callback_data' in b && b.text.replace(/^✅ /, '') === label);
      if (keyboard === undefined || button === undefined || !('callback_data' in button)) {
        throw new Error(
          `bench script out of date: user ${userId} sees no button "${label}"; last message: ${screens.lastText(userId) ?? '(none)'}; buttons: ${JSON.stringify(keyboard?.buttons.flat().map((b) => b.text) ?? [])}`,
        );
      }
      return pressUpdate(userId, keyboard.messageId, button.callback_data);
    }
  }
}

/**
 * The stub as a Bot API server on loopback, for an instance running in its own process
 * (TELEGRAM_API_ROOT=apiRoot). Calls with files are answered like any other; their bodies are not read.
 */
export async function startBotApiServer(stub: BotApiStub): Promise<{ apiRoot: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const method = /^\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1] ?? '';
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let payload: unknown = {};
      if ((req.headers['content-type'] ?? '').includes('application/json')) {
        try {
          payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          payload = {};
        }
      }
      const body = JSON.stringify(stub.answer(method, payload));
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
