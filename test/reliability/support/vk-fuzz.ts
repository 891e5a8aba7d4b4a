// The VK fuzz run: generated community events (random and hostile text, unicode, 100 KB strings,
// stickers, photos and other attachments, own, other people's, forged and malformed button payloads
// as callback presses and as text-button messages, vk.me refs, commands with junk arguments,
// strangers, group chats with mentions, events the bot ignores, events without event_id, redeliveries)
// go through the VK adapter's translate path (toContext + translate, as the long poll and the
// Callback API feed it) into the real engine on PostgreSQL; every reply is planned into VK messages
// and keyboards as the adapter would send it. The run reports what went wrong instead of asserting.
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { VK } from 'vk-io';
import { MODERN_CLIENT, planMessages, type VkClientCapabilities } from '../../../bots/vk/keyboard';
import { clientCapabilities, toContext, translate, vkGroupEventSchema, type VkGroupEvent } from '../../../bots/vk/translate';
import { MessageContext } from 'vk-io';
import { identities, memberships, people } from '../../../db/schema';
import { inboundUpdateSchema, storableText, type Button, type InboundUpdate } from '../../../flows/events';
import { registeredCommands } from '../../../flows/modules';
import { createApp } from '../../../src/app';
import { createConfig } from '../../../src/config';
import { isLocale, type Locale } from '../../../src/i18n';
import { seedProgramme } from '../../support/app';
import { createTestDatabase } from '../../support/db';
import {
  captureLog,
  commandArgs,
  commandName,
  cooperativeChoice,
  consistencyProblems,
  forgedPayload,
  garbagePayload,
  processedCount,
  reachedStates,
  text,
  writtenIn,
} from './fuzz';
import type { FuzzOutcome } from './telegram-fuzz';

const GROUP_ID = 200_000_001;
const PEOPLE = 48;
const CURATORS = 4;
const CHATS = [2_000_000_001, 2_000_000_002];
const ATTACHMENTS = ['sticker', 'photo', 'doc', 'audio_message', 'video', 'wall', 'graffiti', 'market', 'poll', 'gift', 'link', 'story', 'unknown_kind'] as const;
const IGNORED = ['outbox', 'community', 'reply', 'edit', 'typing', 'join', 'unknown', 'chat-action', 'no-object', 'bad-event'] as const;
const LANG_IDS = [0, 3, 0, 3, 1, 6, undefined, 42];

/** Client capabilities a person's messages report (and the keyboards planned for them). */
const CLIENTS: (Record<string, unknown> | undefined)[] = [
  { button_actions: ['text', 'callback', 'open_link'], keyboard: true, inline_keyboard: true, carousel: true },
  { button_actions: ['text', 'open_link'], keyboard: true, inline_keyboard: true },
  { button_actions: ['text'], keyboard: true, inline_keyboard: false },
  { button_actions: [], keyboard: false, inline_keyboard: false },
  undefined,
];

type Intent =
  | { kind: 'text'; user: number; text: string }
  | { kind: 'command'; user: number; name: string; args: string }
  | { kind: 'ref'; user: number; ref: string; text: string }
  | { kind: 'attachment'; user: number; attachment: (typeof ATTACHMENTS)[number] }
  | { kind: 'forward'; user: number; depth: number }
  | { kind: 'own-button'; user: number; pick: number; asText: boolean }
  | { kind: 'progress'; user: number }
  | { kind: 'other-button'; user: number; other: number; pick: number }
  | { kind: 'payload'; user: number; payload: unknown; asText: boolean }
  | { kind: 'redeliver'; user: number }
  | { kind: 'no-event-id'; user: number; text: string }
  | { kind: 'stranger'; text: string; lang: number | undefined }
  | { kind: 'group'; chat: number; user: number; text: string }
  | { kind: 'ignored'; variant: (typeof IGNORED)[number] };

/** Payload values a VK client can post (VK passes any JSON through): ours, forged in ours, and foreign. */
const vkPayload: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: forgedPayload.map((p) => ({ p })) },
  { weight: 2, arbitrary: garbagePayload.map((p) => ({ p })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ command: 'start' }, { command: 'not_start' }, { button: '1' }, { p: 123 }, { p: ['pick'] }, { p: 'pick:1:1:1', extra: 1 }, [], 'pick:1:1:1', 42, null, true, { p: 'x'.repeat(300) }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

function intents(codes: string[], updates: number, seed: number): Intent[] {
  const user = fc.nat({ max: PEOPLE - 1 });
  const registered = registeredCommands().map((c) => c.name);
  const intent: fc.Arbitrary<Intent> = fc.oneof(
    { weight: 18, arbitrary: fc.record({ kind: fc.constant('text' as const), user, text: text(codes) }) },
    { weight: 9, arbitrary: fc.record({ kind: fc.constant('command' as const), user, name: commandName(registered), args: commandArgs(codes) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('ref' as const), user, ref: fc.oneof(fc.constantFrom(...codes), text([])), text: fc.constantFrom('', 'Начать', 'привет') }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('attachment' as const), user, attachment: fc.constantFrom(...ATTACHMENTS) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('forward' as const), user, depth: fc.integer({ min: 1, max: 40 }) }) },
    { weight: 16, arbitrary: fc.record({ kind: fc.constant('own-button' as const), user, pick: fc.nat(), asText: fc.boolean() }) },
    { weight: 14, arbitrary: fc.record({ kind: fc.constant('progress' as const), user }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('other-button' as const), user, other: user, pick: fc.nat() }) },
    { weight: 10, arbitrary: fc.record({ kind: fc.constant('payload' as const), user, payload: vkPayload, asText: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), user }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('no-event-id' as const), user, text: text(codes) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('stranger' as const), text: text(codes), lang: fc.constantFrom(...LANG_IDS) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('group' as const),
        chat: fc.constantFrom(...CHATS),
        user,
        text: fc.oneof(text(codes), fc.constantFrom(`[club${GROUP_ID}|@nastavnik] /start`, `[club${GROUP_ID}|Наставник], /help`, '[club1|@other] /start', '/mentees', 'Начать')),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('ignored' as const), variant: fc.constantFrom(...IGNORED) }) },
  );
  return fc.sample(intent, { numRuns: updates, seed });
}

/** VK sends message texts HTML-escaped. */
function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What VK would refuse in a planned message: empty or over-long text, labels, payloads, keyboard size. */
function keyboardProblems(planned: { text: string; keyboard?: string | undefined }[]): string[] {
  const problems: string[] = [];
  for (const message of planned) {
    if (message.text.trim() === '' || message.text.length > 4096) problems.push(`text of ${message.text.length} characters`);
    if (message.keyboard === undefined) continue;
    const keyboard = JSON.parse(message.keyboard) as { inline?: boolean; buttons: { action: { label: string; payload?: string } }[][] };
    const limits = keyboard.inline === true ? { rows: 6, total: 10 } : { rows: 10, total: 40 };
    const buttons = keyboard.buttons.flat();
    if (keyboard.buttons.length > limits.rows || buttons.length > limits.total || keyboard.buttons.some((row) => row.length > 5)) {
      problems.push(`keyboard of ${keyboard.buttons.length} rows, ${buttons.length} buttons`);
    }
    for (const { action } of buttons) {
      if (action.label.length === 0 || action.label.length > 40) problems.push(`label of ${action.label.length} characters`);
      if ((action.payload ?? '').length > 255) problems.push(`payload of ${action.payload?.length ?? 0} characters`);
    }
  }
  return problems;
}

/** Runs `updates` generated events (plus each person's first three) on a fresh database. */
export async function runVkFuzz(options: { updates: number; seed: number }): Promise<FuzzOutcome> {
  const database = await createTestDatabase({ poolSize: 10 });
  const schoolA = await seedProgramme(database.db, { organisation: 'Школа № 1' });
  const schoolB = await seedProgramme(database.db, { organisation: 'Гимназия № 2' });
  const log = captureLog('warn');
  const app = await createApp(createConfig({ LOG_LEVEL: 'warn' }), log.logger, { database });
  // Translation needs vk-io's API objects only to build contexts; nothing is called over the network.
  const vk = new VK({ token: 'fuzz', apiBaseUrl: 'http://127.0.0.1:9/method' });
  try {
    const codes = [schoolA.menteeCode, schoolA.mentorCode, schoolB.menteeCode, schoolB.mentorCode];
    const problems: string[] = [];
    const sentTexts = new Map<string, string[]>();
    const shown = new Map<number, Button[]>();
    const lastEvent = new Map<number, VkGroupEvent>();
    const knownLocale = new Map<number, Locale>();
    const clients = new Map<number, VkClientCapabilities>();
    let nextEvent = 1;
    let nextMessage = 1;
    let nextStranger = 900_000_000;
    let tried = 0;
    let answered = 0;
    let ignored = 0;
    let rejections = 0;
    const onRejection = (): void => {
      rejections++;
    };
    process.on('unhandledRejection', onRejection);

    const userIds = Array.from({ length: PEOPLE }, (_, i) => 800_000 + i);
    const clientInfo = (id: number): Record<string, unknown> | undefined => {
      const base = CLIENTS[id % CLIENTS.length];
      const lang = LANG_IDS[id % LANG_IDS.length];
      return base === undefined ? undefined : { ...base, ...(lang === undefined ? {} : { lang_id: lang }) };
    };
    const event = (type: string, object: unknown, withId = true): VkGroupEvent => ({
      type,
      object,
      group_id: GROUP_ID,
      ...(withId ? { event_id: (nextEvent++).toString(16).padStart(40, '0') } : {}),
    });
    const messageNew = (from: number, peer: number, fields: Record<string, unknown>, info = clientInfo(from), withId = true): VkGroupEvent => {
      const id = nextMessage++;
      return event(
        'message_new',
        {
          message: { date: 1_790_000_000, from_id: from, peer_id: peer, id, conversation_message_id: id, out: 0, text: '', attachments: [], fwd_messages: [], important: false, ...fields },
          ...(info === undefined ? {} : { client_info: info }),
        },
        withId,
      );
    };
    const press = (id: number, payload: unknown, asText: boolean): VkGroupEvent =>
      asText
        ? messageNew(id, id, { text: 'кнопка', payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })
        : event('message_event', { user_id: id, peer_id: id, event_id: `cb${nextEvent}`, payload, conversation_message_id: nextMessage });
    const attachmentOf = (kind: (typeof ATTACHMENTS)[number], owner: number): Record<string, unknown> => {
      switch (kind) {
        case 'sticker':
          return { type: 'sticker', sticker: { product_id: 1, sticker_id: 9, images: [] } };
        case 'photo':
          return { type: 'photo', photo: { id: 1, owner_id: owner, album_id: -3, date: 1, sizes: [{ type: 'x', url: 'https://example.org/p.jpg', width: 1, height: 1 }] } };
        case 'doc':
          return { type: 'doc', doc: { id: 1, owner_id: owner, title: 'анкета.pdf', size: 10, ext: 'pdf', url: 'https://example.org/d', date: 1, type: 1 } };
        case 'audio_message':
          return { type: 'audio_message', audio_message: { id: 1, owner_id: owner, duration: 3, waveform: [1, 2], link_ogg: 'https://example.org/a.ogg', link_mp3: 'https://example.org/a.mp3' } };
        default:
          return { type: kind, [kind]: { id: 1, owner_id: owner } };
      }
    };
    const localeOf = async (externalId: number, fallback: string | undefined): Promise<Locale> => {
      const [row] = await database.db
        .select({ locale: people.locale })
        .from(identities)
        .innerJoin(people, eq(people.id, identities.personId))
        .where(and(eq(identities.platform, 'vk'), eq(identities.externalId, String(externalId))));
      return row && isLocale(row.locale) ? row.locale : app.i18n.negotiate(fallback);
    };

    const toEvent = (intent: Intent): { raw: unknown; userId: number } | undefined => {
      const id = 'user' in intent ? (userIds[intent.user] ?? 0) : 0;
      switch (intent.kind) {
        case 'text':
          return { raw: messageNew(id, id, { text: escapeText(intent.text) }), userId: id };
        case 'command':
          return { raw: messageNew(id, id, { text: escapeText(intent.args === '' ? `/${intent.name}` : `/${intent.name} ${intent.args}`) }), userId: id };
        case 'ref':
          return { raw: messageNew(id, id, { text: intent.text, ref: intent.ref, ref_source: 'fuzz' }), userId: id };
        case 'attachment':
          return { raw: messageNew(id, id, { attachments: [attachmentOf(intent.attachment, id)] }), userId: id };
        case 'forward': {
          let nested: Record<string, unknown> = { from_id: id, text: 'вложенное', payload: '{not json', date: 1 };
          for (let i = 0; i < intent.depth; i++) nested = { from_id: id, text: `уровень ${i}`, date: 1, fwd_messages: [nested], reply_message: nested };
          return { raw: messageNew(id, id, { fwd_messages: [nested] }), userId: id };
        }
        case 'own-button':
        case 'other-button': {
          const source = intent.kind === 'own-button' ? id : (userIds[intent.other] ?? 0);
          const buttons = shown.get(source) ?? [];
          const button = buttons[intent.pick % Math.max(1, buttons.length)];
          return { raw: press(id, { p: button?.payload ?? 'pick:1:1:1' }, intent.kind === 'own-button' && intent.asText), userId: id };
        }
        case 'progress': {
          const first = cooperativeChoice(shown.get(id) ?? [], (b) => b.label);
          if (first) return { raw: press(id, { p: first.payload }, false), userId: id };
          return { raw: messageNew(id, id, { text: `Ответ ${intent.user}` }), userId: id };
        }
        case 'payload':
          return { raw: press(id, intent.payload, intent.asText), userId: id };
        case 'redeliver': {
          const previous = lastEvent.get(id);
          return previous === undefined ? undefined : { raw: previous, userId: id };
        }
        case 'no-event-id':
          return { raw: messageNew(id, id, { text: escapeText(intent.text) }, clientInfo(id), false), userId: id };
        case 'stranger': {
          const stranger = nextStranger++;
          return { raw: messageNew(stranger, stranger, { text: escapeText(intent.text) }, { ...CLIENTS[0], lang_id: intent.lang }), userId: stranger };
        }
        case 'group':
          return { raw: messageNew(id, intent.chat, { text: escapeText(intent.text) }), userId: id };
        case 'ignored': {
          const stranger = nextStranger++;
          const bodies: Record<(typeof IGNORED)[number], unknown> = {
            outbox: messageNew(stranger, stranger, { text: '/start', out: 1 }),
            community: messageNew(-GROUP_ID, stranger, { text: '/start' }),
            reply: event('message_reply', { id: 1, peer_id: stranger, from_id: -GROUP_ID, text: 'ответ' }),
            edit: event('message_edit', { id: 1, peer_id: stranger, from_id: stranger, text: 'исправлено' }),
            typing: event('message_typing_state', { state: 'typing', from_id: stranger, to_id: -GROUP_ID }),
            join: event('group_join', { user_id: stranger, join_type: 'join' }),
            unknown: event('wall_post_new', { id: 1, owner_id: -GROUP_ID, text: 'пост' }),
            'chat-action': messageNew(stranger, CHATS[0] ?? 0, { action: { type: 'chat_invite_user', member_id: stranger } }),
            'no-object': event('message_new', null),
            'bad-event': { type: 7, object: {} },
          };
          return { raw: bodies[intent.variant], userId: stranger };
        }
      }
    };

    const run = async (intent: Intent): Promise<void> => {
      const built = toEvent(intent);
      if (built === undefined) return;
      tried++;
      const { raw, userId } = built;
      const parsed = vkGroupEventSchema.safeParse(raw);
      let inbound: InboundUpdate | undefined;
      try {
        const context = parsed.success ? toContext(parsed.data, { api: vk.api, upload: vk.upload, groupId: GROUP_ID }) : undefined;
        inbound = context === undefined ? undefined : translate(context, { eventId: parsed.data?.event_id, groupId: GROUP_ID });
        if (context instanceof MessageContext && inbound !== undefined) clients.set(userId, clientCapabilities(context));
      } catch (error) {
        problems.push(`event ${tried} (${intent.kind}) threw in translation: ${String(error)}`);
        return;
      }
      const duplicate = intent.kind === 'redeliver';
      if (parsed.success && intent.kind !== 'redeliver' && intent.kind !== 'stranger' && intent.kind !== 'ignored') lastEvent.set(userId, parsed.data);
      if (inbound === undefined) {
        ignored++;
        return;
      }
      if (inbound.event.kind === 'text') sentTexts.set(`vk:${userId}`, [...(sentTexts.get(`vk:${userId}`) ?? []), inbound.event.text]);
      let result;
      try {
        result = await app.engine.handle(inbound);
      } catch (error) {
        problems.push(`event ${tried} (${intent.kind}) was not handled: ${String(error)}`);
        return;
      }
      const deservesAnswer = inboundUpdateSchema.safeParse(inbound).success && !duplicate && (inbound.chatType === 'private' || inbound.event.kind === 'command');
      if (result.duplicate !== duplicate) problems.push(`event ${tried} (${intent.kind}) duplicate=${String(result.duplicate)}`);
      const pressed = parsed.data?.type === 'message_event';
      const client = pressed ? { ...(clients.get(userId) ?? MODERN_CLIENT), callback: true, inlineKeyboard: true } : (clients.get(userId) ?? MODERN_CLIENT);
      for (const reply of result.replies) {
        try {
          const wrong = keyboardProblems(planMessages(reply, client));
          if (wrong.length > 0) problems.push(`event ${tried} (${intent.kind}): VK would refuse the reply: ${wrong.join(', ')}`);
        } catch (error) {
          problems.push(`event ${tried} (${intent.kind}): the reply cannot be planned for VK: ${String(error)}`);
        }
      }
      const withButtons = [...result.replies].reverse().find((r) => (r.buttons ?? []).some((row) => row.length > 0));
      if (withButtons && inbound.chatType === 'private') shown.set(userId, (withButtons.buttons ?? []).flat());
      for (const delivery of result.deliveries) {
        const buttons = (delivery.message.buttons ?? []).flat();
        if (buttons.length > 0) shown.set(Number(delivery.chatId), buttons);
      }
      // A message for the sender may also come as a delivery (the pair became active: everyone, the
      // sender included, gets the contacts).
      const ownDeliveries = result.deliveries.filter((d) => d.platform === 'vk' && d.chatId === inbound.user.chatId).map((d) => d.message.text);
      const texts = [...result.replies.map((r) => r.text), ...ownDeliveries, ...(result.toast === undefined ? [] : [result.toast])].filter((t) => t.trim() !== '');
      if (!deservesAnswer) {
        ignored++;
        if (texts.length > 0 && duplicate) problems.push(`event ${tried} (redelivered) was answered again`);
        return;
      }
      if (texts.length === 0) {
        problems.push(`event ${tried} (${intent.kind}: ${JSON.stringify(inbound.event).slice(0, 120)}) got no answer`);
        return;
      }
      let locale = knownLocale.get(userId) ?? app.i18n.negotiate(inbound.user.languageCode);
      if (!texts.some((t) => writtenIn(t, locale))) locale = await localeOf(userId, inbound.user.languageCode);
      knownLocale.set(userId, locale);
      if (!texts.some((t) => writtenIn(t, locale))) problems.push(`event ${tried} (${intent.kind}) was answered, but not in ${locale}: ${texts.join(' | ').slice(0, 200)}`);
      answered++;
    };

    const runLanes = async (lanes: Intent[][]): Promise<void> => {
      await Promise.all(
        lanes.map(async (list) => {
          for (const intent of list) await run(intent);
        }),
      );
    };
    const curatorCodes = [schoolA.curatorCode, schoolA.curatorCode, schoolB.curatorCode, schoolB.curatorCode];
    await runLanes(
      userIds.map((_, index): Intent[] => [
        { kind: 'command', user: index, name: 'start', args: (index < CURATORS ? curatorCodes[index] : codes[index % codes.length]) ?? '' },
        { kind: 'payload', user: index, payload: { p: 'consent:yes' }, asText: false },
        { kind: 'payload', user: index, payload: { p: 'age:over14' }, asText: false },
      ]),
    );
    const joined = await database.db.select().from(memberships);
    await runLanes(
      userIds.slice(0, CURATORS).map((_, index): Intent[] => {
        const programmeId = (index < CURATORS / 2 ? schoolA : schoolB).programmeId;
        const mentees = joined.filter((m) => m.programmeId === programmeId && m.role === 'mentee');
        const mentors = joined.filter((m) => m.programmeId === programmeId && m.role === 'mentor');
        return mentees.slice(index % 2, 4).map((mentee, k): Intent => ({
          kind: 'payload',
          user: index,
          payload: { p: `propose:${mentee.id}:${mentors[k % Math.max(1, mentors.length)]?.id ?? 0}` },
          asText: false,
        }));
      }),
    );
    const lanes = new Map<string, Intent[]>();
    for (const intent of intents(codes, options.updates, options.seed)) {
      const key = intent.kind === 'group' ? `group:${intent.chat}` : 'user' in intent ? `user:${intent.user}` : intent.kind;
      lanes.set(key, [...(lanes.get(key) ?? []), intent]);
    }
    await runLanes([...lanes.values()]);
    process.off('unhandledRejection', onRejection);

    const stored = await consistencyProblems(database.db, app.catalog, {
      has: (key, value) => (sentTexts.get(key) ?? []).some((t) => storableText(t).trim() === value),
    });
    return {
      tried,
      answered,
      ignored,
      recorded: await processedCount(database.db, 'vk'),
      rejections,
      errors: log.errors().map((e) => `${String(e.msg)} ${JSON.stringify(e.err ?? '')}`.slice(0, 300)),
      problems,
      stored,
      reached: await reachedStates(database.db),
    };
  } finally {
    await database.drop();
  }
}
