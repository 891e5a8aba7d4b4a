// A fake Telegram Bot API server on loopback: the real grammY client talks to it over HTTP, tests
// play the users (messages, commands, button presses) and read back what the bot sent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  Chat,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  Update,
  User,
  UserFromGetMe,
} from 'grammy/types';

/** A file part of a multipart request, reduced to what tests check. */
export interface UploadedFile {
  fileName: string;
  size: number;
}

export type CallParams = Record<string, unknown>;

export interface RecordedCall {
  method: string;
  params: CallParams;
  /** The error code the fake answered with; undefined when the call succeeded. */
  errorCode?: number | undefined;
  /** The error description the fake answered with. */
  errorDescription?: string | undefined;
  /** The call was left unanswered (hangNext). */
  hung?: boolean | undefined;
}

export interface SentButton {
  text: string;
  callback_data: string | undefined;
}

/** A message the bot sent, as the chat shows it now (edits applied). */
export interface SentMessage {
  message_id: number;
  chatId: string;
  text: string | undefined;
  buttons: SentButton[][];
  document?: UploadedFile | undefined;
  caption?: string | undefined;
  /** Earlier texts, oldest first, when the message was edited. */
  history: string[];
}

export type Failure =
  | { error_code: 429; description?: string; parameters: { retry_after: number } }
  | { error_code: 500; description?: string }
  | { error_code: 400 | 403 | 404; description: string };

export interface UserOptions {
  languageCode?: string | undefined;
  firstName?: string | undefined;
}

export interface FakeUser {
  readonly id: number;
  sendText(text: string): number;
  /** `sendCommand('/start', 'CODE')` is what a t.me/<bot>?start=CODE link produces. */
  sendCommand(command: string, args?: string): number;
  sendSticker(): number;
  sendPhoto(): number;
  /** Presses an inline button of a bot message (the latest bot message in the chat by default). */
  press(callbackData: string | undefined, messageId?: number): number;
  /** Every message to this user fails with 403 "bot was blocked by the user", until the user writes again. */
  block(): void;
}

export interface GroupMessageOptions {
  chatId?: number | undefined;
  fromId?: number | undefined;
  type?: 'group' | 'supergroup' | undefined;
}

export interface FakeTelegram {
  readonly apiRoot: string;
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  readonly calls: RecordedCall[];
  /** The offset of the latest getUpdates: every update below it is confirmed. */
  readonly lastAcknowledgedOffset: number;
  user(id: number, options?: UserOptions): FakeUser;
  groupMessage(text: string, options?: GroupMessageOptions): number;
  /** Queues a raw update; an update_id is assigned when missing. Returns the update_id. */
  injectUpdate(raw: Omit<Update, 'update_id'> & { update_id?: number }): number;
  sentTo(chatId: number | string): SentMessage[];
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  waitForMessages(chatId: number | string, count: number, timeoutMs?: number): Promise<SentMessage[]>;
  /** The next `times` calls of `method` fail with this error. */
  failNext(method: string, times: number, failure: Failure): void;
  /** The next `times` calls of `method` are never answered (nor carried out): the request hangs until the client gives up. */
  hangNext(method: string, times: number): void;
  /** Updates not yet confirmed by a getUpdates offset. */
  pendingUpdates(): number;
  /** How many messages the bot has sent or edited in this chat so far (cheap to poll for many chats). */
  activityIn(chatId: number | string): number;
  /** Posts an update to a webhook the way Telegram does. */
  postWebhook(url: string, update: Update, secretToken?: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const TOKEN = '123456:TEST-token-for-the-fake-bot-api';
const BOT_ID = 123456;
const DEFAULT_WAIT_MS = 3000;

const botInfo: UserFromGetMe = {
  id: BOT_ID,
  is_bot: true,
  first_name: 'Nastavnik',
  username: 'nastavnik_test_bot',
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

const botUser: User = { id: BOT_ID, is_bot: true, first_name: botInfo.first_name, username: botInfo.username };

type ApiResult =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

interface StoredMessage {
  message: Message;
  sent: SentMessage;
}

interface Poll {
  offset: number;
  limit: number;
  finish: (updates: Update[]) => void;
}

const defaultDescriptions: Record<number, string> = {
  429: 'Too Many Requests: retry after 1',
  500: 'Internal Server Error',
};

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const calls: RecordedCall[] = [];
  const queue: Update[] = [];
  const failures = new Map<string, Failure[]>();
  const hangs = new Map<string, number>();
  const blocked = new Set<string>();
  const activity = new Map<string, number>();
  const touch = (chatId: string): void => {
    activity.set(chatId, (activity.get(chatId) ?? 0) + 1);
  };
  const messages = new Map<string, StoredMessage[]>();
  const nextMessageId = new Map<string, number>();
  const users = new Map<number, User>();
  const listeners = new Set<() => void>();
  let polls: Poll[] = [];
  let nextUpdateId = 1000;
  let lastAcknowledgedOffset = 0;
  let webhookUrl = '';

  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };

  const takeMessageId = (chatId: string): number => {
    const id = nextMessageId.get(chatId) ?? 1;
    nextMessageId.set(chatId, id + 1);
    return id;
  };

  const chatOf = (chatId: string): Chat => {
    const id = Number(chatId);
    if (id < 0) return { id, type: 'group', title: 'Test group' };
    const user = users.get(id);
    return { id, type: 'private', first_name: user?.first_name ?? 'User' };
  };

  const deliverPolls = (): void => {
    const waiting = polls;
    polls = [];
    for (const poll of waiting) {
      const ready = queue.filter((u) => u.update_id >= poll.offset).slice(0, poll.limit);
      if (ready.length > 0) poll.finish(ready);
      else polls.push(poll);
    }
  };

  const enqueue = (raw: Omit<Update, 'update_id'> & { update_id?: number }): number => {
    const updateId = raw.update_id ?? nextUpdateId;
    nextUpdateId = Math.max(nextUpdateId, updateId) + 1;
    queue.push({ ...raw, update_id: updateId });
    queue.sort((a, b) => a.update_id - b.update_id);
    deliverPolls();
    return updateId;
  };

  const userMessage = (chat: Chat, from: User, fields: Partial<Message>): Message => ({
    message_id: takeMessageId(String(chat.id)),
    date: Math.floor(Date.now() / 1000),
    chat,
    from,
    ...fields,
  });

  const commandFields = (command: string, args: string | undefined): Partial<Message> => {
    const text = args === undefined || args === '' ? command : `${command} ${args}`;
    const entity: MessageEntity = { type: 'bot_command', offset: 0, length: command.length };
    return { text, entities: [entity] };
  };

  const textFields = (text: string): Partial<Message> => {
    const command = /^\/\S+/.exec(text);
    return command ? { text, entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : { text };
  };

  const storeBotMessage = (chatId: string, fields: Partial<Message>, sent: Omit<SentMessage, 'message_id' | 'chatId' | 'history'>): Message => {
    const message: Message = {
      message_id: takeMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: chatOf(chatId),
      from: botUser,
      ...fields,
    };
    const list = messages.get(chatId) ?? [];
    list.push({ message, sent: { ...sent, message_id: message.message_id, chatId, history: [] } });
    messages.set(chatId, list);
    touch(chatId);
    return message;
  };

  const user = (id: number, options: UserOptions = {}): FakeUser => {
    const from: User = {
      id,
      is_bot: false,
      first_name: options.firstName ?? `User ${id}`,
      ...(options.languageCode === undefined ? {} : { language_code: options.languageCode }),
    };
    users.set(id, from);
    const chat = (): Chat => chatOf(String(id));
    // Writing to a bot one blocked unblocks it, as in Telegram.
    const send = (fields: Partial<Message>): number => {
      blocked.delete(String(id));
      return enqueue({ message: userMessage(chat(), from, fields) as Update['message'] });
    };
    return {
      id,
      sendText: (text) => send(textFields(text)),
      sendCommand: (command, args) => send(commandFields(command, args)),
      sendSticker: () =>
        send({
          sticker: {
            file_id: 'sticker-file',
            file_unique_id: 'sticker-unique',
            type: 'regular',
            width: 512,
            height: 512,
            is_animated: false,
            is_video: false,
            emoji: '👍',
          },
        }),
      sendPhoto: () =>
        send({
          photo: [
            { file_id: 'photo-small', file_unique_id: 'photo-s', width: 90, height: 90, file_size: 1200 },
            { file_id: 'photo-large', file_unique_id: 'photo-l', width: 800, height: 800, file_size: 64000 },
          ],
        }),
      block: () => {
        blocked.add(String(id));
      },
      press: (callbackData, messageId) => {
        const list = messages.get(String(id)) ?? [];
        const stored = messageId === undefined ? list.at(-1) : list.find((m) => m.message.message_id === messageId);
        return enqueue({
          callback_query: {
            id: `cb-${nextUpdateId}`,
            from,
            chat_instance: `instance-${id}`,
            ...(stored === undefined ? {} : { message: stored.message }),
            ...(callbackData === undefined ? {} : { data: callbackData }),
          } as Update['callback_query'],
        });
      },
    };
  };

  const groupMessage = (text: string, options: GroupMessageOptions = {}): number => {
    const chatId = options.chatId ?? -100200300;
    const fromId = options.fromId ?? 42;
    const from = users.get(fromId) ?? { id: fromId, is_bot: false, first_name: `User ${fromId}` };
    const chat: Chat =
      options.type === 'supergroup'
        ? { id: chatId, type: 'supergroup', title: 'Test supergroup' }
        : { id: chatId, type: 'group', title: 'Test group' };
    return enqueue({ message: userMessage(chat, from, textFields(text)) as Update['message'] });
  };

  const buttonsOf = (markup: unknown): SentButton[][] => {
    if (typeof markup !== 'object' || markup === null || !('inline_keyboard' in markup)) return [];
    const rows = (markup as InlineKeyboardMarkup).inline_keyboard;
    return rows.map((row) =>
      row.map((b: InlineKeyboardButton) => ({ text: b.text, callback_data: 'callback_data' in b ? b.callback_data : undefined })),
    );
  };

  const parseMarkup = (value: unknown): unknown => (typeof value === 'string' ? safeJson(value) : value);

  const findMessage = (params: CallParams): StoredMessage | undefined => {
    const list = messages.get(String(params.chat_id)) ?? [];
    return list.find((m) => m.message.message_id === Number(params.message_id));
  };

  const notFound = (description: string): ApiResult => ({ ok: false, error_code: 400, description });

  const editMessage = (params: CallParams, text: string | undefined): ApiResult => {
    const stored = findMessage(params);
    if (!stored) return notFound('Bad Request: message to edit not found');
    const markup = parseMarkup(params.reply_markup);
    const newText = text ?? stored.sent.text;
    const sameMarkup = JSON.stringify(buttonsOf(markup)) === JSON.stringify(stored.sent.buttons);
    if (newText === stored.sent.text && sameMarkup) {
      return notFound(
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      );
    }
    if (newText !== stored.sent.text && stored.sent.text !== undefined) stored.sent.history.push(stored.sent.text);
    stored.sent.text = newText;
    stored.sent.buttons = buttonsOf(markup);
    stored.message = {
      ...stored.message,
      edit_date: Math.floor(Date.now() / 1000),
      ...(newText === undefined ? {} : { text: newText }),
      ...(stored.sent.buttons.length > 0 ? { reply_markup: markup as InlineKeyboardMarkup } : { reply_markup: undefined }),
    };
    touch(String(params.chat_id));
    return { ok: true, result: stored.message };
  };

  const requireChat = (params: CallParams): string | undefined => {
    const chatId = params.chat_id;
    return typeof chatId === 'number' || (typeof chatId === 'string' && chatId !== '') ? String(chatId) : undefined;
  };

  const methods: Record<string, (params: CallParams, signal: AbortSignal) => ApiResult | Promise<ApiResult>> = {
    getMe: () => ({ ok: true, result: botInfo }),
    deleteWebhook: (params) => {
      webhookUrl = '';
      if (params.drop_pending_updates === true || params.drop_pending_updates === 'true') queue.length = 0;
      return { ok: true, result: true };
    },
    setWebhook: (params) => {
      webhookUrl = String(params.url ?? '');
      return { ok: true, result: true };
    },
    setMyCommands: () => ({ ok: true, result: true }),
    answerCallbackQuery: () => ({ ok: true, result: true }),
    getUpdates: (params, signal) => {
      if (webhookUrl !== '') {
        return {
          ok: false,
          error_code: 409,
          description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
        };
      }
      const offset = Number(params.offset ?? 0);
      const limit = Math.max(1, Math.min(100, Number(params.limit ?? 100)));
      const timeout = Math.max(0, Number(params.timeout ?? 0));
      if (offset > 0) {
        lastAcknowledgedOffset = Math.max(lastAcknowledgedOffset, offset);
        for (let i = queue.length - 1; i >= 0; i--) {
          const update = queue[i];
          if (update && update.update_id < offset) queue.splice(i, 1);
        }
        notify();
      }
      const ready = queue.filter((u) => u.update_id >= offset).slice(0, limit);
      if (ready.length > 0 || timeout === 0) return { ok: true, result: ready };
      // Telegram ends an older long poll when a newer one arrives.
      for (const poll of polls.splice(0)) poll.finish([]);
      return new Promise<ApiResult>((resolve) => {
        const poll: Poll = {
          offset,
          limit,
          finish: (updates) => {
            clearTimeout(timer);
            polls = polls.filter((p) => p !== poll);
            resolve({ ok: true, result: updates });
          },
        };
        const timer = setTimeout(() => poll.finish([]), timeout * 1000);
        // A client that aborts its poll (runner stop) must not keep a timer alive.
        signal.addEventListener('abort', () => poll.finish([]), { once: true });
        polls.push(poll);
      });
    },
    sendMessage: (params) => {
      const chatId = requireChat(params);
      if (chatId === undefined) return notFound('Bad Request: chat not found');
      const text = typeof params.text === 'string' ? params.text : '';
      if (text.trim() === '') return notFound('Bad Request: message text is empty');
      const markup = parseMarkup(params.reply_markup);
      const message = storeBotMessage(
        chatId,
        { text, ...(markup === undefined ? {} : { reply_markup: markup as InlineKeyboardMarkup }) },
        { text, buttons: buttonsOf(markup) },
      );
      return { ok: true, result: message };
    },
    sendDocument: (params) => {
      const chatId = requireChat(params);
      if (chatId === undefined) return notFound('Bad Request: chat not found');
      const file = params.document;
      if (!isUploadedFile(file)) return notFound('Bad Request: there is no document in the request');
      const caption = typeof params.caption === 'string' ? params.caption : undefined;
      const markup = parseMarkup(params.reply_markup);
      const message = storeBotMessage(
        chatId,
        {
          document: { file_id: `doc-${file.fileName}`, file_unique_id: `doc-${calls.length}`, file_name: file.fileName, file_size: file.size },
          ...(caption === undefined ? {} : { caption }),
        },
        { text: undefined, caption, document: file, buttons: buttonsOf(markup) },
      );
      return { ok: true, result: message };
    },
    editMessageText: (params) => editMessage(params, typeof params.text === 'string' ? params.text : ''),
    editMessageReplyMarkup: (params) => editMessage(params, undefined),
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!match) return reply(res, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method = ''] = match;
    if (token !== TOKEN) return reply(res, { ok: false, error_code: 401, description: 'Unauthorized' });
    const params: CallParams = { ...Object.fromEntries(url.searchParams), ...(await readParams(req)) };
    const call: RecordedCall = { method, params };
    calls.push(call);
    notify();
    const failure = failures.get(method)?.shift();
    if (failure) {
      call.errorCode = failure.error_code;
      notify();
      return reply(res, {
        ok: false,
        error_code: failure.error_code,
        description: failure.description ?? defaultDescriptions[failure.error_code] ?? 'Error',
        ...('parameters' in failure ? { parameters: failure.parameters } : {}),
      });
    }
    const hanging = hangs.get(method) ?? 0;
    if (hanging > 0) {
      hangs.set(method, hanging - 1);
      call.hung = true;
      notify();
      return;
    }
    const chatId = requireChat(params);
    if (chatId !== undefined && blocked.has(chatId) && /^(send|edit)/.test(method)) {
      call.errorCode = 403;
      notify();
      return reply(res, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    const implementation = methods[method];
    if (!implementation) {
      call.errorCode = 404;
      notify();
      return reply(res, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
    const aborted = new AbortController();
    res.on('close', () => aborted.abort());
    const result = await implementation(params, aborted.signal);
    if (!result.ok) {
      call.errorCode = result.error_code;
      call.errorDescription = result.description;
    }
    notify();
    reply(res, result);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      reply(res, { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const sentTo = (chatId: number | string): SentMessage[] =>
    (messages.get(String(chatId)) ?? []).map((m) => ({ ...m.sent, buttons: m.sent.buttons.map((r) => [...r]), history: [...m.sent.history] }));

  const waitFor = <T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value === undefined) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Telegram: timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      const listener = (): void => {
        check();
      };
      listeners.add(listener);
      check();
    });

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token: TOKEN,
    botInfo,
    calls,
    get lastAcknowledgedOffset() {
      return lastAcknowledgedOffset;
    },
    user,
    groupMessage,
    injectUpdate: enqueue,
    sentTo,
    waitForCall: (predicate, timeoutMs = DEFAULT_WAIT_MS) =>
      waitFor(
        () => calls.find(predicate),
        timeoutMs,
        () => `a matching call; calls so far: ${calls.map((c) => c.method).join(', ') || 'none'}`,
      ),
    waitForMessages: (chatId, count, timeoutMs = DEFAULT_WAIT_MS) =>
      waitFor(
        () => {
          const list = sentTo(chatId);
          return list.length >= count ? list : undefined;
        },
        timeoutMs,
        () => `${count} message(s) in chat ${chatId}; have ${sentTo(chatId).length}`,
      ),
    failNext: (method, times, failure) => {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(failure);
      failures.set(method, list);
    },
    hangNext: (method, times) => {
      hangs.set(method, (hangs.get(method) ?? 0) + times);
    },
    pendingUpdates: () => queue.length,
    activityIn: (chatId) => activity.get(String(chatId)) ?? 0,
    postWebhook: async (url, update, secretToken) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken === undefined ? {} : { 'x-telegram-bot-api-secret-token': secretToken }),
        },
        body: JSON.stringify(update),
      });
      return { status: response.status, body: await response.text() };
    },
    close: async () => {
      for (const poll of polls.splice(0)) poll.finish([]);
      listeners.clear();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function reply(res: ServerResponse, result: ApiResult): void {
  if (res.writableEnded || res.destroyed) return;
  const status = result.ok ? 200 : result.error_code;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && 'fileName' in value && 'size' in value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function readParams(req: IncomingMessage): Promise<CallParams> {
  const body = await readBody(req);
  if (body.length === 0) return {};
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
    return boundary ? parseMultipart(body, boundary) : {};
  }
  const parsed = safeJson(body.toString('utf8'));
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as CallParams) : {};
}

/**
 * Just enough multipart/form-data for grammY's uploads: fields become strings (JSON fields like
 * reply_markup are parsed), file parts become { fileName, size } and replace their attach:// field.
 */
export function parseMultipart(body: Buffer, boundary: string): CallParams {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: CallParams = {};
  const files = new Map<string, UploadedFile>();
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // A part is "\r\n<headers>\r\n\r\n<content>\r\n" between two delimiters.
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const fileName = /filename="?([^"\r\n;]*)"?/i.exec(headers)?.[1];
      if (name !== undefined) {
        if (fileName !== undefined) files.set(name, { fileName, size: content.length });
        else fields[name] = content.toString('utf8');
      }
    }
    start = next;
  }
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value !== 'string') continue;
    const attached = value.startsWith('attach://') ? files.get(value.slice('attach://'.length)) : undefined;
    if (attached) fields[key] = attached;
    else if (key === 'reply_markup' || value.startsWith('{') || value.startsWith('[')) fields[key] = safeJson(value);
  }
  return fields;
}

/** Resolves once `condition` holds, checking every few milliseconds (for state outside the fake). */
export async function waitUntil(condition: () => boolean, timeoutMs = DEFAULT_WAIT_MS, what = 'a condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
