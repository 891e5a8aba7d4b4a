// A mentee and a mentor join by invite, consent and complete the intake, through the real engine
// on real PostgreSQL. Texts are checked the way a person reads them.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, consents, memberships, people, responses, identities } from '../../db/schema';
import type { App } from '../../src/app';
import { createInvite } from '../../src/invites/invites';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createChat, type ChatUser } from '../support/chat';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
let app: App;
let seeded: SeededProgramme;
let chat: ReturnType<typeof createChat>;
let nextUser = 1000;
const newUser = (lang = 'ru') => chat.user(String(++nextUser), lang);

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  seeded = await seedProgramme(database.db);
  chat = createChat(app.engine);
});
afterAll(async () => {
  await database.drop();
});

async function personOf(user: ChatUser) {
  const [row] = await database.db
    .select({ person: people })
    .from(identities)
    .innerJoin(people, eq(people.id, identities.personId))
    .where(eq(identities.externalId, user.id));
  return row?.person;
}

async function answersOf(user: ChatUser) {
  const person = await personOf(user);
  if (!person) return new Map<string, unknown>();
  const rows = await database.db
    .select({ questionId: answers.questionId, value: answers.value })
    .from(answers)
    .innerJoin(responses, eq(responses.id, answers.responseId))
    .innerJoin(memberships, eq(memberships.id, responses.membershipId))
    .where(eq(memberships.personId, person.id));
  return new Map(rows.map((r) => [r.questionId, r.value]));
}

/** Joins by the mentee invite and consents as someone 14 or older. */
async function joinAsMentee(user: ChatUser) {
  await user.command('start', seeded.menteeCode);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
}

async function answerMenteeIntake(user: ChatUser) {
  await user.text('Иванова Мария Петровна');
  await user.press('Ученик или ученица школы');
  await user.text('7 «Б»');
  await user.press('Олимпиады и конкурсы');
  await user.press('Проекты и исследования');
  await user.press('Готово ✔');
  await user.text('Химия, шахматы');
  await user.press('Пропустить');
  await user.text('Подготовиться к региональной олимпиаде');
  await user.press('Онлайн');
  await user.press('Выходные');
  await user.press('Готово ✔');
}

describe('joining by invite', () => {
  it('explains what the bot is when /start comes without a code', async () => {
    const user = newUser();
    await user.command('start');
    expect(user.lastText()).toMatch(/ссылка-приглашение или код от куратора/);
  });

  it('tells an unknown code apart from an expired and a used-up one', async () => {
    const user = newUser();
    await user.command('start', 'ZZZZZZZZ');
    expect(user.lastText()).toMatch(/не найден/);
    const expired = await createInvite(database.db, { programmeId: seeded.programmeId, role: 'mentee', expiresAt: new Date(Date.now() - 1000) });
    await user.command('start', expired.code);
    expect(user.lastText()).toMatch(/Срок действия/);
    const single = await createInvite(database.db, { programmeId: seeded.programmeId, role: 'mentee', maxUses: 1 });
    const first = newUser();
    await first.command('start', single.code);
    await first.press('Согласен(на)');
    await first.press('Да, мне 14 или больше');
    await user.command('start', single.code);
    expect(user.lastText()).toMatch(/максимальное число участников/);
  });

  it('accepts a code typed or pasted as a link instead of /start', async () => {
    const typed = newUser();
    await typed.text(`  ${seeded.menteeCode.toLowerCase()} `);
    expect(typed.replies.map((r) => r.text).join('\n')).toMatch(/Приглашение в программу «Наставничество 2026»/);
    const pasted = newUser();
    await pasted.text(`https://t.me/nastavnik_bot?start=${seeded.mentorCode}`);
    expect(pasted.replies.map((r) => r.text).join('\n')).toMatch(/Ваша роль — наставник/);
  });

  it('stores nothing about a person who declines consent', async () => {
    const user = newUser();
    await user.command('start', seeded.menteeCode);
    await user.press('Не согласен(на)');
    expect(user.lastText()).toMatch(/ничего о вас не сохранили/);
    expect(await personOf(user)).toBeUndefined();
  });

  it('asks a child under 14 for a parent\'s consent and records both consents with their version', async () => {
    const user = newUser();
    await user.command('start', seeded.menteeCode);
    await user.press('Согласен(на)');
    await user.press('Нет, мне меньше 14');
    expect(user.lastText()).toMatch(/согласие родителя/);
    await user.text('Петрова Анна Ивановна');
    await user.text('не знаю');
    expect(user.replies.at(-2)?.text).toMatch(/не телефон и не электронная почта/);
    await user.text('+7 900 123-45-67');
    await user.press('Я родитель и даю согласие');
    const person = await personOf(user);
    if (!person) throw new Error('person expected');
    const rows = await database.db.select().from(consents).where(eq(consents.personId, person.id));
    expect(rows.map((r) => r.kind).sort()).toEqual(['parental', 'personal_data']);
    expect(rows.every((r) => r.textVersion === '2026-11-v1' && r.givenAt instanceof Date)).toBe(true);
    expect(rows.find((r) => r.kind === 'parental')?.parentName).toBe('Петрова Анна Ивановна');
    expect(user.replies.map((r) => r.text).join('\n')).toMatch(/Вопрос 1 из/);
  });
});

describe('the mentee intake questionnaire', () => {
  it('is answered to the end, with a summary where an answer can be changed before sending', async () => {
    const user = newUser();
    await joinAsMentee(user);
    await answerMenteeIntake(user);
    expect(user.lastText()).toMatch(/Проверьте анкету/);
    expect(user.lastText()).toMatch(/Олимпиады и конкурсы, Проекты и исследования/);
    await user.press(/✏️ Формат/);
    await user.press('Очно');
    expect(user.lastText()).toMatch(/Проверьте анкету/);
    expect(user.lastText()).toMatch(/Очно/);
    await user.press('✅ Всё верно, отправить');
    expect(user.lastText()).toMatch(/анкета отправлена/);

    const person = await personOf(user);
    expect(person?.fullName).toBe('Иванова Мария Петровна');
    const [membership] = await database.db.select().from(memberships).where(eq(memberships.personId, person?.id ?? -1));
    expect(membership?.status).toBe('questionnaire_done');
    const saved = await answersOf(user);
    expect(saved.get('format')).toEqual({ kind: 'single', option: 'in_person' });
    expect(saved.get('requests')).toEqual({ kind: 'multi', options: ['olympiads', 'projects'] });
    expect(saved.get('difficulties')).toEqual({ kind: 'skipped' });
    expect(saved.has('position')).toBe(false);
  });

  it('answers a wrong answer with what is expected and asks the same question again', async () => {
    const user = newUser();
    await joinAsMentee(user);
    const question = user.lastText();
    await user.sticker();
    expect(user.replies.at(-2)?.text).toMatch(/стикеры, фото и файлы здесь не подойдут/);
    expect(user.lastText()).toBe(question);
    await user.text('я'.repeat(5000));
    expect(user.replies.at(-2)?.text).toMatch(/Слишком длинно: 5\s000 символов, а можно не больше 100/);
    await user.text('Сидоров Пётр');
    await user.text('школьник');
    expect(user.replies.at(-2)?.text).toMatch(/выбрать вариант кнопкой/);
    await user.press('Ученик или ученица школы');
    await user.text('8А');
    await user.press('Готово ✔');
    expect(user.replies.at(-2)?.text).toMatch(/Выберите хотя бы 1 вариант/);
    expect(await answersOf(user)).toEqual(
      new Map<string, unknown>([
        ['full_name', { kind: 'text', text: 'Сидоров Пётр' }],
        ['role_group', { kind: 'single', option: 'student' }],
        ['grade', { kind: 'text', text: '8А' }],
      ]),
    );
  });

  it('keeps every answer after /cancel and resumes at the first unanswered question on /start', async () => {
    const user = newUser();
    await joinAsMentee(user);
    await user.text('Кузнецов Иван');
    await user.press('Педагог');
    await user.command('cancel');
    expect(user.lastText()).toMatch(/Всё, что вы уже ответили, сохранено/);
    await user.text('что дальше?');
    expect(user.lastText()).toMatch(/Пришлите код/);
    await user.command('start');
    expect(user.lastText()).toMatch(/Где вы работаете|должность|Какая у вас должность/i);
    expect((await answersOf(user)).get('role_group')).toEqual({ kind: 'single', option: 'teacher' });
  });

  it('ticks multi-choice options in place and keeps the selection across /cancel', async () => {
    const user = newUser();
    await joinAsMentee(user);
    await user.text('Орлова Дарья');
    await user.press('Ученик или ученица школы');
    await user.text('9');
    const result = await user.press('Спорт');
    expect(result.replies[0]?.edit).toBe(true);
    expect(user.buttons()).toContain('✅ Спорт');
    await user.command('cancel');
    await user.command('start');
    expect(user.buttons()).toContain('✅ Спорт');
  });

  it('refuses a button of someone else\'s questionnaire and changes nothing', async () => {
    const owner = newUser();
    await joinAsMentee(owner);
    const forged = owner.last().buttons?.flat()[0]?.payload; // none on a text question: build one from the next
    expect(forged).toBeUndefined();
    await owner.text('Белов Олег');
    const ownerButton = owner.last().buttons?.flat()[0]?.payload;
    if (!ownerButton) throw new Error('expected choice buttons');
    const intruder = newUser();
    await joinAsMentee(intruder);
    await intruder.pressPayload(ownerButton);
    expect(intruder.replies.at(-2)?.text).toMatch(/кнопка уже не действует/);
    expect((await answersOf(owner)).has('role_group')).toBe(false);
    expect((await answersOf(intruder)).has('role_group')).toBe(false);
    await intruder.pressPayload('pick:999999:0:0');
    await intruder.pressPayload('{"p":"evil"}');
    expect(intruder.lastText()).toMatch(/Как вас зовут|ФИО|зовут/);
  });

  it('handles an update delivered twice only once', async () => {
    const user = newUser();
    await joinAsMentee(user);
    const update = {
      platform: 'telegram' as const,
      updateId: `dup-${user.id}`,
      chatType: 'private' as const,
      user: { externalId: user.id, chatId: user.id, languageCode: 'ru' },
      event: { kind: 'text' as const, text: 'Первый Ответ' },
    };
    const first = await app.engine.handle(update);
    const second = await app.engine.handle({ ...update, event: { kind: 'text', text: 'Второй Ответ' } });
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ duplicate: true, replies: [], deliveries: [] });
    expect((await answersOf(user)).get('full_name')).toEqual({ kind: 'text', text: 'Первый Ответ' });
  });

  it('processes two updates of one person one at a time', async () => {
    const user = newUser();
    await joinAsMentee(user);
    await user.text('Параллельный Павел');
    const [a, b] = await Promise.all([user.press('Педагог'), user.press('Педагог')]);
    // The first press answers the question; the second finds the question moved on: a stale button.
    const texts = [...a.replies, ...b.replies].map((r) => r.text).join('\n');
    expect(texts).toMatch(/кнопка уже не действует/);
    expect((await answersOf(user)).get('role_group')).toEqual({ kind: 'single', option: 'teacher' });
  });
});

describe('the mentor intake questionnaire', () => {
  it('is completed with a capacity in range and forms of mentorship', async () => {
    const user = newUser();
    await user.command('start', seeded.mentorCode);
    await user.press('Согласен(на)');
    await user.press('Да, мне 14 или больше');
    await user.text('Смирнов Алексей Викторович');
    await user.press('Педагог');
    await user.text('Школа № 5, учитель информатики');
    await user.press('Цифровые навыки');
    await user.press('Готово ✔');
    await user.text('12 лет в школе, вёл кружок робототехники');
    await user.text('11');
    expect(user.replies.at(-2)?.text).toMatch(/от 1 до 10/);
    await user.text('3');
    await user.press('Будни, вечером');
    await user.press('Готово ✔');
    await user.press('Учитель – ученик');
    await user.press('Готово ✔');
    await user.press('Подойдёт любой');
    expect(user.lastText()).toMatch(/Проверьте анкету/);
    await user.press('✅ Всё верно, отправить');
    const saved = await answersOf(user);
    expect(saved.get('capacity')).toEqual({ kind: 'integer', value: 3 });
    expect(saved.get('forms')).toEqual({ kind: 'multi', options: ['teacher_student'] });
  });
});

describe('commands', () => {
  it('switches the language with /language and answers an unknown command', async () => {
    const user = newUser();
    await user.command('frobnicate');
    expect(user.lastText()).toMatch(/Такой команды я не знаю/);
    await user.command('language');
    await user.press('English');
    expect(user.lastText()).toMatch(/Language changed: English/);
    await user.command('start');
    expect(user.lastText()).toMatch(/you need an invite link/);
  });

  it('takes the language from the messenger for a new person', async () => {
    const user = newUser('en-GB');
    await user.command('help');
    expect(user.lastText()).toMatch(/What I can do/);
  });

  it('withdraws consent with /forget and removes the answers and name', async () => {
    const user = newUser();
    await joinAsMentee(user);
    await answerMenteeIntake(user);
    await user.command('forget');
    await user.press('Да, удалить мои данные');
    expect(user.lastText()).toMatch(/данные удалены/);
    const person = await personOf(user);
    expect(person?.fullName).toBeNull();
    expect((await answersOf(user)).size).toBe(0);
  });
});
