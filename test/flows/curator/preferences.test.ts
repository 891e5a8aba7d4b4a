// The preference round, self-matching and a mentor's question, through the engine on real
// PostgreSQL: participants name up to three partners from short cards without contacts, /match
// then gives the mutual choice as a reason; a mentee chooses a mentor, the mentor asks a question,
// gets the answer and confirms; the curator sees every step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app';
import { createTestApp, seedProgramme, type SeededProgramme } from '../../support/app';
import { createChat, type ChatUser } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { auditActions, completeMentee, completeMentor, joinAsCurator, markReady, membershipOf, messageOf, textOf } from './support';

let database: TestDatabase;
let app: App;
let school: SeededProgramme;
let chat: ReturnType<typeof createChat>;
let curator: ChatUser;
let anna: ChatUser;
let boris: ChatUser;
const mentors: ChatUser[] = [];
const mentorNames = ['Ксения Орлова', 'Юрий Волков', 'Зоя Белова', 'Пётр Громов'];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  school = await seedProgramme(database.db);
  chat = createChat(app.engine);
  curator = chat.user('cur');
  await joinAsCurator(curator, school.curatorCode);
  anna = chat.user('101');
  boris = chat.user('102');
  await completeMentee(anna, school.menteeCode, 'Анна Зайцева');
  await completeMentee(boris, school.menteeCode, 'Борис Котов');
  for (const [i, name] of mentorNames.entries()) {
    const mentor = chat.user(`20${i + 1}`);
    mentors.push(mentor);
    await completeMentor(mentor, school.mentorCode, name, 1);
    await markReady(database.db, `20${i + 1}`, school.programmeId, 'cur');
  }
});
afterAll(async () => {
  await database.drop();
});

describe('the preference round', () => {
  it('invites the unpaired mentees and the ready mentors with a place left', async () => {
    await curator.command('round');
    expect(curator.lastText()).toMatch(/Раунд предпочтений не открыт/);
    await curator.press('⭐ Открыть раунд');
    expect(textOf(curator, /Раунд открыт/)).toMatch(/наставляемым 2, наставникам 4/);
    expect(anna.lastText()).toMatch(/выберите, с кем вам хотелось бы работать. Назовите до 3 наставников/);
    expect(mentors[1]?.lastText()).toMatch(/Назовите до 3 наставляемых/);
  });

  it('shows short cards of the candidates without any contact, and keeps at most three choices', async () => {
    await anna.press('Посмотреть кандидатов');
    const list = anna.lastText();
    expect(list).toMatch(/1\. Ксения Орлова/);
    expect(list).toMatch(/Школа № 5, учитель математики/);
    expect(list).toMatch(/Олимпиады и конкурсы/);
    expect(list).not.toMatch(/tg:\/\/|vk\.com|t\.me/);
    await anna.press('☆ 1. Ксения Орлова');
    await anna.press('☆ 2. Юрий Волков');
    await anna.press('☆ 3. Зоя Белова');
    expect(anna.last().edit).toBe(true);
    expect(anna.lastText()).toMatch(/Выбрано: 3/);
    await anna.press('☆ 4. Пётр Громов');
    expect(anna.lastText()).toMatch(/Можно выбрать не больше 3/);
    await anna.press('⭐ 1. Ксения Орлова');
    expect(anna.lastText()).toMatch(/Выбрано: 2/);
    expect(anna.buttons()).toContain('☆ 1. Ксения Орлова');
  });

  it('refuses a forged choice of someone who is not a candidate', async () => {
    const other = await membershipOf(database.db, '102', school.programmeId);
    await anna.pressPayload(`act:pairing:prefer:${other.id}`);
    expect(anna.lastText()).toMatch(/нет среди ваших кандидатов/);
  });

  it('lets a mentor choose too, and the curator sees how many chose and the mutual choices', async () => {
    const yuri = mentors[1];
    if (!yuri) throw new Error('no mentor');
    await yuri.press('Посмотреть кандидатов');
    expect(yuri.lastText()).toMatch(/Анна Зайцева/);
    expect(yuri.lastText()).toMatch(/Победить на олимпиаде/);
    await yuri.press(/^☆ \d\. Анна Зайцева/);
    await curator.command('round');
    expect(curator.lastText()).toMatch(/Выбор сделали: 2, всего названо партнёров: 3, взаимных выборов: 1/);
  });

  it('closes the round; later presses change nothing; /match gives the mutual choice as the reason', async () => {
    await curator.press('Закрыть раунд');
    expect(curator.lastText()).toMatch(/Раунд закрыт/);
    await anna.press('☆ 4. Пётр Громов');
    expect(anna.lastText()).toMatch(/выбор партнёров не проводится/);
    await curator.command('match');
    expect(curator.lastText()).toMatch(/Анна Зайцева → Юрий Волков \(совпадение \d+ из 100\)\n(.*\n)*?\s+· выбрали друг друга/);
    expect(await auditActions(database.db, school.programmeId)).toEqual(expect.arrayContaining(['round.open', 'round.close']));
  });
});

describe('self-matching with a question before the decision', () => {
  it('lets a mentee choose one of their top three mentors, and tells the curator', async () => {
    await curator.command('programme');
    await curator.press('Разрешить наставляемым выбирать самим');
    expect(boris.lastText()).toMatch(/можете сами выбрать наставника/);
    await boris.press('Выбрать наставника');
    expect(boris.lastText()).toMatch(/Наставники, которые вам лучше всего подходят \(3\)/);
    expect(boris.lastText()).not.toMatch(/tg:\/\//);
    expect(boris.buttons()).toHaveLength(3);
    await boris.press('Выбрать: Зоя Белова');
    expect(boris.lastText()).toMatch(/Вы выбрали наставника: Зоя Белова/);
    expect(textOf(curator, /сам\(а\) выбрал\(а\) наставника/)).toMatch(/Борис Котов .*Зоя Белова/);
    const zoya = mentors[2];
    expect(zoya?.lastText()).toMatch(/Наставляемый выбрал вас наставником/);
    expect(zoya?.lastText()).toMatch(/Борис Котов — наставляемый/);
    expect(zoya?.buttons()).toEqual(['Подтверждаю ✅', 'Отказаться', '❓ Задать вопрос: Борис Котов']);
  });

  it('relays the mentor\'s question and the mentee\'s answer, then the mentor confirms and both get contacts', async () => {
    const zoya = mentors[2];
    if (!zoya) throw new Error('no mentor');
    await zoya.press('❓ Задать вопрос: Борис Котов');
    expect(zoya.lastText()).toMatch(/Что вы хотите уточнить у участника Борис Котов/);
    await zoya.text('Сколько часов в неделю вы готовы заниматься?');
    expect(zoya.lastText()).toMatch(/Вопрос отправлен/);
    expect(boris.lastText()).toMatch(/Наставник Зоя Белова хочет уточнить/);
    expect(boris.lastText()).toMatch(/Сколько часов в неделю/);
    await boris.press('✍️ Ответить');
    await boris.sticker();
    expect(boris.lastText()).toMatch(/Напишите ответ/);
    await boris.text('Два часа по выходным');
    expect(boris.lastText()).toMatch(/Ответ передан наставнику/);
    expect(zoya.lastText()).toMatch(/Борис Котов ответил\(а\) на ваш вопрос/);
    expect(zoya.lastText()).toMatch(/Два часа по выходным/);
    // The old answer button does nothing twice.
    await boris.press('✍️ Ответить');
    expect(boris.lastText()).toMatch(/уже ответили/);

    await zoya.press('Подтверждаю ✅');
    expect(textOf(boris, /Пара сформирована/)).toMatch(/tg:\/\/user\?id=203/);
    expect(textOf(zoya, /Пара сформирована/)).toMatch(/tg:\/\/user\?id=102/);
    expect(textOf(curator, /Пара подтверждена всеми/)).toMatch(/Зоя Белова, Борис Котов|Борис Котов, Зоя Белова/);
  });

  it('shows the curator the pair as the mentee\'s choice, with the question and the answer', async () => {
    await curator.command('pairs');
    await curator.press('🟢 Зоя Белова → Борис Котов');
    const card = curator.lastText();
    expect(card).toMatch(/Борис Котов выбрал\(а\) наставника сам\(а\)/);
    expect(card).toMatch(/Зоя Белова → Борис Котов: «Сколько часов в неделю вы готовы заниматься\?»/);
    expect(card).toMatch(/ответ: «Два часа по выходным»/);
    expect(await auditActions(database.db, school.programmeId)).toEqual(expect.arrayContaining(['pair.self-choose', 'programme.self-matching']));
  });

  it('refuses self-matching to a mentor, and to a mentee who has a pair', async () => {
    await mentors[0]?.command('choose');
    expect(mentors[0]?.lastText()).toMatch(/может наставляемый программы/);
    await boris.command('choose');
    expect(boris.lastText()).toMatch(/пока у вас нет пары/);
    expect(messageOf(boris, /Наставники, которые вам лучше всего подходят/)).toBeDefined();
  });
});
