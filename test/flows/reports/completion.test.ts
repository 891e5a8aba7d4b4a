// Completion and the curator's reports through the real engine on PostgreSQL: the "before"
// satisfaction after the intake, /report, /order, /export, /chart, /finish with the reflection and
// satisfaction for both sides, the curator's SWOT, award nominations, withdrawal told to the curator;
// and refusals for a mentee and for a curator of another organisation.
import JSZip from 'jszip';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardNominations, memberships, organisations, pairs, programmes, questionnaires, responses } from '../../../db/schema';
import { encodePayload } from '../../../flows/payload';
import type { App } from '../../../src/app';
import { decideOnPair, proposePair } from '../../../src/pairs/pairs';
import { createTestApp, seedProgramme, type SeededProgramme } from '../../support/app';
import { createChat, type ChatUser } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { answerScales, column, deliverOutbox, documentOf, joinAsCurator, openWorkbook, submitMenteeIntake, submitMentorIntake } from './support';

let database: TestDatabase;
let app: App;
let school: SeededProgramme;
let other: SeededProgramme;
let chat: ReturnType<typeof createChat>;
let curator: ChatUser;
let otherCurator: ChatUser;
let mentee: ChatUser;
let mentor: ChatUser;
let leaver: ChatUser;

async function membershipOf(role: 'mentee' | 'mentor' | 'curator', programmeId: number, index = 0) {
  const rows = await database.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.programmeId, programmeId), eq(memberships.role, role)))
    .orderBy(memberships.id);
  const row = rows[index];
  if (!row) throw new Error(`no ${role} #${index}`);
  return row;
}

async function pairUp(mentorIndex: number, menteeIndex: number) {
  const mentorRow = await membershipOf('mentor', school.programmeId, mentorIndex);
  const menteeRow = await membershipOf('mentee', school.programmeId, menteeIndex);
  const curatorRow = await membershipOf('curator', school.programmeId);
  const proposed = await proposePair(database.db, {
    programmeId: school.programmeId,
    mentorMembershipIds: [mentorRow.id],
    menteeMembershipIds: [menteeRow.id],
    form: 'teacher_student',
    actorPersonId: curatorRow.personId,
    now: new Date(),
  });
  if (!proposed.ok) throw new Error(proposed.error);
  for (const m of [mentorRow, menteeRow]) {
    await decideOnPair(database.db, { pairId: proposed.value.id, membershipId: m.id, decision: 'confirmed', actorPersonId: m.personId, now: new Date() });
  }
  return proposed.value.id;
}

async function submittedKeys(membershipId: number): Promise<string[]> {
  const rows = await database.db
    .select({ key: questionnaires.key })
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(and(eq(responses.membershipId, membershipId), eq(responses.status, 'submitted')));
  return rows.map((r) => r.key).sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  school = await seedProgramme(database.db);
  other = await seedProgramme(database.db, { organisation: 'Гимназия № 3', name: 'Чужая программа' });
  await database.db.update(organisations).set({ studentsTotal: 10 }).where(eq(organisations.id, school.organisationId));
  await database.db.update(programmes).set({ endsOn: '2027-05-31' }).where(eq(programmes.id, school.programmeId));
  chat = createChat(app.engine);
  curator = chat.user('curator');
  otherCurator = chat.user('other-curator');
  mentee = chat.user('mentee');
  mentor = chat.user('mentor');
  leaver = chat.user('leaver');
  await joinAsCurator(curator, school.curatorCode);
  await joinAsCurator(otherCurator, other.curatorCode);
  await curator.text('Куратова Мария Ивановна'); // ignored text: the curator has no questionnaire
});
afterAll(async () => {
  await app.close();
  await database.drop();
});

describe('satisfaction at the start', () => {
  it('is offered to a mentee after the intake and saved item by item', async () => {
    await submitMenteeIntake(mentee, school.menteeCode, 'Соколова Вера Андреевна');
    expect(mentee.buttons()).toContain('📈 Ещё 4–6 вопросов об ожиданиях');
    await mentee.press('📈 Ещё 4–6 вопросов об ожиданиях');
    expect(mentee.lastText()).toMatch(/Насколько комфортным, по-вашему, будет общение с наставником/);
    await answerScales(mentee, [5, 6, 4, 7]);
    await mentee.press('✅ Всё верно, отправить');
    expect(mentee.lastText()).toBe('Спасибо, ответы отправлены!');
    const row = await membershipOf('mentee', school.programmeId);
    expect(await submittedKeys(row.id)).toEqual(['mentee-intake', 'mentee-satisfaction-start']);
  });

  it('asks a mentor also about the organisation of meetings and the clarity of tasks', async () => {
    await submitMentorIntake(mentor, school.mentorCode, 'Иванов Иван Иванович');
    await mentor.press('📈 Ещё 4–6 вопросов об ожиданиях');
    await answerScales(mentor, [8, 7, 6, 7, 5]);
    expect(mentor.lastText()).toMatch(/Насколько понятны задачи программы/);
    await answerScales(mentor, [6]);
    await mentor.press('✅ Всё верно, отправить');
    const row = await membershipOf('mentor', school.programmeId);
    expect(await submittedKeys(row.id)).toEqual(['mentor-intake', 'mentor-satisfaction-start']);
  });
});

describe('curator reports', () => {
  beforeAll(async () => {
    await submitMenteeIntake(leaver, school.menteeCode, 'Ушедшая Ольга');
    await submitMenteeIntake(chat.user('waiting'), school.menteeCode, 'Ждущий Павел');
    await pairUp(0, 0);
  });

  it('/report sums up participants, pairs, mentees without a pair, satisfaction and involvement', async () => {
    await curator.command('report');
    const text = curator.lastText();
    expect(text).toMatch(/Программа «Наставничество 2026» \(Школа № 5\)/);
    expect(text).toMatch(/наставляемых 3 \(анкету заполнили 3\), наставников 1 \(анкету заполнили 1\)/);
    expect(text).toMatch(/Пар и групп сформировано: 1 \(работают 1/);
    expect(text).toMatch(/Наставляемых без пары: 2\./);
    expect(text).toMatch(/• Комфорт общения · наставл\.: 5,0 → — \(—; ответов 1 и 0\)/);
    expect(text).toMatch(/Вовлечено обучающихся: 1 из 10 — 10 % \(цель 70 %, пока не достигнута\)/);
  });

  it('/order sends the DOCX order with the confirmed pair, roles and dates', async () => {
    await curator.command('order');
    const [preparing, file] = curator.replies.slice(-2);
    expect(preparing?.text).toBe('⏳ Готовлю приказ…');
    const document = documentOf(file);
    expect(document.fileName).toMatch(/\.docx$/);
    const zip = await JSZip.loadAsync(document.content);
    const text = ((await zip.file('word/document.xml')?.async('string')) ?? '').replace(/<[^>]+>/g, '');
    expect(text).toContain('Школа № 5');
    expect(text).toContain('О закреплении наставнических пар/групп');
    expect(text).toContain('1.1 Иванов И.И., Школа № 5, учитель информатики (наставник);');
    expect(text).toContain('1.2 Соколова В.А., 7Б (наставляемый).');
    expect(text).toMatch(/по «31» мая 2027 г\. наставническую пару/);
  });

  it('/export sends the workbook to the curator’s own chat, one sheet per part', async () => {
    await curator.command('export');
    const [preparing, file] = curator.replies.slice(-2);
    expect(preparing?.text).toBe('⏳ Готовлю выгрузку…');
    const book = await openWorkbook(documentOf(file).content);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Участники', 'Ответы', 'Пары', 'Встречи', 'Отметки о встречах', 'Рефлексия', 'Награждение']);
    expect(column(book.getWorksheet('Участники'), 2)).toEqual(['Соколова Вера Андреевна', 'Ушедшая Ольга', 'Ждущий Павел', 'Иванов Иван Иванович']);
    const answers = book.getWorksheet('Ответы');
    expect(column(answers, 5)).toContain('Класс или курс');
    expect(column(answers, 6)).toContain('Олимпиады и конкурсы');
    expect(column(book.getWorksheet('Пары'), 4)).toEqual(['Иванов Иван Иванович']);
  });

  it('/chart sends a PNG', async () => {
    await curator.command('chart');
    const document = documentOf(curator.last());
    expect(document.mimeType).toBe('image/png');
    expect(Buffer.from(document.content.subarray(1, 4)).toString()).toBe('PNG');
  });

  it('is refused to a mentee, and a curator of another organisation gets only their own programme', async () => {
    for (const command of ['report', 'export', 'order', 'chart', 'finish', 'complete', 'award', 'swot']) {
      const result = await mentee.command(command);
      expect(result.replies.map((r) => r.text)).toEqual(['Эта команда доступна только куратору программы.']);
      expect(result.replies.some((r) => r.document)).toBe(false);
    }
    await otherCurator.command('export');
    const book = await openWorkbook(documentOf(otherCurator.last()).content);
    expect(column(book.getWorksheet('Участники'), 2)).toEqual([]);
    await otherCurator.command('report');
    expect(otherCurator.lastText()).toMatch(/Чужая программа/);
    expect(otherCurator.lastText()).not.toMatch(/Соколова/);
  });

  it('tells the curator when a participant withdraws; the report keeps them only as a count', async () => {
    await pairUp(0, 1);
    await leaver.command('forget');
    await leaver.press(/Да/);
    const notice = curator.lastText();
    expect(notice).toMatch(/отозвал согласие на обработку персональных данных/);
    expect(notice).toMatch(/Пар завершено досрочно: 1 \(вторая сторона: Иванов Иван Иванович\)/);
    expect(notice).not.toMatch(/Ушедшая/);
    await curator.command('report');
    expect(curator.lastText()).toMatch(/наставляемых 3 \(анкету заполнили 2\)/);
    expect(curator.lastText()).toMatch(/Из них отозвали согласие: 1/);
    await curator.command('export');
    const book = await openWorkbook(documentOf(curator.last()).content);
    const names = column(book.getWorksheet('Участники'), 2);
    expect(names).toHaveLength(4);
    expect(names).toContain('(участник отозвал согласие)');
    expect(names).not.toContain('Ушедшая Ольга');
  });
});

describe('finishing the programme', () => {
  it('asks for confirmation, completes the pairs, queues both sides the reflection and gives the curator the SWOT', async () => {
    await curator.command('finish');
    expect(curator.lastText()).toMatch(/Завершить программу «Наставничество 2026»\?\nРаботающих пар: 1/);
    const finished = await curator.press('Да, завершить программу');
    expect(curator.replies.map((r) => r.text).join('\n')).toMatch(/Программа завершена: пар завершено 1, участников получили рефлексию: 2/);
    expect(curator.lastText()).toMatch(/Сильные стороны программы/);
    // The requests are not sent with the curator's update: they wait in the outbox.
    expect(finished.deliveries).toEqual([]);
    const rows = await database.db.select().from(pairs).where(eq(pairs.programmeId, school.programmeId));
    expect(rows.filter((p) => p.status === 'completed')).toHaveLength(1);
    const [programme] = await database.db.select().from(programmes).where(eq(programmes.id, school.programmeId));
    expect(programme?.stage).toBe(7);
    expect(await deliverOutbox(app, chat)).toBe(2);
    for (const user of [mentee, mentor]) {
      expect(user.lastText()).toMatch(/Программа «Наставничество 2026» подходит к концу/);
      expect(user.buttons()).toContain('✍️ Подвести итоги');
    }
  });

  it('the curator answers the SWOT questionnaire', async () => {
    await curator.text('Сильная команда наставников');
    await curator.text('Мало встреч зимой');
    await curator.press('Пропустить');
    await curator.press('Пропустить');
    await curator.press('8');
    await curator.press('✅ Всё верно, отправить');
    const row = await membershipOf('curator', school.programmeId);
    expect(await submittedKeys(row.id)).toEqual(['curator-swot']);
  });

  it('a mentee answers the reflection, then the satisfaction questionnaire, then nominates the mentor', async () => {
    await mentee.press('✍️ Подвести итоги');
    expect(mentee.lastText()).toMatch(/Насколько вы достигли целей/);
    await mentee.press('Большей частью');
    await mentee.text('Прошла на региональный этап олимпиады');
    await mentee.text('Разбор задач каждую неделю');
    await mentee.press('Пропустить');
    await mentee.press('✅ Всё верно, отправить');
    // The satisfaction questionnaire follows at once.
    expect(mentee.lastText()).toMatch(/Насколько комфортно вам было общаться с наставником/);
    await answerScales(mentee, [9, 8, 9, 8]);
    await mentee.text('Поддержка перед олимпиадой');
    await mentee.press('Пропустить');
    await mentee.press('Да');
    await mentee.press('Да');
    await mentee.press('✅ Всё верно, отправить');
    expect(mentee.lastText()).toMatch(/Хотите выдвинуть своего наставника на награждение/);
    await mentee.press('🏅 Иванов Иван Иванович');
    expect(mentee.lastText()).toBe('Спасибо! Выдвижение передано куратору.');
    const row = await membershipOf('mentee', school.programmeId);
    expect(await submittedKeys(row.id)).toEqual(['mentee-intake', 'mentee-reflection', 'mentee-satisfaction', 'mentee-satisfaction-start']);
    expect(await database.db.select().from(awardNominations)).toHaveLength(1);
  });

  it('a forged reflection button of someone else changes nothing', async () => {
    const row = await membershipOf('mentor', school.programmeId);
    const stranger = chat.user('stranger');
    const result = await stranger.pressPayload(encodePayload('act', 'reports', 'reflect', row.id));
    expect(result.replies.map((r) => r.text)).toEqual(['Эта кнопка уже не действует.']);
    expect(await submittedKeys(row.id)).toEqual(['mentor-intake', 'mentor-satisfaction-start']);
  });

  it('the curator nominates the mentor, and /report shows satisfaction before and after', async () => {
    await curator.command('award');
    await curator.press('🏅 Иванов Иван Иванович');
    expect(curator.lastText()).toBe('Спасибо! Выдвижение передано куратору.');
    await curator.command('report');
    const text = curator.lastText();
    expect(text).toMatch(/• Комфорт общения · наставл\.: 5,0 → 9,0 \(\+4,0; ответов 1 и 1\)/);
    expect(text).toMatch(/Рефлексию прошли: наставляемых 1, наставников 0/);
    expect(text).toMatch(/Выдвижений наставников на награждение: 2/);
  });
});
