// The programme card and its settings through the engine on real PostgreSQL: forms, stage, typed
// dates (a wrong date is explained and nothing is lost), self-matching; a curator invited by another
// curator of the organisation; every change audited; replayed buttons of another organisation refused.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programmes } from '../../../db/schema';
import type { App } from '../../../src/app';
import { createTestApp, seedProgramme, type SeededProgramme } from '../../support/app';
import { createChat, type ChatUser } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { auditActions, completeMentee, joinAsCurator, payloadOf, textOf } from './support';

let database: TestDatabase;
let app: App;
let school: SeededProgramme;
let otherSchool: SeededProgramme;
let chat: ReturnType<typeof createChat>;
let curator: ChatUser;
let stranger: ChatUser;

const programmeRow = async () => (await database.db.select().from(programmes).where(eq(programmes.id, school.programmeId)))[0];

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  school = await seedProgramme(database.db);
  otherSchool = await seedProgramme(database.db, { organisation: 'Гимназия № 3', name: 'Чужая программа' });
  chat = createChat(app.engine);
  curator = chat.user('c-1');
  stranger = chat.user('c-2');
  await joinAsCurator(curator, school.curatorCode);
  await joinAsCurator(stranger, otherSchool.curatorCode);
});
afterAll(async () => {
  await database.drop();
});

describe('the programme card', () => {
  it('shows the stage by its name, the dates and the forms, with buttons for each setting', async () => {
    await curator.command('programme');
    expect(curator.lastText()).toMatch(/Этап: 1 из 7 — Подготовка условий для запуска программы/);
    expect(curator.lastText()).toMatch(/Сроки: не заданы/);
    expect(curator.lastText()).toMatch(/Формы наставничества: не выбраны/);
    expect(curator.buttons()).toEqual(expect.arrayContaining(['Формы', 'Этап', 'Сроки', '🤝 Пары и группы', '⭐ Раунд предпочтений']));
  });

  it('switches forms of mentorship on and off from the list, every one of the target model offered', async () => {
    await curator.press('Формы');
    expect(curator.buttons()).toEqual(
      expect.arrayContaining(['▫️ ученик – ученик', '▫️ учитель – учитель', '▫️ студент – ученик', '▫️ работодатель – ученик', '▫️ работодатель – студент', '▫️ учитель – ученик']),
    );
    await curator.press('▫️ учитель – ученик');
    await curator.press('▫️ студент – ученик');
    await curator.press('✅ студент – ученик');
    expect(curator.last().edit).toBe(true);
    expect((await programmeRow())?.forms).toEqual(['teacher_student']);
    await curator.press('⬅️ К программе');
    expect(curator.lastText()).toMatch(/Формы наставничества: учитель – ученик/);
  });

  it('sets the current stage from the seven', async () => {
    await curator.press('Этап');
    expect(curator.buttons()).toContain('4. Отбор и обучение наставников');
    await curator.press('5. Формирование наставнических пар и групп');
    expect(curator.lastText()).toMatch(/Этап: 5 из 7 — Формирование наставнических пар и групп/);
    expect((await programmeRow())?.stage).toBe(5);
  });

  it('takes typed dates, explains a wrong one and keeps asking, and saves the right ones', async () => {
    await curator.press('Сроки');
    expect(curator.lastText()).toMatch(/Напишите даты начала и окончания/);
    await curator.text('31.02.2027 – 31.05.2027');
    expect(curator.lastText()).toMatch(/Такой даты нет в календаре/);
    await curator.text('31.05.2027 – 01.09.2026');
    expect(curator.lastText()).toMatch(/не может закончиться раньше/);
    await curator.sticker();
    expect(curator.lastText()).toMatch(/Напишите даты начала и окончания/);
    expect((await programmeRow())?.startsOn).toBeNull();
    await curator.text('01.09.2026 – 31.05.2027');
    expect(textOf(curator, /Сроки сохранены/)).toMatch(/01\.09\.2026 – 31\.05\.2027/);
    expect(curator.lastText()).toMatch(/Сроки: 01\.09\.2026 – 31\.05\.2027/);
    const row = await programmeRow();
    expect([row?.startsOn, row?.endsOn]).toEqual(['2026-09-01', '2027-05-31']);
    // The date step is over: text goes where it would go for anyone idle.
    await curator.text('привет');
    expect(curator.lastText()).not.toMatch(/Сроки/);
  });

  it('turns self-matching on and tells the mentees waiting for a pair', async () => {
    const mentee = chat.user('m-1');
    await completeMentee(mentee, school.menteeCode, 'Синицына Оля');
    await curator.command('programme');
    await curator.press('Разрешить наставляемым выбирать самим');
    expect(textOf(mentee, /можете сами выбрать наставника/)).toMatch(/Наставничество 2026/);
    expect(curator.lastText()).toMatch(/Самостоятельный выбор наставника: включён/);
    await curator.press('Выключить самостоятельный выбор');
    expect(curator.lastText()).toMatch(/Самостоятельный выбор наставника: выключен/);
    expect(await auditActions(database.db, school.programmeId)).toEqual(
      expect.arrayContaining(['programme.forms', 'programme.stage', 'programme.dates', 'programme.self-matching']),
    );
  });

  it("refuses another organisation's curator and a mentee who replay the settings buttons, and changes nothing", async () => {
    await curator.command('programme');
    const payloads = [payloadOf(curator, /^Формы$/), payloadOf(curator, /^Этап$/), payloadOf(curator, /^Сроки$/), payloadOf(curator, /выбирать самим/)];
    await curator.press('Формы');
    payloads.push(payloadOf(curator, /ученик – ученик/));
    await curator.press('⬅️ К программе');
    await curator.press('Этап');
    payloads.push(payloadOf(curator, /^1\. /));
    const before = await programmeRow();
    const mentee = chat.user('m-1');
    for (const user of [stranger, mentee]) {
      for (const payload of payloads) {
        await user.pressPayload(payload);
        expect(user.lastText()).toMatch(/только куратору программы/);
      }
      await user.text('01.01.2030 – 02.02.2031');
    }
    expect(await programmeRow()).toEqual(before);
  });
});

describe('a curator invited by another curator', () => {
  it('joins the same programme by the code from /invite curator and runs it', async () => {
    await curator.command('invite', 'curator 7 1');
    const code = /код ([A-Z2-9]{8})/.exec(curator.lastText())?.[1] ?? '';
    expect(curator.lastText()).toMatch(/роли «куратор»/);
    const colleague = chat.user('c-3');
    await joinAsCurator(colleague, code);
    expect(colleague.replies.map((r) => r.text).join('\n')).toMatch(/Вы куратор программы «Наставничество 2026»/);
    await colleague.command('programme');
    expect(colleague.lastText()).toMatch(/Программа «Наставничество 2026» \(Школа № 5\)/);
    expect(colleague.lastText()).toMatch(/Этап: 5 из 7/);
    // The code had one place: nobody else becomes a curator by it.
    const late = chat.user('c-4');
    await late.command('start', code);
    expect(late.lastText()).not.toMatch(/Вы куратор/);
    await late.command('programme');
    expect(late.lastText()).toMatch(/только куратору программы/);
  });
});
