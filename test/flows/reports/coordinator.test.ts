// The regional coordinator on PostgreSQL: named by the operator CLI (a one-time code sent to the bot,
// or directly), /region and /region_export over a seeded region with known totals; a coordinator
// sees only their region (and municipality), a curator and a participant are refused.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities } from '../../../db/schema';
import type { App } from '../../../src/app';
import { runCli } from '../../../src/cli';
import { createConfig } from '../../../src/config';
import { regionalSummary } from '../../../src/coordinators/region';
import { createTestApp, seedProgramme } from '../../support/app';
import { createChat, type ChatUser } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { addMember, addOrganisation, addPair } from '../../src/reports/seed';
import { column, documentOf, joinAsCurator, openWorkbook } from './support';

let database: TestDatabase;
let app: App;
let chat: ReturnType<typeof createChat>;

async function cli(...argv: string[]): Promise<unknown> {
  let printed = '';
  await runCli([...argv, '--json'], { db: database.db, config: createConfig({ LOG_LEVEL: 'silent' }), out: (s) => (printed += s) });
  return JSON.parse(printed);
}

/**
 * Кировская область: Тужа has 2 schools (one runs ученик–ученик and учитель–ученик with 3 students
 * of 10 involved, one runs учитель–учитель with none involved, 40 students), Киров has 1 school
 * (ученик–ученик by its pair alone: mentee and mentor are both students, 2 of 50 involved).
 * Краснодарский край has a school that must never show.
 */
async function seedRegion() {
  const a = await addOrganisation(database.db, { name: 'СОШ № 1 пгт Тужа', region: 'Кировская область', municipality: 'Тужа', students: 10, forms: ['student_student', 'teacher_student'] });
  const a1 = await addMember(database.db, a.programmeId, 'mentee', 'Ученица Одна');
  const a2 = await addMember(database.db, a.programmeId, 'mentee', 'Ученик Два');
  const aMentor = await addMember(database.db, a.programmeId, 'mentor', 'Старшеклассник Три');
  await addPair(database.db, { programmeId: a.programmeId, mentors: [aMentor.membershipId], mentees: [a1.membershipId, a2.membershipId], status: 'active', form: 'student_student' });
  const b = await addOrganisation(database.db, { name: 'Гимназия пгт Тужа', region: 'Кировская область', municipality: 'Тужа', students: 40, forms: ['teacher_teacher'] });
  const bMentee = await addMember(database.db, b.programmeId, 'mentee', 'Молодой Педагог');
  const bMentor = await addMember(database.db, b.programmeId, 'mentor', 'Опытный Педагог');
  await addPair(database.db, { programmeId: b.programmeId, mentors: [bMentor.membershipId], mentees: [bMentee.membershipId], status: 'active', form: 'teacher_teacher' });
  const c = await addOrganisation(database.db, { name: 'Лицей № 21', region: 'Кировская область', municipality: 'Киров', students: 50 });
  const cMentee = await addMember(database.db, c.programmeId, 'mentee', 'Лицеист');
  const cMentor = await addMember(database.db, c.programmeId, 'mentor', 'Выпускник');
  await addPair(database.db, { programmeId: c.programmeId, mentors: [cMentor.membershipId], mentees: [cMentee.membershipId], status: 'completed', form: 'student_student' });
  await addOrganisation(database.db, { name: 'Школа города Сочи', region: 'Краснодарский край', municipality: 'город Сочи', students: 500, forms: ['student_student'] });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  chat = createChat(app.engine);
  await seedRegion();
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('the regional summary', () => {
  it('counts organisations per form per municipality, involvement and totals, only within the region', async () => {
    const summary = await regionalSummary(database.db, { region: 'Кировская область', municipality: null });
    expect(summary.organisations.map((o) => o.name)).toEqual(['Лицей № 21', 'Гимназия пгт Тужа', 'СОШ № 1 пгт Тужа']);
    const tuzha = summary.municipalities.find((m) => m.municipality === 'Тужа');
    expect(tuzha).toMatchObject({ organisations: 2, running: 2, studentsTotal: 50, mentees: 3, mentors: 2 });
    expect(tuzha?.byForm).toMatchObject({ student_student: 1, teacher_student: 1, teacher_teacher: 1, employer_student: 0 });
    expect(tuzha?.involvement).toMatchObject({ involved: 3, share: 0.06 });
    expect(summary.totals).toMatchObject({ organisations: 3, running: 3, studentsTotal: 100, mentees: 4, mentors: 3 });
    expect(summary.totals.byForm.student_student).toBe(2);
    expect(summary.totals.involvement).toMatchObject({ involved: 5, share: 0.05 });
  });

  it('of a municipality holds only its organisations', async () => {
    const summary = await regionalSummary(database.db, { region: 'Кировская область', municipality: 'Киров' });
    expect(summary.organisations.map((o) => o.name)).toEqual(['Лицей № 21']);
    expect(summary.organisations[0]?.forms).toEqual(['student_student']);
  });
});

describe('a coordinator named by the operator', () => {
  let coordinator: ChatUser;

  it('becomes coordinator by sending the one-time code, which cannot be used twice', async () => {
    const invite = (await cli('coordinator:create', '--region', 'Кировская область')) as { code: string };
    coordinator = chat.user('coordinator');
    await coordinator.command('coordinator', invite.code);
    expect(coordinator.lastText()).toMatch(/Вы координатор: Кировская область\./);
    const late = chat.user('late');
    await late.command('coordinator', invite.code);
    expect(late.lastText()).toMatch(/Такого кода координатора нет/);
    await late.command('region');
    expect(late.lastText()).toBe('Эта команда доступна только региональному координатору.');
  });

  it('/region shows each municipality and the totals of their region only', async () => {
    await coordinator.command('region');
    const text = coordinator.lastText();
    expect(text).toMatch(/Кировская область: реализация целевой модели наставничества/);
    expect(text).toMatch(/• Тужа: ОО 2, реализуют наставничество 2; ученик – ученик 1 · учитель – учитель 1 · учитель – ученик 1; вовлечено 3 из 50 обучающихся \(6 %\)/);
    expect(text).toMatch(/• Киров: ОО 1/);
    expect(text).toMatch(/• ИТОГО: ОО 3, реализуют наставничество 3; ученик – ученик 2/);
    expect(text).not.toMatch(/Сочи/);
  });

  it('/region_export sends the workbook of municipalities with totals and every organisation', async () => {
    await coordinator.command('region_export');
    const [preparing, file] = coordinator.replies.slice(-2);
    expect(preparing?.text).toBe('⏳ Готовлю выгрузку по региону…');
    const book = await openWorkbook(documentOf(file).content);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Муниципалитеты', 'Организации']);
    const municipalities = book.getWorksheet('Муниципалитеты');
    expect(column(municipalities, 2)).toEqual(['Киров', 'Тужа', 'ИТОГО']);
    expect(municipalities?.getRow(1).getCell(5).value).toBe('ОО, реализующих модель «ученик – ученик»');
    expect(municipalities?.getRow(4).getCell(5).value).toBe(2);
    const organisations = book.getWorksheet('Организации');
    expect(column(organisations, 3)).toEqual(['Лицей № 21', 'Гимназия пгт Тужа', 'СОШ № 1 пгт Тужа']);
    // 1/0 per form and the number of forms, as in the regional sample table.
    expect((organisations?.getRow(4).values as unknown[]).slice(4, 12)).toEqual([1, 0, 1, 0, 0, 0, 0, 2]);
  });

  it('of one municipality, named directly by person id, sees only that municipality', async () => {
    const user = chat.user('municipal');
    await user.command('start');
    const [identity] = await database.db.select().from(identities).where(eq(identities.externalId, 'municipal'));
    await cli('coordinator:create', '--region', 'Кировская область', '--municipality', 'Киров', '--person', String(identity?.personId));
    await user.command('region');
    expect(user.lastText()).toMatch(/Кировская область, Киров/);
    expect(user.lastText()).toMatch(/• Лицей № 21: ученик – ученик; наставляемых 1, наставников 1; вовлечено 2 из 50 обучающихся \(4 %\)/);
    expect(user.lastText()).not.toMatch(/Тужа/);
  });

  it('is refused to a curator, whose own reports stay within their organisation', async () => {
    const school = await seedProgramme(database.db, { organisation: 'Школа № 5' });
    const curator = chat.user('curator');
    await joinAsCurator(curator, school.curatorCode);
    for (const command of ['region', 'region_export']) {
      const result = await curator.command(command);
      expect(result.replies.map((r) => r.text)).toEqual(['Эта команда доступна только региональному координатору.']);
    }
  });

  it('rejects a CLI call without a region or with a person who does not exist', async () => {
    await expect(cli('coordinator:create')).rejects.toThrow(/--region: is required/);
    await expect(cli('coordinator:create', '--region', 'Кировская область', '--person', '999999')).rejects.toThrow(/person 999999 does not exist/);
  });
});
