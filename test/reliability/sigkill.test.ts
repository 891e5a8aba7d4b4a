// kill -9 in the middle of a busy minute: the real bot process (`tsx src/main.ts`) long-polls the
// fake Bot API on a fresh database while 200 people answer the mentee intake at once; it is killed
// with SIGKILL part-way, some people write while it is down, and it is started again. Every answer
// saved before the kill is still there, every update sent is handled (none lost, none twice), every
// person finishes the questionnaire from where they were, and no flow is left stuck. A person whose
// reply was lost in the kill (handled, but killed before the reply went out) sends /start, as a
// person would, and is shown where they are.
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, flowStates, identities, memberships, processedUpdates, responses } from '../../db/schema';
import type { App } from '../../src/app';
import { answersOf } from '../e2e/support/records';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../support/fake-telegram';
import { startBotProcess, type BotProcess } from './support/bot-process';
import { consistencyProblems } from './support/fuzz';
import { engineChat } from './support/journey';

const USERS = 200;
/** Actions (of about 12 per person) sent before the kill. */
const KILL_AFTER = 1000;
const FIRST_ID = 500_000;

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;
let tg: FakeTelegram;
let bot: BotProcess | undefined;

type Step = { text: string } | { press: string } | 'finished';

/** What a person does next, read from the last message of the chat (the question they see). */
function nextStep(chat: SentMessage[], n: number): Step | undefined {
  const last = chat.at(-1);
  if (last === undefined) return { text: nameOf(n) };
  const text = last.text ?? '';
  const labels = last.buttons.flat().map((b) => b.text);
  if (/анкета отправлена/.test(text)) return 'finished';
  if (/Как вас зовут/.test(text)) return { text: nameOf(n) };
  if (/Вы учитесь в школе/.test(text)) return { press: 'Ученик или ученица школы' };
  if (/В каком вы классе/.test(text)) return { text: '7Б' };
  if (/С чем вам хотелось бы помощи/.test(text)) return { press: labels.includes('✅ Олимпиады и конкурсы') ? 'Готово ✔' : 'Олимпиады и конкурсы' };
  if (/Чем вы увлекаетесь/.test(text)) return { text: `Шахматы ${n}` };
  if (/Что сейчас даётся труднее всего/.test(text)) return { press: 'Пропустить' };
  if (/Чего вы хотите добиться/.test(text)) return { text: `Цель ${n}` };
  if (/Как вам удобнее встречаться/.test(text)) return { press: 'Онлайн' };
  if (/Когда у вас обычно есть время/.test(text)) return { press: labels.includes('✅ Выходные') ? 'Готово ✔' : 'Выходные' };
  if (/^Проверьте анкету/.test(text)) return { press: '✅ Всё верно, отправить' };
  return undefined;
}

const nameOf = (n: number) => `Тестова Анна ${n}`;

const expectedAnswers = (n: number) =>
  new Map<string, unknown>([
    ['full_name', { kind: 'text', text: nameOf(n) }],
    ['role_group', { kind: 'single', option: 'student' }],
    ['grade', { kind: 'text', text: '7Б' }],
    ['requests', { kind: 'multi', options: ['olympiads'] }],
    ['interests', { kind: 'text', text: `Шахматы ${n}` }],
    ['difficulties', { kind: 'skipped' }],
    ['goals', { kind: 'text', text: `Цель ${n}` }],
    ['format', { kind: 'single', option: 'online' }],
    ['free_time', { kind: 'multi', options: ['weekend'] }],
  ]);

interface Person {
  n: number;
  id: number;
  sent: number[];
  /** Activity in the chat when the last action was sent; undefined when its reply has come. */
  waitingSince: number | undefined;
  nudges: number;
  finished: boolean;
}

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 10 });
  seeded = await seedProgramme(database.db);
  app = await createTestApp(database);
  // Everyone has joined and consented; the questionnaire is theirs to answer through the bot.
  const chat = engineChat(app.engine, 'telegram');
  for (let start = 0; start < USERS; start += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, USERS - start) }, async (_, k) => {
        const user = chat.user(FIRST_ID + start + k);
        await user.command('start', seeded.menteeCode);
        await user.press('Согласен(на)');
        await user.press('Да, мне 14 или больше');
      }),
    );
  }
  tg = await startFakeTelegram();
}, 90_000);

afterAll(async () => {
  bot?.kill('SIGKILL');
  await bot?.exited();
  await tg?.close();
  await app?.close();
  await database?.drop();
});

function startBot(): BotProcess {
  return startBotProcess({
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: '10',
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    // The fake has no rate limits; Telegram's 1 message/s per chat would only slow the test.
    TELEGRAM_THROTTLE: 'false',
  });
}

describe('the bot process killed with SIGKILL while 200 people answer', () => {
  it('loses no answer and no update, handles none twice, and everyone finishes from where they were', async () => {
    const people: Person[] = Array.from({ length: USERS }, (_, n) => ({ n, id: FIRST_ID + n, sent: [], waitingSince: undefined, nudges: 0, finished: false }));
    let actions = 0;
    let alive = true;
    let resting = 0;

    const act = (person: Person, step: Exclude<Step, 'finished'>): void => {
      const user = tg.user(person.id, { languageCode: 'ru' });
      person.waitingSince = tg.activityIn(person.id);
      if ('text' in step) {
        person.sent.push(user.sendText(step.text));
      } else {
        const message = [...tg.sentTo(person.id)].reverse().find((m) => m.buttons.flat().some((b) => b.text === step.press));
        const data = message?.buttons.flat().find((b) => b.text === step.press)?.callback_data;
        if (message === undefined || data === undefined) throw new Error(`person ${person.n}: no button ${step.press}`);
        person.sent.push(user.press(data, message.message_id));
      }
      actions++;
    };
    /** The reply to the last action has come (and stopped coming: several messages may belong to it). */
    const answered = async (person: Person, timeoutMs: number): Promise<boolean> => {
      const since = person.waitingSince ?? tg.activityIn(person.id);
      const deadline = Date.now() + timeoutMs;
      while (tg.activityIn(person.id) === since) {
        if (Date.now() > deadline || (!alive && timeoutMs === 0)) return false;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      let seen = tg.activityIn(person.id);
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 120));
        if (tg.activityIn(person.id) === seen) break;
        seen = tg.activityIn(person.id);
      }
      person.waitingSince = undefined;
      return true;
    };
    const nudge = (person: Person): void => {
      person.nudges++;
      person.waitingSince = tg.activityIn(person.id);
      person.sent.push(tg.user(person.id, { languageCode: 'ru' }).sendCommand('/start'));
    };
    /** One person answering until done; before the kill, until the bot dies (every fifth stops a little earlier, to answer while it is down). */
    const answerOn = async (person: Person, untilKilled: boolean): Promise<void> => {
      while (!person.finished) {
        if (untilKilled && !alive) return;
        if (untilKilled && person.n % 5 === 0 && actions >= KILL_AFTER - 400 && person.waitingSince === undefined) {
          resting++;
          return;
        }
        if (person.waitingSince !== undefined) {
          if (await answered(person, untilKilled ? 250 : 8000)) continue;
          if (untilKilled) continue;
          if (person.nudges >= 5) throw new Error(`person ${person.n} is stuck: ${tg.sentTo(person.id).at(-1)?.text ?? '(nothing)'}`);
          nudge(person);
          continue;
        }
        const step = nextStep(tg.sentTo(person.id), person.n);
        if (step === 'finished') person.finished = true;
        else if (step === undefined) nudge(person);
        else act(person, step);
      }
    };

    bot = startBot();
    await bot.waitForLog('telegram long polling started');
    const answering = people.map((person) => answerOn(person, true));
    for (const deadline = Date.now() + 60_000; actions < KILL_AFTER || resting < USERS / 5; ) {
      if (Date.now() > deadline) throw new Error(`no kill point: ${actions} actions, ${resting} resting`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const killedAt = actions;
    bot.kill('SIGKILL');
    expect(await bot.exited()).toBeNull();
    alive = false;
    await Promise.all(answering);

    // While it is down, those who saw their next question answer it.
    let sentWhileDown = 0;
    for (const person of people) {
      if (person.waitingSince !== undefined || person.finished) continue;
      const step = nextStep(tg.sentTo(person.id), person.n);
      if (step !== undefined && step !== 'finished') {
        act(person, step);
        sentWhileDown++;
      }
    }
    const savedBeforeRestart = await database.db.select().from(answers);
    const unconfirmed = tg.pendingUpdates();

    bot = startBot();
    await bot.waitForLog('telegram long polling started');
    await Promise.all(people.map((person) => answerOn(person, false)));
    const nudged = people.filter((p) => p.nudges > 0).length;
    console.info(
      `sigkill: killed after ${killedAt} of ${actions} actions; ${unconfirmed} updates unconfirmed at the kill, ${sentWhileDown} sent while down; ${savedBeforeRestart.length} answers saved before the restart; ${nudged} people sent /start to see where they were`,
    );

    // Every answer saved before the restart is still there, unchanged.
    const after = await database.db.select().from(answers);
    const key = (a: { responseId: number; questionId: string }) => `${a.responseId}/${a.questionId}`;
    const now = new Map(after.map((a) => [key(a), JSON.stringify(a.value)]));
    expect(savedBeforeRestart.filter((a) => now.get(key(a)) !== JSON.stringify(a.value)).map(key)).toEqual([]);
    // Everyone's answers are exactly what they gave, their questionnaire submitted, their flow ended.
    for (const person of people) {
      expect(await answersOf(database.db, 'telegram', person.id), `person ${person.n}`).toEqual(expectedAnswers(person.n));
    }
    expect((await database.db.select().from(responses)).filter((r) => r.status !== 'submitted')).toEqual([]);
    expect((await database.db.select().from(memberships)).filter((m) => m.status !== 'questionnaire_done')).toEqual([]);
    expect((await database.db.select().from(flowStates)).filter((f) => f.flow !== null)).toEqual([]);
    // Every update anyone sent was handled; none is waiting at Telegram.
    const sent = people.flatMap((p) => p.sent.map(String));
    const recorded = await database.db.select().from(processedUpdates).where(inArray(processedUpdates.updateId, sent));
    expect(recorded).toHaveLength(sent.length);
    expect(tg.pendingUpdates()).toBe(0);
    // No update was handled twice: each of the 8 questions after the name was shown once, plus once
    // for each /start.
    const shownTwice = people.filter((p) => tg.sentTo(p.id).filter((m) => /^Вопрос \d+ из \d+/.test(m.text ?? '')).length > 8 + p.nudges);
    expect(shownTwice.map((p) => p.n)).toEqual([]);
    const stored = await consistencyProblems(database.db, app.catalog, {
      has: (identity, value) => people.some((p) => identity === `telegram:${p.id}` && [...expectedAnswers(p.n).values()].some((v) => JSON.stringify(v).includes(JSON.stringify(value)))),
    });
    expect(stored).toEqual([]);
    expect(await database.db.select().from(identities)).toHaveLength(USERS);
  }, 180_000);
});
