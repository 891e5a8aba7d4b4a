// The Telegram fuzz run: generated updates (random and hostile text, unicode, 100 KB strings,
// stickers and photos, own, other people's, forged and random callback data, commands with junk
// arguments, strangers, group chats, update kinds the bot ignores, redeliveries) go through the real
// grammY adapter (webhook mode: bot.handleUpdate), the real engine on PostgreSQL and out to the fake
// Bot API. The run reports what went wrong instead of asserting, so test files can share the work.
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { Message, Update } from 'grammy/types';
import { createTelegramAdapter } from '../../../bots/telegram/bot';
import { translateUpdate } from '../../../bots/telegram/translate';
import { identities, memberships, people } from '../../../db/schema';
import { inboundUpdateSchema, storableText, type HandleResult, type InboundUpdate } from '../../../flows/events';
import { registeredCommands } from '../../../flows/modules';
import { createApp } from '../../../src/app';
import { createConfig } from '../../../src/config';
import { isLocale, type Locale } from '../../../src/i18n';
import { seedProgramme } from '../../support/app';
import { createTestDatabase } from '../../support/db';
import { startFakeTelegram, type RecordedCall } from '../../support/fake-telegram';
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

const PEOPLE = 48;
const CURATORS = 4;
const GROUPS = [-100_500_001, -100_500_002];
const LANGUAGE_CODES = ['ru', 'en', 'en-GB', 'ru-RU', 'de', 'uk', undefined, 'zz'];
const CONTENTS = ['sticker', 'photo', 'voice', 'document', 'location', 'contact', 'dice', 'video_note', 'animation', 'poll'] as const;
const IGNORED = ['edited', 'channel', 'member', 'from-bot', 'other-bot-command', 'service', 'inline'] as const;

type Intent =
  | { kind: 'text'; user: number; text: string }
  | { kind: 'command'; user: number; name: string; args: string }
  | { kind: 'content'; user: number; content: (typeof CONTENTS)[number] }
  | { kind: 'own-button'; user: number; pick: number }
  /** What a cooperative person does: the first button of the question, or a plausible typed answer. */
  | { kind: 'progress'; user: number }
  | { kind: 'other-button'; user: number; other: number; pick: number }
  | { kind: 'payload'; user: number; payload: string }
  | { kind: 'no-data'; user: number }
  | { kind: 'redeliver'; user: number }
  | { kind: 'stranger'; text: string; languageCode: string | undefined }
  | { kind: 'group'; group: number; user: number; text: string }
  | { kind: 'ignored'; variant: (typeof IGNORED)[number] }
  | { kind: 'malformed'; body: unknown };


function intents(codes: string[], updates: number, seed: number): Intent[] {
  const user = fc.nat({ max: PEOPLE - 1 });
  const registered = registeredCommands().map((c) => c.name);
  const intent: fc.Arbitrary<Intent> = fc.oneof(
    { weight: 20, arbitrary: fc.record({ kind: fc.constant('text' as const), user, text: text(codes) }) },
    { weight: 10, arbitrary: fc.record({ kind: fc.constant('command' as const), user, name: commandName(registered), args: commandArgs(codes) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('content' as const), user, content: fc.constantFrom(...CONTENTS) }) },
    { weight: 16, arbitrary: fc.record({ kind: fc.constant('own-button' as const), user, pick: fc.nat() }) },
    { weight: 14, arbitrary: fc.record({ kind: fc.constant('progress' as const), user }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('other-button' as const), user, other: user, pick: fc.nat() }) },
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('payload' as const), user, payload: forgedPayload }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('payload' as const), user, payload: garbagePayload }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('no-data' as const), user }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('redeliver' as const), user }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('stranger' as const), text: text(codes), languageCode: fc.constantFrom(...LANGUAGE_CODES) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('group' as const), group: fc.constantFrom(...GROUPS), user, text: fc.oneof(text(codes), fc.constantFrom('/start', '/help', `/start@nastavnik_test_bot ${codes[0] ?? ''}`, '/mentees', '/forget')) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('ignored' as const), variant: fc.constantFrom(...IGNORED) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('malformed' as const),
        body: fc.constantFrom<unknown>({}, { update_id: -1 }, { update_id: 1.5 }, { update_id: '7' }, { message: { text: 'hi' } }),
      }),
    },
  );
  return fc.sample(intent, { numRuns: updates, seed });
}

export interface FuzzOutcome {
  tried: number;
  answered: number;
  ignored: number;
  recorded: number;
  rejections: number;
  /** Error-level log entries (bugs). */
  errors: string[];
  /** Updates refused, unanswered, answered in the wrong language, or answered when they should not be. */
  problems: string[];
  /** Inconsistencies in what PostgreSQL holds afterwards. */
  stored: string[];
  /** How far the people got: memberships by status, submitted responses, pairs. */
  reached: Record<string, number>;
}

/** Runs `updates` generated updates (plus each person's first three) on a fresh database. */
export async function runTelegramFuzz(options: { updates: number; seed: number }): Promise<FuzzOutcome> {
  const database = await createTestDatabase({ poolSize: 10 });
  const schoolA = await seedProgramme(database.db, { organisation: 'Школа № 1' });
  const schoolB = await seedProgramme(database.db, { organisation: 'Гимназия № 2' });
  const log = captureLog('warn');
  const app = await createApp(createConfig({ LOG_LEVEL: 'warn' }), log.logger, { database });
  const tg = await startFakeTelegram();
  const engineResults = new Map<string, HandleResult>();
  const adapter = createTelegramAdapter({
    token: tg.token,
    apiRoot: tg.apiRoot,
    botInfo: tg.botInfo,
    // What the engine made of each update: a redelivery is judged by it, since a message another
    // person's concurrent update sends to this chat is no answer to the redelivery.
    handler: {
      handle: async (update: InboundUpdate) => {
        const result = await app.engine.handle(update);
        engineResults.set(update.updateId, result);
        return result;
      },
    },
    logger: log.logger,
    throttle: false,
    mode: 'webhook',
  });
  await adapter.start();
  try {
    const codes = [schoolA.menteeCode, schoolA.mentorCode, schoolB.menteeCode, schoolB.mentorCode];
    const problems: string[] = [];
    const sentTexts = new Map<string, string[]>();
    const lastUpdate = new Map<number, Update>();
    const knownLocale = new Map<number, Locale>();
    let nextUpdateId = 1;
    let nextStranger = 900_000_000;
    let tried = 0;
    let answered = 0;
    let ignored = 0;
    let rejections = 0;
    const onRejection = (): void => {
      rejections++;
    };
    process.on('unhandledRejection', onRejection);

    const userIds = Array.from({ length: PEOPLE }, (_, i) => 700_000 + i);
    const languageOf = (id: number): string | undefined => LANGUAGE_CODES[id % LANGUAGE_CODES.length];
    const from = (id: number, languageCode = languageOf(id)) => ({
      id,
      is_bot: false,
      first_name: `Fuzz ${id}`,
      ...(languageCode === undefined ? {} : { language_code: languageCode }),
    });
    const privateChat = (id: number) => ({ id, type: 'private' as const, first_name: `Fuzz ${id}` });
    const message = (chat: Message['chat'], id: number, fields: Record<string, unknown>, languageCode?: string): Update => {
      const updateId = nextUpdateId++;
      return { update_id: updateId, message: { message_id: updateId, date: 1_790_000_000, chat, from: from(id, languageCode ?? languageOf(id)), ...fields } as Message } as Update;
    };
    const textFields = (value: string): Record<string, unknown> => {
      const command = /^\/\S+/.exec(value);
      return command ? { text: value, entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : { text: value };
    };
    const press = (id: number, data: string | undefined, messageId?: number): Update => {
      const updateId = nextUpdateId++;
      const pressed = messageId === undefined ? undefined : { message_id: messageId, date: 1_790_000_000, chat: privateChat(id), text: '…' };
      return {
        update_id: updateId,
        callback_query: {
          id: `cb-${updateId}`,
          from: from(id),
          chat_instance: `ci-${id}`,
          ...(pressed === undefined ? {} : { message: pressed }),
          ...(data === undefined ? { game_short_name: 'game' } : { data }),
        },
      } as Update;
    };
    /** Buttons of the newest message in a chat that has any. */
    const buttonsIn = (chatId: number): { messageId: number; data: string }[] => {
      const withButtons = [...tg.sentTo(chatId)].reverse().find((m) => m.buttons.length > 0);
      return (withButtons?.buttons.flat() ?? []).flatMap((b) => (b.callback_data === undefined ? [] : [{ messageId: withButtons?.message_id ?? 0, data: b.callback_data }]));
    };
    const localeOf = async (externalId: number, languageCode: string | undefined): Promise<Locale> => {
      const [row] = await database.db
        .select({ locale: people.locale })
        .from(identities)
        .innerJoin(people, eq(people.id, identities.personId))
        .where(and(eq(identities.platform, 'telegram'), eq(identities.externalId, String(externalId))));
      return row && isLocale(row.locale) ? row.locale : app.i18n.negotiate(languageCode);
    };

    const toUpdate = (intent: Intent): { update: unknown; chatId: number; userId: number; typed?: string } | undefined => {
      switch (intent.kind) {
        case 'text': {
          const id = userIds[intent.user] ?? 0;
          return { update: message(privateChat(id), id, textFields(intent.text)), chatId: id, userId: id, typed: intent.text };
        }
        case 'command': {
          const id = userIds[intent.user] ?? 0;
          const value = intent.args === '' ? `/${intent.name}` : `/${intent.name} ${intent.args}`;
          return { update: message(privateChat(id), id, textFields(value)), chatId: id, userId: id };
        }
        case 'content': {
          const id = userIds[intent.user] ?? 0;
          const contents: Record<(typeof CONTENTS)[number], unknown> = {
            sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false },
            photo: [{ file_id: 'p', file_unique_id: 'p', width: 90, height: 90 }],
            voice: { file_id: 'v', file_unique_id: 'v', duration: 3 },
            document: { file_id: 'd', file_unique_id: 'd', file_name: 'анкета.pdf' },
            location: { latitude: 55.75, longitude: 37.61 },
            contact: { phone_number: '+79991234567', first_name: 'Мама' },
            dice: { emoji: '🎲', value: 6 },
            video_note: { file_id: 'n', file_unique_id: 'n', length: 240, duration: 5 },
            animation: { file_id: 'a', file_unique_id: 'a', width: 1, height: 1, duration: 1 },
            poll: { id: 'poll', question: '?', options: [], total_voter_count: 0, is_closed: false, is_anonymous: true, type: 'regular', allows_multiple_answers: false },
          };
          return { update: message(privateChat(id), id, { [intent.content]: contents[intent.content] }), chatId: id, userId: id };
        }
        case 'own-button':
        case 'other-button': {
          const id = userIds[intent.user] ?? 0;
          const source = intent.kind === 'own-button' ? id : (userIds[intent.other] ?? 0);
          const buttons = buttonsIn(source);
          const button = buttons[intent.pick % Math.max(1, buttons.length)];
          if (button === undefined) return { update: press(id, 'pick:1:1:1'), chatId: id, userId: id };
          return { update: press(id, button.data, source === id ? button.messageId : undefined), chatId: id, userId: id };
        }
        case 'progress': {
          const id = userIds[intent.user] ?? 0;
          const last = tg.sentTo(id).at(-1);
          const first = cooperativeChoice(last?.buttons.flat().filter((b) => b.callback_data !== undefined) ?? [], (b) => b.text);
          if (first?.callback_data !== undefined && last !== undefined) return { update: press(id, first.callback_data, last.message_id), chatId: id, userId: id };
          const answer = `Ответ ${intent.user}`;
          return { update: message(privateChat(id), id, textFields(answer)), chatId: id, userId: id, typed: answer };
        }
        case 'payload': {
          const id = userIds[intent.user] ?? 0;
          return { update: press(id, intent.payload), chatId: id, userId: id };
        }
        case 'no-data': {
          const id = userIds[intent.user] ?? 0;
          return { update: press(id, undefined), chatId: id, userId: id };
        }
        case 'redeliver': {
          const id = userIds[intent.user] ?? 0;
          const previous = lastUpdate.get(id);
          return previous === undefined ? undefined : { update: previous, chatId: id, userId: id };
        }
        case 'stranger': {
          const id = nextStranger++;
          return { update: message(privateChat(id), id, textFields(intent.text), intent.languageCode), chatId: id, userId: id, typed: intent.text };
        }
        case 'group': {
          const id = userIds[intent.user] ?? 0;
          const chat = { id: intent.group, type: intent.group === GROUPS[0] ? ('group' as const) : ('supergroup' as const), title: 'Класс' };
          return { update: message(chat, id, textFields(intent.text)), chatId: intent.group, userId: id, typed: intent.text };
        }
        case 'ignored': {
          const id = nextStranger++;
          const updateId = nextUpdateId++;
          const base = { message_id: updateId, date: 1_790_000_000, chat: privateChat(id), from: from(id) };
          const bodies: Record<(typeof IGNORED)[number], unknown> = {
            edited: { update_id: updateId, edited_message: { ...base, text: 'исправлено', edit_date: 1_790_000_001 } },
            channel: { update_id: updateId, channel_post: { message_id: updateId, date: 1_790_000_000, chat: { id: -100_999, type: 'channel', title: 'Канал' }, text: '/start' } },
            member: { update_id: updateId, my_chat_member: { chat: privateChat(id), from: from(id), date: 1, old_chat_member: { status: 'member', user: from(id) }, new_chat_member: { status: 'kicked', user: from(id), until_date: 0 } } },
            'from-bot': { update_id: updateId, message: { ...base, from: { id, is_bot: true, first_name: 'Bot' }, text: '/start' } },
            'other-bot-command': { update_id: updateId, message: { ...base, text: '/start@other_bot', entities: [{ type: 'bot_command', offset: 0, length: 16 }] } },
            service: { update_id: updateId, message: { ...base, new_chat_title: 'Новое название' } },
            inline: { update_id: updateId, inline_query: { id: 'q', from: from(id), query: 'анкета', offset: '' } },
          };
          return { update: bodies[intent.variant], chatId: id, userId: id };
        }
        case 'malformed':
          return { update: intent.body, chatId: 0, userId: 0 };
      }
    };

    const run = async (intent: Intent): Promise<void> => {
      const built = toUpdate(intent);
      if (built === undefined) return;
      const { update, chatId, userId } = built;
      tried++;
      const isUpdate = typeof update === 'object' && update !== null && Number.isInteger((update as { update_id?: unknown }).update_id) && (update as { update_id: number }).update_id >= 0;
      const inbound = isUpdate ? translateUpdate(update as Update, tg.botInfo.username) : undefined;
      const duplicate = intent.kind === 'redeliver';
      const deservesAnswer =
        inbound !== undefined && inboundUpdateSchema.safeParse(inbound).success && !duplicate && (inbound.chatType === 'private' || inbound.event.kind === 'command');
      const before = tg.calls.length;
      if (isUpdate) engineResults.delete(String((update as Update).update_id));
      try {
        await adapter.handleWebhookUpdate(update);
        if (!isUpdate) problems.push(`malformed body ${JSON.stringify(update)} was accepted`);
      } catch (error) {
        if (isUpdate) problems.push(`update ${JSON.stringify(update).slice(0, 200)} was refused: ${String(error)}`);
      }
      if (built.typed !== undefined) sentTexts.set(`telegram:${userId}`, [...(sentTexts.get(`telegram:${userId}`) ?? []), built.typed]);
      if (isUpdate && (update as Update).callback_query === undefined && !duplicate && userId !== 0) lastUpdate.set(userId, update as Update);
      if (isUpdate && (update as Update).callback_query !== undefined && !duplicate) lastUpdate.set(userId, update as Update);

      const queryId = (update as Update | undefined)?.callback_query?.id;
      // Pressing a button whose screen already shows its answer edits nothing: Telegram says
      // "message is not modified" and the person still sees the answer.
      const unchanged = (c: RecordedCall) => c.errorCode === 400 && c.method.startsWith('editMessage') && (c.errorDescription ?? '').includes('message is not modified');
      const mine = tg.calls
        .slice(before)
        .filter(
          (c: RecordedCall) =>
            (c.errorCode === undefined || unchanged(c)) && (String(c.params.chat_id) === String(chatId) || (queryId !== undefined && c.params.callback_query_id === queryId)),
        );
      const texts = mine.map((c) => String(c.params.text ?? c.params.caption ?? '')).filter((t) => t.trim() !== '');
      const failed = tg.calls.slice(before).filter((c) => c.errorCode !== undefined && !unchanged(c) && String(c.params.chat_id) === String(chatId));
      if (failed.length > 0) problems.push(`update ${tried} (${intent.kind}): the Bot API refused ${failed.map((c) => `${c.method} ${c.errorCode}`).join(', ')}`);
      if (!deservesAnswer) {
        ignored++;
        if (duplicate) {
          const result = engineResults.get(String((update as Update).update_id));
          if (result !== undefined && (!result.duplicate || result.replies.length > 0 || result.deliveries.length > 0)) {
            problems.push(`update ${tried} (redeliver) was handled again: ${result.replies.map((r) => r.text).join(' | ').slice(0, 200)}`);
          }
        } else if (mine.some((c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(chatId)) && inbound === undefined) {
          problems.push(`update ${tried} (${intent.kind}${'variant' in intent ? ` ${intent.variant}` : ''}) should change nothing but was answered: ${texts.join(' | ').slice(0, 200)}`);
        }
        return;
      }
      if (texts.length === 0) {
        problems.push(`update ${tried} (${intent.kind}: ${JSON.stringify(inbound?.event).slice(0, 120)}) got no answer`);
        return;
      }
      // The person's language is read from PostgreSQL only when the one last seen does not match.
      let locale = knownLocale.get(userId) ?? app.i18n.negotiate(inbound.user.languageCode);
      if (!texts.some((t) => writtenIn(t, locale))) locale = await localeOf(userId, inbound.user.languageCode);
      knownLocale.set(userId, locale);
      if (!texts.some((t) => writtenIn(t, locale))) {
        problems.push(`update ${tried} (${intent.kind}) was answered, but not in ${locale}: ${texts.join(' | ').slice(0, 200)}`);
      }
      answered++;
    };

    // Everyone starts somewhere: the people join one of the programmes (a few as curators) and
    // consent; then each curator proposes pairs of their own programme, so pair buttons exist to
    // press, forge and replay; then the generated updates, each person's in order, people in parallel.
    const curatorCodes = [schoolA.curatorCode, schoolA.curatorCode, schoolB.curatorCode, schoolB.curatorCode];
    const runLanes = async (lanes: Intent[][]): Promise<void> => {
      await Promise.all(
        lanes.map(async (list) => {
          for (const intent of list) await run(intent);
        }),
      );
    };
    await runLanes(
      userIds.map((_, index): Intent[] => [
        { kind: 'command', user: index, name: 'start', args: (index < CURATORS ? curatorCodes[index] : codes[index % codes.length]) ?? '' },
        { kind: 'payload', user: index, payload: 'consent:yes' },
        { kind: 'payload', user: index, payload: 'age:over14' },
      ]),
    );
    const joined = await database.db.select().from(memberships);
    await runLanes(
      userIds.slice(0, CURATORS).map((_, index): Intent[] => {
        const programmeId = (index < CURATORS / 2 ? schoolA : schoolB).programmeId;
        const mentees = joined.filter((m) => m.programmeId === programmeId && m.role === 'mentee');
        const mentors = joined.filter((m) => m.programmeId === programmeId && m.role === 'mentor');
        return mentees
          .slice(index % 2, 4)
          .map((mentee, k): Intent => ({ kind: 'payload', user: index, payload: `propose:${mentee.id}:${mentors[k % Math.max(1, mentors.length)]?.id ?? 0}` }));
      }),
    );
    const lanes = new Map<string, Intent[]>();
    for (const intent of intents(codes, options.updates, options.seed)) {
      const key = 'user' in intent && intent.kind !== 'group' ? `user:${intent.user}` : intent.kind === 'group' ? `group:${intent.group}` : intent.kind;
      lanes.set(key, [...(lanes.get(key) ?? []), intent]);
    }
    await runLanes([...lanes.values()]);
    process.off('unhandledRejection', onRejection);

    const stored = await consistencyProblems(database.db, app.catalog, {
      has: (key, value) => (sentTexts.get(key) ?? []).some((t) => storableText(t).trim() === value),
    });
    const errors = log.errors().map((e) => `${String(e.msg)} ${JSON.stringify(e.err ?? '')}`.slice(0, 300));
    return {
      tried,
      answered,
      ignored,
      recorded: await processedCount(database.db, 'telegram'),
      rejections,
      errors,
      problems,
      stored,
      reached: await reachedStates(database.db),
    };
  } finally {
    await adapter.stop();
    await tg.close();
    await database.drop();
  }
}
