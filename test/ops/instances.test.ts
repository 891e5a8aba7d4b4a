// Several instances on one PostgreSQL: two real bot processes (`src/main.ts`) in Telegram webhook mode
// behind a round-robin proxy, many people answering the intake questionnaire at once. Each person's
// updates arrive in order (Telegram waits for the webhook's answer within a chat); different people's
// updates interleave over both instances, and some updates are delivered twice at the same moment
// (Telegram redelivering after a timeout) so both instances get the same update together.
import { asc, eq, sql } from 'drizzle-orm';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, flowStates, identities, memberships, people, responses } from '../../db/schema';
import { seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../support/fake-telegram';
import { get } from '../support/http';
import { metricValue } from '../support/metrics';
import { startInstance, startRoundRobinProxy, type BotInstance, type RoundRobinProxy } from './support/instance';

const USERS = 500;
/** Every tenth person gets every update twice, posted together. */
const REDELIVERED_EVERY = 10;
const SECRET = 'instances-test-secret';
const FIRST_USER_ID = 910_000;

let database: TestDatabase;
let seeded: SeededProgramme;
let tg: FakeTelegram;
let instances: BotInstance[] = [];
let proxy: RoundRobinProxy;
let nextUpdateId = 1;

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  tg = await startFakeTelegram();
  const env = {
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '10',
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    // The fake Bot API has no limits; the per-instance queue (1 message/s per chat) would only add minutes.
    TELEGRAM_THROTTLE: 'false',
  };
  instances = await Promise.all([startInstance('bot-a', env), startInstance('bot-b', env)]);
  proxy = await startRoundRobinProxy(instances.map((i) => i.url));
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(instances.map((i) => i.stop('SIGKILL')));
  await tg?.close();
  await database?.drop();
});

interface Person {
  id: number;
  index: number;
  redelivered: boolean;
  posts: number;
  retries: number;
}

function privateChat(id: number) {
  return { id, type: 'private' as const, first_name: `User ${id}` };
}

function textUpdate(person: Person, text: string): Update {
  const command = /^\/\S+/.exec(text);
  return {
    update_id: nextUpdateId++,
    message: {
      message_id: nextUpdateId,
      date: Math.floor(Date.now() / 1000),
      chat: privateChat(person.id),
      from: { id: person.id, is_bot: false, first_name: `User ${person.id}`, language_code: 'ru' },
      text,
      ...(command ? { entities: [{ type: 'bot_command' as const, offset: 0, length: command[0].length }] } : {}),
    },
  } as Update;
}

function pressUpdate(person: Person, label: string): Update {
  const sent = tg.sentTo(person.id);
  const message = [...sent].reverse().find((m) => m.buttons.flat().some((b) => b.text === label));
  const button = message?.buttons.flat().find((b) => b.text === label);
  if (!message || !button?.callback_data) {
    throw new Error(`user ${person.id}: no button "${label}"; last message: ${sent.at(-1)?.text ?? '(none)'}`);
  }
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: `cb-${nextUpdateId}`,
      from: { id: person.id, is_bot: false, first_name: `User ${person.id}`, language_code: 'ru' },
      chat_instance: `ci-${person.id}`,
      data: button.callback_data,
      message: {
        message_id: message.message_id,
        date: Math.floor(Date.now() / 1000),
        chat: privateChat(person.id),
        from: { id: tg.botInfo.id, is_bot: true, first_name: tg.botInfo.first_name },
        text: message.text ?? '',
      },
    },
  } as Update;
}

/** Posts like Telegram: again (same update id) until the webhook answers 200. */
async function post(person: Person, update: Update): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    person.posts++;
    const { status } = await tg.postWebhook(`${proxy.url}/telegram/webhook`, update, SECRET);
    if (status === 200) return;
    person.retries++;
    if (attempt > 20) throw new Error(`user ${person.id}: update ${update.update_id} answered ${status} ${attempt} times`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The chat shows what it should, waiting a little for replies of an update handled by a concurrent delivery. */
async function expectChat(person: Person, what: string, shows: (last: SentMessage | undefined) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!shows(tg.sentTo(person.id).at(-1))) {
    if (Date.now() > deadline) throw new Error(`user ${person.id}: expected ${what}; last message: ${tg.sentTo(person.id).at(-1)?.text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const textMatches = (pattern: RegExp) => (last: SentMessage | undefined) => pattern.test(last?.text ?? '');
const hasButton = (label: string) => (last: SentMessage | undefined) => Boolean(last?.buttons.flat().some((b) => b.text === label));

/** One step: the update (twice at once for a redelivered person), then what the chat must show. */
async function step(person: Person, update: () => Update, what: string, shows: (last: SentMessage | undefined) => boolean): Promise<void> {
  const built = update();
  if (person.redelivered) await Promise.all([post(person, built), post(person, built)]);
  else await post(person, built);
  await expectChat(person, what, shows);
}

/** The whole mentee intake: invite link, consent, nine questions, summary, submit. */
async function answerIntake(person: Person): Promise<void> {
  const i = person.index;
  const text = (value: string) => () => textUpdate(person, value);
  const press = (label: string) => () => pressUpdate(person, label);
  await step(person, text(`/start ${seeded.menteeCode}`), 'the consent request', hasButton('Согласен(на)'));
  await step(person, press('Согласен(на)'), 'the age question', textMatches(/^Вам уже исполнилось 14 лет\?$/));
  await step(person, press('Да, мне 14 или больше'), 'question 1', textMatches(/Как вас зовут\?/));
  await step(person, text(`Ученик Номер ${i}`), 'question 2', hasButton('Ученик или ученица школы'));
  await step(person, press('Ученик или ученица школы'), 'question 3', textMatches(/В каком вы классе/));
  await step(person, text(`${(i % 11) + 1}Б`), 'question 4', hasButton('Олимпиады и конкурсы'));
  await step(person, press('Олимпиады и конкурсы'), 'a ticked option', hasButton('✅ Олимпиады и конкурсы'));
  await step(person, press('Готово ✔'), 'question 5', textMatches(/Чем вы увлекаетесь\?/));
  await step(person, text(`Увлечение ${i}`), 'question 6', hasButton('Пропустить'));
  await step(person, text(`Трудность ${i}`), 'question 7', textMatches(/Чего вы хотите добиться/));
  await step(person, text(`Цель ${i}`), 'question 8', textMatches(/Как вам удобнее встречаться/));
  await step(person, press('Онлайн'), 'question 9', textMatches(/Когда у вас обычно есть время/));
  await step(person, press('Выходные'), 'a ticked option', hasButton('✅ Выходные'));
  await step(person, press('Готово ✔'), 'the summary', textMatches(/^Проверьте анкету:/));
  await step(person, press('✅ Всё верно, отправить'), 'the thanks', textMatches(/^Готово, анкета отправлена!/));
}
const STEPS = 15;

const QUESTION_ORDER = ['full_name', 'role_group', 'grade', 'requests', 'interests', 'difficulties', 'goals', 'format', 'free_time'];

describe(`${USERS} people answering the intake at once through two webhook instances behind a round-robin proxy`, () => {
  const persons: Person[] = Array.from({ length: USERS }, (_, index) => ({
    id: FIRST_USER_ID + index,
    index,
    redelivered: index % REDELIVERED_EVERY === 0,
    posts: 0,
    retries: 0,
  }));

  it('stores every answer once and in order, corrupts no flow state, and shows every person each message once', async () => {
    const started = Date.now();
    await Promise.all(persons.map((person) => answerIntake(person)));
    const seconds = (Date.now() - started) / 1000;
    const updates = USERS * STEPS;
    console.info(`[instances] ${USERS} people, ${updates} updates (${persons.reduce((n, p) => n + p.posts, 0)} posts) in ${seconds.toFixed(1)} s: ${(updates / seconds).toFixed(0)} updates/s; proxy split ${proxy.counts.join('/')}; answered non-200 and posted again: ${persons.reduce((n, p) => n + p.retries, 0)}`);

    const warnings = instances.flatMap((i) => i.logs().filter((l) => (l.level ?? 0) >= 40).map((l) => `${i.name}: ${l.msg} ${String(l.reason ?? '')}`));
    const tally = new Map<string, number>();
    for (const warning of warnings) tally.set(warning, (tally.get(warning) ?? 0) + 1);
    console.info(`[instances] warnings: ${JSON.stringify([...tally])}`);

    // Both instances took a fair share of the traffic.
    for (const count of proxy.counts) expect(count).toBeGreaterThan(updates / 4);

    const { db } = database;
    const rows = await db
      .select({ externalId: identities.externalId, questionId: answers.questionId, value: answers.value, at: answers.answeredAt })
      .from(answers)
      .innerJoin(responses, eq(responses.id, answers.responseId))
      .innerJoin(memberships, eq(memberships.id, responses.membershipId))
      .innerJoin(identities, eq(identities.personId, memberships.personId))
      .orderBy(asc(answers.answeredAt));
    const byPerson = new Map<string, typeof rows>();
    for (const row of rows) byPerson.set(row.externalId, [...(byPerson.get(row.externalId) ?? []), row]);
    expect(byPerson.size).toBe(USERS);
    for (const person of persons) {
      const own = byPerson.get(String(person.id)) ?? [];
      // Each question once, in the order it was asked, with this person's own answer.
      expect(own.map((r) => r.questionId)).toEqual(QUESTION_ORDER);
      const values = new Map(own.map((r) => [r.questionId, r.value]));
      expect(values.get('full_name')).toEqual({ kind: 'text', text: `Ученик Номер ${person.index}` });
      expect(values.get('grade')).toEqual({ kind: 'text', text: `${(person.index % 11) + 1}Б` });
      expect(values.get('interests')).toEqual({ kind: 'text', text: `Увлечение ${person.index}` });
      expect(values.get('difficulties')).toEqual({ kind: 'text', text: `Трудность ${person.index}` });
      expect(values.get('goals')).toEqual({ kind: 'text', text: `Цель ${person.index}` });
      expect(values.get('requests')).toEqual({ kind: 'multi', options: ['olympiads'] });
      expect(values.get('free_time')).toEqual({ kind: 'multi', options: ['weekend'] });
    }

    const [totals] = await db
      .select({
        people: sql<number>`(select count(*)::int from ${people})`,
        identities: sql<number>`(select count(*)::int from ${identities})`,
        done: sql<number>`(select count(*)::int from ${memberships} where ${memberships.status} = 'questionnaire_done')`,
        memberships: sql<number>`(select count(*)::int from ${memberships})`,
        submitted: sql<number>`(select count(*)::int from ${responses} where ${responses.status} = 'submitted')`,
        responses: sql<number>`(select count(*)::int from ${responses})`,
        idle: sql<number>`(select count(*)::int from ${flowStates} where ${flowStates.flow} is null)`,
        states: sql<number>`(select count(*)::int from ${flowStates})`,
        processed: sql<number>`(select count(*)::int from processed_updates where platform = 'telegram')`,
      })
      .from(sql`(select 1) as one`);
    expect(totals).toEqual({
      people: USERS,
      identities: USERS,
      done: USERS,
      memberships: USERS,
      submitted: USERS,
      responses: USERS,
      idle: USERS,
      states: USERS,
      processed: updates,
    });

    // Every person saw the same conversation: no reply lost, none sent twice (also to those whose
    // every update reached both instances at once).
    const shape = (id: number) => tg.sentTo(id).map((m) => `${m.buttons.flat().length}:${m.history.length}`);
    const reference = shape(persons[1]?.id ?? 0);
    for (const person of persons) expect(shape(person.id)).toEqual(reference);

    // The instances' own counters agree: each update handled exactly once across both, every second
    // delivery recognised as a duplicate.
    const scrapes = await Promise.all(instances.map(async (i) => (await get(`${i.url}/metrics`)).body));
    const sum = (outcome: string) =>
      scrapes.reduce((n, text) => n + (metricValue(text, 'nastavnik_updates_total', { messenger: 'telegram', outcome }) ?? 0), 0);
    const redeliveredPosts = persons.filter((p) => p.redelivered).length * STEPS;
    expect(sum('handled')).toBe(updates);
    expect(sum('duplicate')).toBeGreaterThanOrEqual(redeliveredPosts);
    expect(sum('failed')).toBe(0);
    for (const text of scrapes) expect(metricValue(text, 'nastavnik_updates_total', { messenger: 'telegram', outcome: 'handled' })).toBeGreaterThan(0);
    for (const instance of instances) expect(instance.logs().filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
  }, 600_000);
});
