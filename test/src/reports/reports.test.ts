// Report figures and files on real PostgreSQL, against a seeded programme with known totals; the
// XLSX and DOCX are opened again by exceljs and jszip and their contents checked.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app';
import { chartSvg, renderPng } from '../../../src/reports/chart';
import { loadOrderPairs, loadProgrammeExport } from '../../../src/reports/export-data';
import { buildPairsOrder, orderLines } from '../../../src/reports/order';
import { programmeMeetingWeeks, programmeSummary } from '../../../src/reports/summary';
import { buildProgrammeWorkbook, type Translate } from '../../../src/reports/workbook';
import { createTestApp } from '../../support/app';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { addMember, addOrganisation, addPair, seedSchool, type SeededSchool } from './seed';

let database: TestDatabase;
let app: App;
let school: SeededSchool;
let t: Translate;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  t = (key, args) => app.i18n.t('ru', key, args);
  school = await seedSchool(database.db, app.catalog);
  // Another school of another region, with a pair of its own: never part of the first school's figures.
  const other = await addOrganisation(database.db, { name: 'Гимназия № 3', region: 'Краснодарский край', municipality: 'город Сочи', students: 100 });
  const mentee = await addMember(database.db, other.programmeId, 'mentee', 'Чужой Ученик');
  const mentor = await addMember(database.db, other.programmeId, 'mentor', 'Чужой Наставник');
  await addPair(database.db, { programmeId: other.programmeId, mentors: [mentor.membershipId], mentees: [mentee.membershipId], status: 'active', form: 'student_student' });
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('the programme summary', () => {
  it('counts participants by role, with the withdrawn mentee kept as a number', async () => {
    const summary = await programmeSummary(database.db, school.programmeId);
    expect(summary?.participants).toEqual({
      mentee: { total: 6, questionnaireDone: 5, withdrawn: 1 },
      mentor: { total: 3, questionnaireDone: 3, withdrawn: 0 },
    });
  });

  it('counts pairs by state, formed pairs, and mentees without a pair', async () => {
    const summary = await programmeSummary(database.db, school.programmeId);
    expect(summary?.pairs).toEqual({ proposed: 1, active: 2, declined: 0, completed: 1, ended_early: 1 });
    expect(summary?.pairsFormed).toBe(4);
    expect(summary?.menteesWithoutPair).toBe(1);
  });

  it('counts members of formed pairs by form of mentorship', async () => {
    const summary = await programmeSummary(database.db, school.programmeId);
    expect(summary?.byForm).toEqual([
      { form: 'student_student', mentees: 1, mentors: 1 },
      { form: 'teacher_student', mentees: 3, mentors: 2 },
      { form: null, mentees: 1, mentors: 1 },
    ]);
  });

  it('counts meetings planned, held and missed, and averages the check-in ratings', async () => {
    const summary = await programmeSummary(database.db, school.programmeId);
    expect(summary?.meetings).toEqual({ planned: 2, held: 5, missed: 1, cancelled: 1 });
    expect(summary?.checkinRating).toEqual({ average: 4, count: 4 });
  });

  it('compares satisfaction before and after item by item, counting only submitted answers', async () => {
    const summary = await programmeSummary(database.db, school.programmeId);
    const comfort = summary?.satisfaction.mentee.find((i) => i.item === 'comfort');
    expect(comfort).toEqual({ item: 'comfort', before: { average: 6, count: 2 }, after: { average: 9, count: 2 }, change: 3 });
    expect(summary?.satisfaction.mentor.every((i) => i.before.count === 0 && i.after.count === 0)).toBe(true);
    expect(summary?.reflections).toEqual({ mentee: 1, mentor: 0 });
  });

  it('shows the share of the organisation’s students involved against the 70 % target', async () => {
    const summary = await programmeSummary(database.db, school.programmeId);
    expect(summary?.involvement).toEqual({ involved: 5, studentsTotal: 20, share: 0.25, target: 0.7, reached: false });
  });

  it('buckets meetings by week in the organisation’s time zone', async () => {
    const weeks = await programmeMeetingWeeks(database.db, school.programmeId, 'Europe/Moscow');
    expect(weeks.map((w) => w.week)).toEqual(['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28', '2026-10-05']);
    expect(weeks[0]).toEqual({ week: '2026-09-07', held: 2, missed: 0, planned: 1 });
    expect(weeks[3]).toEqual({ week: '2026-09-28', held: 0, missed: 1, planned: 0 });
  });
});

describe('the workbook', () => {
  async function workbook() {
    const data = await loadProgrammeExport(database.db, school.programmeId);
    if (!data) throw new Error('no export');
    const content = await buildProgrammeWorkbook(data, {
      t,
      describeAnswer: (a) => ({ questionnaire: a.questionnaireKey, question: a.questionId, answer: JSON.stringify(a.value) }),
    });
    const book = new ExcelJS.Workbook();
    // exceljs's types predate Buffer's generic parameter.
    await book.xlsx.load(Buffer.from(content) as unknown as Parameters<typeof book.xlsx.load>[0]);
    return book;
  }

  it('has one sheet each for participants, answers, pairs, meetings, check-ins and reflection, headed in Russian', async () => {
    const book = await workbook();
    expect(book.worksheets.map((s) => s.name)).toEqual(['Участники', 'Ответы', 'Пары', 'Встречи', 'Отметки о встречах', 'Рефлексия', 'Награждение']);
    expect(book.getWorksheet('Участники')?.getRow(1).values).toEqual([undefined, '№', 'ФИО', 'Роль', 'Статус', 'Готовность наставника', 'Присоединился']);
  });

  it('lists every participant of the programme once, the withdrawn one without a name, and nobody from elsewhere', async () => {
    const sheet = (await workbook()).getWorksheet('Участники');
    const names = [];
    for (let r = 2; r <= (sheet?.rowCount ?? 0); r++) names.push(String(sheet?.getRow(r).getCell(2).value));
    expect(names).toHaveLength(9);
    expect(names).toContain('Соколова Вера Андреевна');
    expect(names).toContain('(участник отозвал согласие)');
    expect(names).not.toContain('Чужой Ученик');
  });

  it('writes pairs with forms, states and members, and every meeting and check-in', async () => {
    const book = await workbook();
    const pairs = book.getWorksheet('Пары');
    expect(pairs?.rowCount).toBe(6);
    const first = pairs?.getRow(2).values as unknown[];
    expect(first.slice(2, 6)).toEqual(['ученик – ученик', 'работает', 'Иванов Иван Иванович', 'Соколова Вера Андреевна']);
    expect(book.getWorksheet('Встречи')?.rowCount).toBe(10);
    const checkins = book.getWorksheet('Отметки о встречах');
    expect(checkins?.rowCount).toBe(6);
    expect(checkins?.getRow(2).getCell(6).value).toBe(5);
  });

  it('puts reflection and satisfaction before and after side by side', async () => {
    const sheet = (await workbook()).getWorksheet('Рефлексия');
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('Комфорт общения: в начале');
    expect(header).toContain('Комфорт общения: в конце');
    expect(header).toContain('Что помогло');
    expect(sheet?.rowCount).toBe(4);
  });
});

describe('the order on pairs and groups', () => {
  it('names the organisation, each pair and group with roles and dates, like the sample', async () => {
    const pairs = await loadOrderPairs(database.db, school.programmeId);
    const lines = orderLines(
      { organisationName: 'Школа № 5', programmeName: 'Наставничество 2026', timezone: 'Europe/Moscow', endsOn: '2027-05-31', pairs, controller: 'Куратова Мария Ивановна' },
      t,
    ).map((l) => l.text);
    expect(lines).toContain('П Р И К А З');
    expect(lines).toContain('О закреплении наставнических пар/групп');
    expect(lines).toContain('1. Закрепить с «07» сентября 2026 г. по «31» мая 2027 г. наставническую пару:');
    expect(lines).toContain('1.1 Иванов И.И., школа № 5, учитель физики (наставник);');
    expect(lines).toContain('1.2 Соколова В.А., 7Б (наставляемый).');
    expect(lines).toContain('2. Закрепить с «08» сентября 2026 г. по «31» мая 2027 г. наставническую группу:');
    expect(lines).toContain('2.3 Антонова А. (наставляемый).');
    expect(lines.some((l) => l.startsWith('3. Контроль за выполнением настоящего приказа возложить на куратора программы наставничества Куратова М.И.'))).toBe(true);
  });

  it('is a Word document whose text holds the pairs (only confirmed ones)', async () => {
    const pairs = await loadOrderPairs(database.db, school.programmeId);
    const content = await buildPairsOrder(
      { organisationName: 'Школа № 5', programmeName: 'Наставничество 2026', timezone: 'Europe/Moscow', endsOn: null, pairs, controller: null },
      t,
    );
    const zip = await JSZip.loadAsync(content);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('О закреплении наставнических пар/групп');
    expect(text).toContain('Иванов И.И., школа № 5, учитель физики (наставник);');
    expect(text).toContain('Сидорова С.С. (наставник);');
    expect(text).toContain('по «__» ____________ 20__ г.');
    expect(text).not.toContain('Ким О.');
    expect(text).not.toContain('Романова');
  });
});

describe('the chart', () => {
  it('is a PNG of meetings per week and satisfaction before and after', async () => {
    const summary = await programmeSummary(database.db, school.programmeId);
    const weeks = await programmeMeetingWeeks(database.db, school.programmeId, 'Europe/Moscow');
    const svg = chartSvg({ title: 'Наставничество 2026', weeks, satisfaction: [{ role: 'mentee', items: summary?.satisfaction.mentee ?? [] }] }, t);
    expect(svg).toContain('Встречи по неделям');
    expect(svg).toContain('07.09.2026');
    expect(svg).toContain('Комфорт общения · наставл.');
    const png = await renderPng(svg);
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(5000);
  });
});
