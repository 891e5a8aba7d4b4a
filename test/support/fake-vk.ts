// A fake VK API and Bots Long Poll server on loopback: the real vk-io client talks to it over HTTP,
// tests play the users (messages, button presses, stickers) and read back what the community sent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type CallParams = Record<string, string>;

export interface RecordedCall {
  method: string;
  params: CallParams;
  /** The VK error code the fake answered with; undefined when the call succeeded. */
  errorCode?: number | undefined;
  /** The call was left unanswered (hangNext). */
  hung?: boolean | undefined;
}

export interface VkErrorInjection {
  error_code: number;
  error_msg?: string | undefined;
}

export interface SentButton {
  label: string;
  /** 'callback', 'text', 'open_link'… */
  type: string;
  /** The button's payload as VK stores it (a JSON string), if any. */
  payload: string | undefined;
  /** `p` of a payload shaped `{"p":"…"}` (how Nastavnik wraps its payloads). */
  p: string | undefined;
}

export interface SentKeyboard {
  inline: boolean;
  oneTime: boolean;
  buttons: SentButton[][];
}

/** A message the community sent, as the chat shows it now (edits applied). */
export interface SentMessage {
  id: number;
  conversationMessageId: number;
  peerId: number;
  text: string;
  randomId: string;
  keyboard: SentKeyboard | undefined;
  /** The keyboard's buttons; [] when there is none. */
  buttons: SentButton[][];
  /** Attachment strings as sent ("doc-1_5"). */
  attachments: string[];
  /** Earlier texts, oldest first, when the message was edited. */
  history: string[];
}

export interface UploadedDocument {
  attachment: string;
  fileName: string;
  title: string;
  size: number;
}

/** A Bots Long Poll event as VK sends it. */
export interface RawEvent {
  type: string;
  object: Record<string, unknown>;
  group_id: number;
  event_id?: string | undefined;
  v: string;
}

export interface FakeVkUserOptions {
  /** Client language: 'ru' (lang_id 0), 'en' (3) or a raw lang_id. */
  lang?: 'ru' | 'en' | number | undefined;
  /** The client shows callback buttons (default true). */
  callback?: boolean | undefined;
  /** The client shows keyboards inside messages (default true). */
  inlineKeyboard?: boolean | undefined;
  /** The client shows keyboards under the input field (default true). */
  keyboard?: boolean | undefined;
  firstName?: string | undefined;
}

export interface SendTextOptions {
  /** A message payload: objects are sent as JSON, strings as they are (to forge bad ones). */
  payload?: unknown;
  /** vk.me/<community>?ref=… */
  ref?: string | undefined;
  refSource?: string | undefined;
}

export interface FakeVkUser {
  readonly id: number;
  sendText(text: string, options?: SendTextOptions): RawEvent;
  /** A callback button press on a community message (the latest one in the chat by default). */
  pressCallback(payload: unknown, conversationMessageId?: number): RawEvent;
  /**
   * Presses the button with this label on the latest community message that has it, as the
   * client would: a callback button gives a message_event, a text button a message with its payload.
   */
  press(label: string): RawEvent;
  sendSticker(): RawEvent;
  sendPhoto(): RawEvent;
  /** From now on messages.send to this user fails with 901 (messages from the community not allowed). */
  block(): void;
}

export interface FakeVk {
  readonly apiBaseUrl: string;
  readonly token: string;
  readonly groupId: number;
  readonly calls: RecordedCall[];
  /** Long-poll requests answered so far. */
  readonly longPollRequests: number;
  readonly documents: UploadedDocument[];
  user(id: number, options?: FakeVkUserOptions): FakeVkUser;
  /** Queues a raw event; event_id is generated unless the event has the key (even undefined). */
  injectEvent(raw: { type: string; object: Record<string, unknown>; event_id?: string | undefined; group_id?: number | undefined }): RawEvent;
  sentTo(peerId: number | string): SentMessage[];
  callsOf(method: string): RecordedCall[];
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  waitForMessages(peerId: number | string, count: number, timeoutMs?: number): Promise<SentMessage[]>;
  /** The next `times` calls of `method` fail with this error. */
  failNext(method: string, times: number, error: VkErrorInjection): void;
  /** The next `times` calls of `method` are never answered (nor carried out): the request hangs until the client gives up. */
  hangNext(method: string, times: number): void;
  /** The next long-poll answer is `{ failed }` (2 and 3 also expire the session key). */
  failLongPoll(failed: 1 | 2 | 3): void;
  close(): Promise<void>;
}

const TOKEN = 'vk1.a.test-community-token';
const API_VERSION = '5.199';
const DEFAULT_WAIT_MS = 3000;
const MAX_WAIT_SECONDS = 90;

const defaultMessages: Record<number, string> = {
  5: 'User authorization failed: invalid access_token (4).',
  6: 'Too many requests per second',
  7: 'Permission to perform this action is denied',
  9: 'Flood control',
  10: 'Internal server error',
  100: 'One of the parameters specified was missing or invalid',
  901: "Can't send messages for users without permission",
  902: "Can't send messages to this user due to their privacy settings",
  911: 'Keyboard format is invalid',
  914: 'Message is too long',
};

const langIds = { ru: 0, en: 3 } as const;

class VkApiFailure extends Error {
  constructor(
    readonly code: number,
    message?: string,
  ) {
    super(message ?? defaultMessages[code] ?? 'Unknown error occurred');
  }
}

interface StoredEvent {
  ts: number;
  event: RawEvent;
}

interface Poll {
  ts: number;
  finish: (result: unknown) => void;
}

export interface FakeVkOptions {
  groupId?: number | undefined;
  /**
   * Number of the first generated event (event_id and callback event ids derive from it): two fakes
   * feeding one database need different ones, as VK's own event ids never repeat.
   */
  firstEventNumber?: number | undefined;
}

export async function startFakeVk(options: FakeVkOptions = {}): Promise<FakeVk> {
  const groupId = options.groupId ?? 200_000_001;
  const calls: RecordedCall[] = [];
  const failures = new Map<string, VkErrorInjection[]>();
  const hangs = new Map<string, number>();
  const longPollFailures: (1 | 2 | 3)[] = [];
  const events: StoredEvent[] = [];
  const messages = new Map<number, SentMessage[]>();
  const byRandomId = new Map<string, SentMessage>();
  const conversationIds = new Map<number, number>();
  const users = new Map<number, { options: FakeVkUserOptions; blocked: boolean }>();
  const callbackEvents = new Set<string>();
  const documents: UploadedDocument[] = [];
  const uploads = new Map<string, { fileName: string; size: number }>();
  const listeners = new Set<() => void>();
  let polls: Poll[] = [];
  let nextTs = 1;
  let nextMessageId = 1;
  let nextEventId = options.firstEventNumber ?? 1;
  let nextDocId = 1;
  let longPollKey = 'lp-key-1';
  let longPollRequests = 0;
  let baseUrl = '';

  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };

  const takeConversationId = (peerId: number): number => {
    const id = (conversationIds.get(peerId) ?? 0) + 1;
    conversationIds.set(peerId, id);
    return id;
  };

  const deliverPolls = (): void => {
    const waiting = polls;
    polls = [];
    for (const poll of waiting) {
      const ready = eventsFrom(poll.ts);
      if (ready.length > 0) poll.finish({ ts: String(nextTs), updates: ready });
      else polls.push(poll);
    }
  };

  const eventsFrom = (ts: number): RawEvent[] => events.filter((e) => e.ts >= ts).map((e) => e.event);

  const injectEvent: FakeVk['injectEvent'] = (raw) => {
    const event: RawEvent = {
      group_id: raw.group_id ?? groupId,
      type: raw.type,
      object: raw.object,
      v: API_VERSION,
      ...('event_id' in raw ? (raw.event_id === undefined ? {} : { event_id: raw.event_id }) : { event_id: eventIdOf(nextEventId++) }),
    };
    events.push({ ts: nextTs++, event });
    deliverPolls();
    return event;
  };

  const clientInfo = (userOptions: FakeVkUserOptions): Record<string, unknown> => {
    const callback = userOptions.callback ?? true;
    const lang = userOptions.lang ?? 'ru';
    return {
      button_actions: callback
        ? ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback', 'intent_subscribe', 'intent_unsubscribe']
        : ['text', 'vkpay', 'open_app', 'location', 'open_link'],
      keyboard: userOptions.keyboard ?? true,
      inline_keyboard: userOptions.inlineKeyboard ?? true,
      carousel: callback,
      lang_id: typeof lang === 'number' ? lang : langIds[lang],
    };
  };

  const userMessage = (userId: number, fields: Record<string, unknown>): RawEvent => {
    const state = users.get(userId) ?? { options: {}, blocked: false };
    return injectEvent({
      type: 'message_new',
      object: {
        message: {
          date: Math.floor(Date.now() / 1000),
          from_id: userId,
          id: nextMessageId++,
          out: 0,
          version: 1,
          attachments: [],
          conversation_message_id: takeConversationId(userId),
          fwd_messages: [],
          important: false,
          is_hidden: false,
          peer_id: userId,
          random_id: 0,
          text: '',
          ...fields,
        },
        client_info: clientInfo(state.options),
      },
    });
  };

  const findPressed = (peerId: number, conversationMessageId: number | undefined): SentMessage | undefined => {
    const list = messages.get(peerId) ?? [];
    return conversationMessageId === undefined ? list.at(-1) : list.find((m) => m.conversationMessageId === conversationMessageId);
  };

  const pressCallback = (userId: number, payload: unknown, conversationMessageId?: number): RawEvent => {
    const pressed = findPressed(userId, conversationMessageId);
    const eventId = `cb${String(nextEventId).padStart(10, '0')}`;
    callbackEvents.add(eventId);
    return injectEvent({
      type: 'message_event',
      object: {
        user_id: userId,
        peer_id: userId,
        event_id: eventId,
        payload,
        conversation_message_id: conversationMessageId ?? pressed?.conversationMessageId ?? 0,
      },
    });
  };

  const user = (id: number, userOptions: FakeVkUserOptions = {}): FakeVkUser => {
    users.set(id, { options: userOptions, blocked: users.get(id)?.blocked ?? false });
    return {
      id,
      sendText: (text, send = {}) =>
        userMessage(id, {
          text: escapeText(text),
          ...(send.payload === undefined ? {} : { payload: typeof send.payload === 'string' ? send.payload : JSON.stringify(send.payload) }),
          ...(send.ref === undefined ? {} : { ref: send.ref }),
          ...(send.refSource === undefined ? {} : { ref_source: send.refSource }),
        }),
      pressCallback: (payload, conversationMessageId) => pressCallback(id, payload, conversationMessageId),
      press: (label) => {
        const list = [...(messages.get(id) ?? [])].reverse();
        for (const message of list) {
          const button = message.buttons.flat().find((b) => b.label === label);
          if (button === undefined) continue;
          if (button.type === 'callback') {
            return pressCallback(id, button.payload === undefined ? undefined : safeJson(button.payload), message.conversationMessageId);
          }
          return userMessage(id, { text: escapeText(label), ...(button.payload === undefined ? {} : { payload: button.payload }) });
        }
        throw new Error(`fake VK: no button "${label}" in the chat with ${id}`);
      },
      sendSticker: () =>
        userMessage(id, {
          attachments: [
            {
              type: 'sticker',
              sticker: { product_id: 1, sticker_id: 9, images: [{ url: 'https://vk.com/sticker/1-9-128', width: 128, height: 128 }] },
            },
          ],
        }),
      sendPhoto: () =>
        userMessage(id, {
          attachments: [
            {
              type: 'photo',
              photo: {
                id: 457239017,
                owner_id: id,
                album_id: -3,
                access_key: 'a1b2c3',
                date: Math.floor(Date.now() / 1000),
                sizes: [{ type: 'x', url: 'https://sun9-1.userapi.com/photo.jpg', width: 604, height: 453 }],
              },
            },
          ],
        }),
      block: () => {
        const state = users.get(id);
        if (state) state.blocked = true;
      },
    };
  };

  const parseKeyboard = (raw: string | undefined): SentKeyboard | undefined => {
    if (raw === undefined || raw === '') return undefined;
    const parsed = safeJson(raw);
    if (!isRecord(parsed) || !Array.isArray(parsed.buttons)) throw new VkApiFailure(911);
    const inline = parsed.inline === true;
    const rows: unknown[] = parsed.buttons;
    const limits = inline ? { rows: 6, total: 10 } : { rows: 10, total: 40 };
    if (rows.length > limits.rows) throw new VkApiFailure(911, `Keyboard format is invalid: too many rows`);
    const buttons = rows.map((row) => {
      if (!Array.isArray(row) || row.length > 5) throw new VkApiFailure(911, 'Keyboard format is invalid: row');
      return row.map((button: unknown): SentButton => {
        if (!isRecord(button) || !isRecord(button.action)) throw new VkApiFailure(911);
        const { type, label, payload } = button.action;
        if (typeof type !== 'string') throw new VkApiFailure(911);
        if (typeof label !== 'string' || label.length === 0 || label.length > 40) {
          throw new VkApiFailure(911, 'Keyboard format is invalid: label');
        }
        if (payload !== undefined && (typeof payload !== 'string' || payload.length > 255)) {
          throw new VkApiFailure(911, 'Keyboard format is invalid: payload');
        }
        const decoded = payload === undefined ? undefined : safeJson(payload);
        const p = isRecord(decoded) && typeof decoded.p === 'string' ? decoded.p : undefined;
        return { label, type, payload, p };
      });
    });
    if (buttons.flat().length > limits.total) throw new VkApiFailure(911, 'Keyboard format is invalid: too many buttons');
    return { inline, oneTime: parsed.one_time === true, buttons };
  };

  const requireInt = (params: CallParams, name: string): number => {
    const value = Number(params[name]);
    if (!Number.isSafeInteger(value)) throw new VkApiFailure(100, `One of the parameters specified was missing or invalid: ${name} is undefined`);
    return value;
  };

  const methods: Record<string, (params: CallParams) => unknown> = {
    'groups.getById': () => ({
      groups: [{ id: groupId, name: 'Наставник', screen_name: `club${groupId}`, is_closed: 0, type: 'group' }],
      profiles: [],
    }),
    'groups.getLongPollServer': (params) => {
      if (requireInt(params, 'group_id') !== groupId) throw new VkApiFailure(100, 'One of the parameters specified was missing or invalid: group_id');
      return { key: longPollKey, server: `${baseUrl}/lp/${groupId}`, ts: String(nextTs) };
    },
    'users.get': (params) =>
      (params.user_ids ?? '')
        .split(',')
        .filter((id) => id.trim() !== '')
        .map((id) => ({
          id: Number(id),
          first_name: users.get(Number(id))?.options.firstName ?? `User${id}`,
          last_name: 'Test',
          can_access_closed: true,
          is_closed: false,
        })),
    'messages.send': (params) => {
      const peerId = requireInt(params, params.peer_id === undefined ? 'user_id' : 'peer_id');
      const randomId = params.random_id;
      if (randomId === undefined || randomId === '') {
        throw new VkApiFailure(100, 'One of the parameters specified was missing or invalid: random_id is a required parameter');
      }
      const text = params.message ?? '';
      const attachments = (params.attachment ?? '').split(',').filter((a) => a !== '');
      if (text.trim() === '' && attachments.length === 0) throw new VkApiFailure(100, 'One of the parameters specified was missing or invalid: message is empty');
      if (text.length > 4096) throw new VkApiFailure(914);
      if (users.get(peerId)?.blocked === true) throw new VkApiFailure(901);
      const keyboard = parseKeyboard(params.keyboard);
      // VK ignores a message whose random_id it has seen from this sender and returns the first one's id.
      const seen = byRandomId.get(randomId);
      if (seen) return seen.id;
      const message: SentMessage = {
        id: nextMessageId++,
        conversationMessageId: takeConversationId(peerId),
        peerId,
        text,
        randomId,
        keyboard,
        buttons: keyboard?.buttons ?? [],
        attachments,
        history: [],
      };
      byRandomId.set(randomId, message);
      const list = messages.get(peerId) ?? [];
      list.push(message);
      messages.set(peerId, list);
      return message.id;
    },
    'messages.edit': (params) => {
      const peerId = requireInt(params, 'peer_id');
      const cmid = Number(params.cmid ?? params.conversation_message_id);
      const messageId = Number(params.message_id);
      const message = (messages.get(peerId) ?? []).find((m) => m.conversationMessageId === cmid || m.id === messageId);
      if (!message) throw new VkApiFailure(100, 'One of the parameters specified was missing or invalid: message not found');
      const keyboard = params.keyboard === undefined ? message.keyboard : parseKeyboard(params.keyboard);
      const text = params.message ?? message.text;
      if (text !== message.text) message.history.push(message.text);
      message.text = text;
      message.keyboard = keyboard !== undefined && keyboard.buttons.length > 0 ? keyboard : undefined;
      message.buttons = message.keyboard?.buttons ?? [];
      return 1;
    },
    'messages.sendMessageEventAnswer': (params) => {
      const eventId = params.event_id ?? '';
      if (!callbackEvents.has(eventId)) throw new VkApiFailure(100, 'One of the parameters specified was missing or invalid: event_id');
      requireInt(params, 'user_id');
      requireInt(params, 'peer_id');
      if (params.event_data !== undefined) {
        const data = safeJson(params.event_data);
        if (!isRecord(data) || (data.type === 'show_snackbar' && (typeof data.text !== 'string' || data.text.length > 90))) {
          throw new VkApiFailure(100, 'One of the parameters specified was missing or invalid: event_data');
        }
      }
      return 1;
    },
    'docs.getMessagesUploadServer': (params) => ({ upload_url: `${baseUrl}/upload/doc?peer_id=${params.peer_id ?? ''}` }),
    'docs.save': (params) => {
      const upload = uploads.get(params.file ?? '');
      if (!upload) throw new VkApiFailure(100, 'One of the parameters specified was missing or invalid: file');
      const doc = { id: nextDocId++, owner_id: -groupId, title: params.title ?? upload.fileName, size: upload.size, ext: extensionOf(upload.fileName) };
      documents.push({ attachment: `doc${doc.owner_id}_${doc.id}`, fileName: upload.fileName, title: doc.title, size: upload.size });
      return { type: 'doc', doc: { ...doc, url: `https://vk.com/doc${doc.owner_id}_${doc.id}`, date: Math.floor(Date.now() / 1000), type: 1 } };
    },
  };

  const callMethod = (method: string, params: CallParams): unknown => {
    const call: RecordedCall = { method, params };
    calls.push(call);
    try {
      if (params.access_token !== TOKEN) throw new VkApiFailure(5);
      const injected = failures.get(method)?.shift();
      if (injected) throw new VkApiFailure(injected.error_code, injected.error_msg);
      const implementation = methods[method];
      if (!implementation) throw new VkApiFailure(3, 'Unknown method passed');
      return { response: implementation(params) };
    } catch (error) {
      if (!(error instanceof VkApiFailure)) throw error;
      call.errorCode = error.code;
      const requestParams = Object.entries(params)
        .filter(([key]) => key !== 'access_token')
        .map(([key, value]) => ({ key, value }));
      return { error: { error_code: error.code, error_msg: error.message, request_params: requestParams } };
    } finally {
      notify();
    }
  };

  const longPoll = (url: URL, res: ServerResponse): void => {
    longPollRequests++;
    const failed = longPollFailures.shift();
    if (failed !== undefined) {
      if (failed !== 1) longPollKey = `lp-key-${longPollRequests + 1}`;
      return json(res, failed === 1 ? { failed, ts: String(nextTs) } : { failed });
    }
    if (url.searchParams.get('act') !== 'a_check') return json(res, { failed: 2 });
    if (url.searchParams.get('key') !== longPollKey) return json(res, { failed: 2 });
    const ts = Number(url.searchParams.get('ts'));
    if (!Number.isSafeInteger(ts) || ts > nextTs) return json(res, { failed: 1, ts: String(nextTs) });
    const ready = eventsFrom(ts);
    if (ready.length > 0) return json(res, { ts: String(nextTs), updates: ready });
    const wait = Math.min(MAX_WAIT_SECONDS, Math.max(0, Number(url.searchParams.get('wait') ?? 25) || 0));
    const poll: Poll = {
      ts,
      finish: (result) => {
        clearTimeout(timer);
        polls = polls.filter((p) => p !== poll);
        json(res, result);
      },
    };
    const timer = setTimeout(() => poll.finish({ ts: String(ts), updates: [] }), wait * 1000);
    // A client that aborts its request (adapter stop) must not keep a timer alive.
    res.on('close', () => {
      clearTimeout(timer);
      polls = polls.filter((p) => p !== poll);
    });
    polls.push(poll);
  };

  const upload = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const boundary = /boundary=("?)([^";]+)\1/.exec(req.headers['content-type'] ?? '')?.[2];
    const file = boundary === undefined ? undefined : firstFile(body, boundary);
    if (!file) return json(res, { error: 'no file' });
    const token = `file-token-${uploads.size + 1}`;
    uploads.set(token, file);
    json(res, { file: token });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === `/lp/${groupId}`) return longPoll(url, res);
    if (url.pathname === '/upload/doc' && req.method === 'POST') return upload(req, res);
    const match = /^\/method\/([A-Za-z]+\.[A-Za-z]+)$/.exec(url.pathname);
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const body = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';
    const params: CallParams = { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(body)) };
    const method = match[1] ?? '';
    const hanging = hangs.get(method) ?? 0;
    if (hanging > 0) {
      hangs.set(method, hanging - 1);
      calls.push({ method, params, hung: true });
      notify();
      return;
    }
    json(res, callMethod(method, params));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake VK failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const sentTo = (peerId: number | string): SentMessage[] =>
    (messages.get(Number(peerId)) ?? []).map((m) => ({
      ...m,
      buttons: m.buttons.map((row) => row.map((b) => ({ ...b }))),
      attachments: [...m.attachments],
      history: [...m.history],
    }));

  const waitFor = <T>(probe: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const listener = (): void => {
        const value = probe();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake VK: timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        listeners.delete(listener);
      };
      listeners.add(listener);
      listener();
    });

  return {
    apiBaseUrl: `${baseUrl}/method`,
    token: TOKEN,
    groupId,
    calls,
    get longPollRequests() {
      return longPollRequests;
    },
    documents,
    user,
    injectEvent,
    sentTo,
    callsOf: (method) => calls.filter((c) => c.method === method),
    waitForCall: (predicate, timeoutMs = DEFAULT_WAIT_MS) =>
      waitFor(
        () => calls.find(predicate),
        timeoutMs,
        () => `a matching call; calls so far: ${calls.map((c) => `${c.method}${c.errorCode ? `(${c.errorCode})` : ''}`).join(', ') || 'none'}`,
      ),
    waitForMessages: (peerId, count, timeoutMs = DEFAULT_WAIT_MS) =>
      waitFor(
        () => {
          const list = sentTo(peerId);
          return list.length >= count ? list : undefined;
        },
        timeoutMs,
        () => `${count} message(s) to ${peerId}; have ${sentTo(peerId).length}`,
      ),
    hangNext: (method, times) => {
      hangs.set(method, (hangs.get(method) ?? 0) + times);
    },
    failNext: (method, times, error) => {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(error);
      failures.set(method, list);
    },
    failLongPoll: (failed) => {
      longPollFailures.push(failed);
      // A waiting request answers at once, as VK does when the session breaks.
      const waiting = polls.at(0);
      if (waiting) {
        longPollFailures.shift();
        if (failed !== 1) longPollKey = `lp-key-${longPollRequests + 1}`;
        waiting.finish(failed === 1 ? { failed, ts: String(nextTs) } : { failed });
      }
    },
    close: async () => {
      // Waiting long polls end with no events, as when VK's wait runs out.
      for (const poll of [...polls]) poll.finish({ ts: String(poll.ts), updates: [] });
      listeners.clear();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/** VK sends message texts HTML-escaped (vk-io unescapes them). */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function eventIdOf(n: number): string {
  return n.toString(16).padStart(40, '0');
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1);
}

function json(res: ServerResponse, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The first file part of a multipart/form-data body: its file name and size. */
function firstFile(body: Buffer, boundary: string): { fileName: string; size: number } | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) return undefined;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
      if (fileName !== undefined) return { fileName, size: part.length - headerEnd - 4 };
    }
    start = next;
  }
  return undefined;
}
