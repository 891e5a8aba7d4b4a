// The messenger misbehaves: Telegram answers 429 with retry_after, 5xx, or leaves a request hanging;
// VK answers "too many requests", "flood control", "internal error", or hangs; a long poll hangs or
// fails. The real grammY and vk-io adapters against the fake servers, the engine on PostgreSQL:
// every reply arrives exactly once. A person who blocked the bot is marked unreachable when a
// message to them is refused, and reachable again when they write.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryRouter } from '../../bots/delivery-router';
import { createTelegramAdapter, type TelegramAdapter } from '../../bots/telegram/bot';
import { createVkAdapter, type VkAdapter } from '../../bots/vk/bot';
import { markIdentityUnreachable } from '../../db/queries/people';
import { identities, memberships, type Platform } from '../../db/schema';
import { encodePayload } from '../../flows/payload';
import type { App } from '../../src/app';
import { setMentorReadiness } from '../../src/curators/participants';
import { createLogger } from '../../src/logger';
import { personOf } from '../e2e/support/records';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, waitUntil, type FakeTelegram } from '../support/fake-telegram';
import { startFakeVk, type FakeVk } from '../support/fake-vk';
import { completeMenteeIntake, completeMentorIntake, engineChat, joinAsCurator, menteeAtRequests } from './support/journey';

const NEXT_QUESTION = /Чем вы увлекаетесь\?/;

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;
let nextId = 630_000;
/** Faults each test survived, for the README's count. */
const survived: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  app = await createTestApp(database);
});

afterAll(async () => {
  console.info(`messenger faults survived: ${survived.length} (${survived.join('; ')})`);
  await app?.close();
  await database?.drop();
});

const markUnreachable = (platform: Platform, chatId: string) => markIdentityUnreachable(database.db, platform, chatId, new Date());

async function unreachableAt(platform: Platform, externalId: number): Promise<Date | null | undefined> {
  const [row] = await database.db
    .select({ at: identities.unreachableAt })
    .from(identities)
    .where(and(eq(identities.platform, platform), eq(identities.externalId, String(externalId))));
  return row?.at;
}

/** A mentee at the multi-choice question, with "tick olympiads" and "done" as the client would send them. */
async function menteeReady(platform: Platform): Promise<{ id: number; tick: string; done: string }> {
  const id = ++nextId;
  const buttons = await menteeAtRequests(engineChat(app.engine, platform).user(id), seeded.menteeCode);
  const payload = (label: string) => buttons.find((b) => b.label === label)?.payload ?? '';
  return { id, tick: payload('Олимпиады и конкурсы'), done: payload('Готово ✔') };
}

describe('Telegram misbehaving', () => {
  let tg: FakeTelegram;
  let adapter: TelegramAdapter;

  beforeAll(async () => {
    tg = await startFakeTelegram();
    const router = createDeliveryRouter(app.logger, undefined, markUnreachable);
    adapter = createTelegramAdapter({
      token: tg.token,
      apiRoot: tg.apiRoot,
      botInfo: tg.botInfo,
      handler: app.engine,
      logger: createLogger('silent'),
      throttle: false,
      deliver: router.deliver,
      onUnreachable: (chatId) => markUnreachable('telegram', chatId),
      requestTimeoutSeconds: 1,
      pollTimeoutSeconds: 1,
    });
    router.register(adapter.sender);
    await adapter.start();
  });

  afterAll(async () => {
    await adapter?.stop();
    await tg?.close();
  });

  /** Ticks an option and presses Done; resolves once the next question has arrived. */
  async function answerThroughTelegram(mentee: { id: number; tick: string; done: string }): Promise<string[]> {
    const user = tg.user(mentee.id, { languageCode: 'ru' });
    user.press(mentee.tick);
    user.press(mentee.done);
    await waitUntil(() => tg.sentTo(mentee.id).some((m) => NEXT_QUESTION.test(m.text ?? '')), 20_000, 'the next question');
    // Anything still on its way would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return tg.sentTo(mentee.id).map((m) => m.text ?? '');
  }

  it('waits out a 429 flood-wait (retry_after) and sends the reply once', async () => {
    const mentee = await menteeReady('telegram');
    tg.failNext('sendMessage', 2, { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });

    const texts = await answerThroughTelegram(mentee);

    expect(texts.filter((t) => NEXT_QUESTION.test(t))).toHaveLength(1);
    expect(tg.calls.filter((c) => c.method === 'sendMessage' && c.errorCode === 429)).toHaveLength(2);
    survived.push('Telegram 429 ×2');
  }, 30_000);

  it('retries a 500 with backoff and sends the reply once', async () => {
    const mentee = await menteeReady('telegram');
    tg.failNext('sendMessage', 1, { error_code: 500 });

    const texts = await answerThroughTelegram(mentee);

    expect(texts.filter((t) => NEXT_QUESTION.test(t))).toHaveLength(1);
    survived.push('Telegram 500');
  }, 30_000);

  it('gives up on a send that hangs, sends it again, and the reply arrives once', async () => {
    const mentee = await menteeReady('telegram');
    tg.hangNext('sendMessage', 2);

    const texts = await answerThroughTelegram(mentee);

    expect(texts.filter((t) => NEXT_QUESTION.test(t))).toHaveLength(1);
    expect(tg.calls.filter((c) => c.method === 'sendMessage' && c.hung === true)).toHaveLength(2);
    survived.push('Telegram sendMessage hanging ×2');
  }, 30_000);

  it('keeps polling through failing and hanging getUpdates and loses no update', async () => {
    const mentee = await menteeReady('telegram');
    tg.failNext('getUpdates', 2, { error_code: 500 });
    tg.hangNext('getUpdates', 1);

    const texts = await answerThroughTelegram(mentee);

    expect(texts.filter((t) => NEXT_QUESTION.test(t))).toHaveLength(1);
    survived.push('Telegram getUpdates 500 ×2 and hanging');
  }, 40_000);

  it('marks a person who blocked the bot unreachable when a message to them is refused, and reachable when they write again', async () => {
    const chat = engineChat(app.engine, 'telegram');
    const curator = ++nextId;
    const mentee = ++nextId;
    const mentor = ++nextId;
    await joinAsCurator(chat.user(curator), seeded.curatorCode);
    await completeMenteeIntake(chat.user(mentee), seeded.menteeCode, 'Блокова Вера');
    await completeMentorIntake(chat.user(mentor), seeded.mentorCode, 'Доступов Иван');
    const membershipOf = async (id: number) =>
      (await database.db.select().from(memberships).where(eq(memberships.personId, (await personOf(database.db, 'telegram', id))?.id ?? -1)))[0]?.id ?? -1;
    const mentorMembership = await membershipOf(mentor);
    await setMentorReadiness(database.db, {
      membershipId: mentorMembership,
      readiness: 'ready',
      actorPersonId: (await personOf(database.db, 'telegram', curator))?.id ?? -1,
      programmeId: seeded.programmeId,
      now: new Date(),
    });
    tg.user(mentee).block();

    // The curator proposes the pair in Telegram: both are told, the blocked mentee cannot be.
    tg.user(curator, { languageCode: 'ru' }).press(encodePayload('propose', await membershipOf(mentee), mentorMembership));
    await waitUntil(() => tg.sentTo(mentor).length > 0, 10_000, 'the proposal to the mentor');
    await waitUntil(() => tg.calls.some((c) => c.errorCode === 403 && String(c.params.chat_id) === String(mentee)), 10_000, 'the refused delivery');

    await expect.poll(() => unreachableAt('telegram', mentee), { timeout: 5000 }).toBeInstanceOf(Date);
    expect(await unreachableAt('telegram', mentor)).toBeNull();
    expect(tg.sentTo(curator).length).toBeGreaterThan(0);

    // Writing again proves the chat works: reachable again.
    tg.user(mentee, { languageCode: 'ru' }).sendCommand('/help');
    await expect.poll(() => unreachableAt('telegram', mentee), { timeout: 5000 }).toBeNull();
    survived.push('Telegram 403 blocked');
  }, 30_000);
});

describe('VK misbehaving', () => {
  let vk: FakeVk;
  let adapter: VkAdapter;

  beforeAll(async () => {
    vk = await startFakeVk({ firstEventNumber: 5_000_000 });
    const router = createDeliveryRouter(app.logger, undefined, markUnreachable);
    adapter = createVkAdapter({
      token: vk.token,
      groupId: vk.groupId,
      apiBaseUrl: vk.apiBaseUrl,
      handler: app.engine,
      logger: createLogger('silent'),
      deliver: router.deliver,
      onUnreachable: (chatId) => markUnreachable('vk', chatId),
      sendRetry: { attempts: 4, initialDelayMs: 50 },
      apiTimeoutMs: 500,
      pollWaitSeconds: 1,
    });
    router.register(adapter.sender);
    await adapter.start();
  });

  afterAll(async () => {
    await adapter?.stop();
    await vk?.close();
  });

  async function answerThroughVk(mentee: { id: number; tick: string; done: string }): Promise<string[]> {
    const user = vk.user(mentee.id, { lang: 'ru' });
    user.pressCallback({ p: mentee.tick });
    await waitUntil(() => vk.sentTo(mentee.id).length > 0 || vk.calls.filter((c) => c.method === 'messages.edit').length > 0, 15_000, 'the tick');
    user.pressCallback({ p: mentee.done });
    await waitUntil(() => vk.sentTo(mentee.id).some((m) => NEXT_QUESTION.test(m.text)), 20_000, 'the next question');
    await new Promise((resolve) => setTimeout(resolve, 300));
    return vk.sentTo(mentee.id).map((m) => m.text);
  }

  for (const [code, name] of [
    [6, 'too many requests per second'],
    [9, 'flood control'],
    [10, 'internal server error'],
  ] as const) {
    it(`retries messages.send after "${name}" (error ${code}) and the reply arrives once`, async () => {
      const mentee = await menteeReady('vk');
      vk.failNext('messages.send', 2, { error_code: code });

      const texts = await answerThroughVk(mentee);

      expect(texts.filter((t) => NEXT_QUESTION.test(t))).toHaveLength(1);
      expect(vk.callsOf('messages.send').filter((c) => c.errorCode === code)).toHaveLength(2);
      survived.push(`VK error ${code} ×2`);
    }, 30_000);
  }

  it('gives up on a send that hangs, sends it again with the same random_id, and the reply arrives once', async () => {
    const mentee = await menteeReady('vk');
    vk.hangNext('messages.send', 1);

    const texts = await answerThroughVk(mentee);

    expect(texts.filter((t) => NEXT_QUESTION.test(t))).toHaveLength(1);
    const hung = vk.callsOf('messages.send').find((c) => c.hung === true);
    expect(vk.callsOf('messages.send').filter((c) => c.params.random_id === hung?.params.random_id && c.hung !== true)).toHaveLength(1);
    survived.push('VK messages.send hanging');
  }, 30_000);

  it('keeps polling when the long-poll key expires, twice, and loses no event', async () => {
    const mentee = await menteeReady('vk');
    // (failed 1 and 3 mean VK itself lost events: nothing a client can get back.)
    vk.failLongPoll(2);
    vk.failLongPoll(2);

    const texts = await answerThroughVk(mentee);

    expect(texts.filter((t) => NEXT_QUESTION.test(t))).toHaveLength(1);
    survived.push('VK long poll key expired ×2');
  }, 30_000);

  it('marks a person who blocked the community unreachable when a message to them is refused', async () => {
    const mentee = await menteeReady('vk');
    vk.user(mentee.id, { lang: 'ru' }).block();

    vk.user(mentee.id, { lang: 'ru' }).pressCallback({ p: mentee.tick });

    await expect.poll(() => unreachableAt('vk', mentee.id), { timeout: 10_000 }).toBeInstanceOf(Date);
    survived.push('VK 901 blocked');
  }, 30_000);
});
