// Curators end to end on Telegram: the real grammY adapter long-polls the fake Bot API, the real
// engine runs on real PostgreSQL. The curator forms pairs from /match's suggestions, both sides
// confirm one pair, a mentor declines the other with a reason, the curator re-pairs the mentee from
// the unpaired base; a mentee and another organisation's curator are refused, replayed buttons too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { pairs } from '../../../db/schema';
import type { App } from '../../../src/app';
import { startTelegramBot, telegramPerson, type TelegramBotUnderTest, type TelegramPerson } from '../../e2e/support/telegram';
import { createUpdateTracker, type UpdateTracker } from '../../e2e/support/update-tracker';
import { createTestApp, seedProgramme, type SeededProgramme } from '../../support/app';
import { createChat } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram';
import { completeMentee, completeMentor, joinAsCurator, markReady } from './support';

let database: TestDatabase;
let tg: FakeTelegram;
let tracker: UpdateTracker;
let bot: TelegramBotUnderTest;
let seeding: App;
let school: SeededProgramme;
const ids = { curator: 91_001, other: 91_002, anna: 92_001, boris: 92_002, xenia: 93_001, yuri: 93_002, zoya: 93_003 };
let curator: TelegramPerson;
let other: TelegramPerson;
let anna: TelegramPerson;
let boris: TelegramPerson;
let xenia: TelegramPerson;
let yuri: TelegramPerson;
let zoya: TelegramPerson;

/** Waits until the person's chat has a message matching (deliveries to others go out after the update). */
async function received(person: TelegramPerson, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = [...person.chat()].reverse().find((m) => pattern.test(m.text ?? ''));
    if (found) return found.text ?? '';
    if (Date.now() > deadline) throw new Error(`no message ${String(pattern)} for ${person.id}; last: ${person.lastText()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  school = await seedProgramme(database.db);
  const otherSchool = await seedProgramme(database.db, { organisation: 'Гимназия № 3', name: 'Чужая программа' });
  // Everyone's intake through the engine (as Telegram users with these ids); the rest goes through grammY.
  seeding = await createTestApp(database);
  const engine = createChat(seeding.engine, 'telegram');
  await joinAsCurator(engine.user(String(ids.curator)), school.curatorCode);
  await joinAsCurator(engine.user(String(ids.other)), otherSchool.curatorCode);
  await completeMentee(engine.user(String(ids.anna)), school.menteeCode, 'Анна Зайцева');
  await completeMentee(engine.user(String(ids.boris)), school.menteeCode, 'Борис Котов', { request: 'Проекты и исследования', goal: 'Сделать проект по робототехнике' });
  await completeMentor(engine.user(String(ids.xenia)), school.mentorCode, 'Ксения Орлова', 1);
  await completeMentor(engine.user(String(ids.yuri)), school.mentorCode, 'Юрий Волков', 1);
  await completeMentor(engine.user(String(ids.zoya)), school.mentorCode, 'Зоя Белова', 1);
  for (const id of [ids.xenia, ids.yuri, ids.zoya]) await markReady(database.db, String(id), school.programmeId, String(ids.curator));

  tg = await startFakeTelegram();
  tracker = createUpdateTracker();
  bot = await startTelegramBot(tg, database.url, tracker);
  [curator, other, anna, boris, xenia, yuri, zoya] = [ids.curator, ids.other, ids.anna, ids.boris, ids.xenia, ids.yuri, ids.zoya].map((id) =>
    telegramPerson(tg, tracker, id),
  ) as [TelegramPerson, TelegramPerson, TelegramPerson, TelegramPerson, TelegramPerson, TelegramPerson, TelegramPerson];
}, 60_000);

afterAll(async () => {
  await bot?.shutdown();
  await seeding?.close();
  await tg?.close();
  await database?.drop();
});

describe('forming pairs on Telegram', () => {
  it('suggests a pair for every mentee with a score and reasons, and proposes them all on one press', async () => {
    const match = await curator.command('match');
    expect(match.texts[0]).toMatch(/Предложения подбора: 2 пары, без наставника остаются: 0/);
    expect(match.texts[0]).toMatch(/Анна Зайцева → .+ \(совпадение \d+ из 100\)/);
    expect(match.texts[0]).toMatch(/· общие темы: Олимпиады и конкурсы/);
    const accepted = await curator.press('✅ Принять все (2)');
    expect(accepted.texts.filter((t) => /^Пара предложена/.test(t))).toHaveLength(2);
    expect(await received(anna, /предлагает вам наставника/)).toMatch(/— наставник/);
    expect(await received(boris, /предлагает вам наставника/)).toMatch(/— наставник/);
  });

  it('activates the pair both sides confirm, each getting the other\'s Telegram contact', async () => {
    const [annaPair] = await database.db.select().from(pairs).orderBy(pairs.id).limit(1);
    const mentorOfAnna = [xenia, yuri, zoya].find((p) => p.chat().some((m) => /Анна Зайцева — наставляемый/.test(m.text ?? '')));
    if (!mentorOfAnna || !annaPair) throw new Error('no proposal for Анна');
    expect((await anna.press('Подтверждаю ✅')).texts).toEqual(['Спасибо! Ждём подтверждения от остальных участников пары.']);
    await mentorOfAnna.press('Подтверждаю ✅');
    expect(await received(anna, /Пара сформирована/)).toContain(`tg://user?id=${mentorOfAnna.id}`);
    expect(await received(mentorOfAnna, /Пара сформирована/)).toContain(`tg://user?id=${ids.anna}`);
    await received(curator, /Пара подтверждена всеми участниками/);
  });

  it('returns a declined proposal to the curator with the reason, and the curator re-pairs the mentee from the unpaired base', async () => {
    const mentorOfBoris = [xenia, yuri, zoya].find((p) => p.chat().some((m) => /Борис Котов — наставляемый/.test(m.text ?? '')));
    if (!mentorOfBoris) throw new Error('no proposal for Борис');
    await mentorOfBoris.press('Отказаться');
    const sticker = await mentorOfBoris.sticker();
    expect(sticker.texts.at(-1)).toMatch(/почему вы отказываетесь/);
    await mentorOfBoris.text('Не мой профиль: я не веду проекты');
    expect(await received(curator, /отказался от пары/)).toMatch(/Причина: Не мой профиль: я не веду проекты/);
    await received(boris, /Пара не сложилась/);

    await curator.command('mentees');
    await curator.press('без пары');
    expect(curator.buttons().filter((l) => l.includes(' · '))).toEqual([expect.stringMatching(/^Борис Котов/)]);
    await curator.press(/^Борис Котов/);
    await curator.press('🤝 Подобрать наставника');
    const free = [xenia, yuri, zoya].find((p) => p !== mentorOfBoris && !p.chat().some((m) => /Пара сформирована/.test(m.text ?? '')));
    if (!free) throw new Error('no free mentor');
    const name = { [ids.xenia]: 'Ксения Орлова', [ids.yuri]: 'Юрий Волков', [ids.zoya]: 'Зоя Белова' }[free.id] ?? '';
    await curator.press(name);
    await boris.press('Подтверждаю ✅');
    await free.press('Подтверждаю ✅');
    expect(await received(boris, /Пара сформирована/)).toContain(`tg://user?id=${free.id}`);
    const active = await database.db.select().from(pairs).where(eq(pairs.status, 'active'));
    expect(active).toHaveLength(2);
  });
});

describe('refusals on Telegram', () => {
  it('refuses curator commands to a mentee', async () => {
    for (const command of ['pairs', 'match', 'round', 'programme']) {
      const seen = await anna.command(command);
      expect(seen.texts).toEqual(['Эта команда доступна только куратору программы.']);
    }
  });

  it("refuses another organisation's curator who replays this programme's buttons, and changes nothing", async () => {
    await curator.command('pairs');
    const card = curator.button(/^🟢 /);
    await curator.press(/^🟢 /);
    const end = curator.button('⛔ Прекратить досрочно');
    await curator.command('programme');
    const stage = curator.button('Этап');
    const before = await database.db.select().from(pairs).orderBy(pairs.id);
    for (const data of [card.data, end.data, stage.data]) {
      const seen = await other.act(() => other.user.press(data));
      expect(seen.texts).toEqual(['Эта команда доступна только куратору программы.']);
    }
    const theirs = await other.command('pairs');
    expect(theirs.texts.join('\n')).not.toMatch(/Анна|Борис/);
    expect(await database.db.select().from(pairs).orderBy(pairs.id)).toEqual(before);
  });
});
