// The pair's goals and plan through the engine on real PostgreSQL: either member adds a goal and
// tasks with a date and an expected result, both see the plan, either marks a task done; bad input
// keeps what was entered; a person in the middle of another conversation gets it back.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowStates, pairGoals, planTasks } from '../../../db/schema';
import { encodePayload } from '../../../flows/payload';
import type { App } from '../../../src/app';
import { createTestApp } from '../../support/app';
import { createChat } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createClock, newWorld, type Chat } from './support';

let database: TestDatabase;
let app: App;
let chat: Chat;
// Monday 16 March 2026, 10:00 in Moscow.
const clock = createClock('2026-03-16T07:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { clock });
  chat = createChat(app.engine);
});
afterAll(async () => {
  await database.drop();
});

describe('the pair\'s plan', () => {
  it('is built by the mentor and the mentee together: a goal, tasks with dates and expected results, a task marked done', async () => {
    const { mentor, mentee, pairId } = await newWorld(database, chat, clock);
    await mentor.press('📋 План пары');
    expect(mentor.lastText()).toBe(
      '📋 План пары: Котов Олег — Зайцева Алина\n\nВ плане пока ничего нет. Начните с цели — чего вы хотите добиться вместе? Потом добавьте мероприятия: что сделать, к какому сроку и какой результат ожидается.',
    );
    await mentor.press('🎯 Добавить цель');
    expect(mentor.lastText()).toMatch(/^Напишите цель пары/);
    await mentor.text('Подготовиться к региональной олимпиаде по математике');
    expect(mentor.replies.at(-2)?.text).toBe('Цель добавлена в план.');
    expect(mentee.lastText()).toBe('Котов Олег добавил(а) цель в план пары: «Подготовиться к региональной олимпиаде по математике».');

    await mentor.press('➕ Мероприятие');
    expect(mentor.lastText()).toBe('К какой цели относится мероприятие?');
    await mentor.press(/^1\. Подготовиться/);
    await mentor.text('Разобрать задания олимпиады прошлого года');
    expect(mentor.lastText()).toMatch(/^К какому сроку\?/);
    expect(mentor.buttons()).toEqual(['Через неделю', 'Через 2 недели', 'Через месяц', 'Без срока']);
    await mentor.press('Через 2 недели');
    expect(mentor.lastText()).toMatch(/^Какой результат ожидается\?/);
    await mentor.text('Решено не меньше 10 задач');

    // The mentee adds a task of their own, with a typed date and no expected result.
    await mentee.command('plan');
    await mentee.press('➕ Мероприятие');
    await mentee.press('Без цели');
    await mentee.text('Пробный тур');
    await mentee.text('01.04.2026');
    await mentee.press('Пропустить');
    expect(mentee.lastText()).toBe(
      [
        '📋 План пары: Котов Олег — Зайцева Алина',
        '🎯 Цель 1. Подготовиться к региональной олимпиаде по математике\n▫️ 1. Разобрать задания олимпиады прошлого года, до 30.03.2026\n    Ожидаемый результат: Решено не меньше 10 задач',
        'Мероприятия без цели:\n▫️ 2. Пробный тур, до 01.04.2026',
        'Выполнено 0 из 2.',
      ].join('\n\n'),
    );
    expect(mentee.buttons()).toEqual(['🎯 Добавить цель', '➕ Мероприятие', '✅ 1', '✅ 2']);

    await mentee.press('✅ 1');
    expect(mentee.lastText()).toMatch(/✅ 1\. Разобрать задания олимпиады прошлого года, до 30\.03\.2026/);
    expect(mentee.lastText()).toMatch(/Выполнено 1 из 2\./);
    expect(mentor.lastText()).toBe('Зайцева Алина отметил(а) выполненным: «Разобрать задания олимпиады прошлого года».');
    // The mentor presses the same done button from an older message: nothing changes.
    await mentor.pressPayload(mentee.replies.flatMap((r) => r.buttons ?? []).flat().find((b) => b.label === '✅ 1')?.payload ?? '');
    expect(mentor.lastText()).toBe('Это мероприятие уже отмечено выполненным.');

    const tasks = await database.db.select().from(planTasks).where(eq(planTasks.pairId, pairId)).orderBy(planTasks.id);
    expect(tasks.map((t) => [t.title, t.dueOn, t.expectedResult, t.doneAt !== null])).toEqual([
      ['Разобрать задания олимпиады прошлого года', '2026-03-30', 'Решено не меньше 10 задач', true],
      ['Пробный тур', '2026-04-01', null, false],
    ]);
    const [goal] = await database.db.select().from(pairGoals).where(eq(pairGoals.pairId, pairId));
    expect(tasks[0]?.goalId).toBe(goal?.id);
  });

  it('asks again after a sticker, an empty or over-long answer or a past date, and keeps the task title already given', async () => {
    const { mentor, pairId } = await newWorld(database, chat, clock);
    await mentor.command('plan');
    await mentor.press('➕ Мероприятие');
    const question = mentor.lastText();
    await mentor.sticker();
    expect(mentor.replies.slice(-2).map((r) => r.text)).toEqual(['Я понимаю только текст и кнопки — стикеры, фото и файлы здесь не подойдут.', question]);
    await mentor.text('   ');
    expect(mentor.replies.at(-2)?.text).toBe('Ответ пустой. Напишите, пожалуйста, текст.');
    await mentor.text('ж'.repeat(250));
    expect(mentor.replies.at(-2)?.text).toMatch(/^Слишком длинно: 250 символов, а можно не больше 200\.$/);
    await mentor.text('Прочитать «Математическую шкатулку»');
    await mentor.text('01.03.2026');
    expect(mentor.replies.at(-2)?.text).toBe('Эта дата уже прошла. Выберите сегодняшний день или позже.');
    await mentor.text('когда-нибудь');
    expect(mentor.replies.at(-2)?.text).toMatch(/^Не понял дату/);
    await mentor.press('Без срока');
    await mentor.press('Пропустить');
    const tasks = await database.db.select().from(planTasks).where(eq(planTasks.pairId, pairId));
    expect(tasks.map((t) => [t.title, t.dueOn])).toEqual([['Прочитать «Математическую шкатулку»', null]]);
  });

  it('drops a step stopped with /cancel without saving half of it, and leaves no conversation behind after a finished one', async () => {
    const { mentor, people, pairId } = await newWorld(database, chat, clock);
    await mentor.command('plan');
    await mentor.press('➕ Мероприятие');
    await mentor.text('Сходить на день открытых дверей');
    await mentor.command('cancel');
    expect(await database.db.select().from(planTasks).where(eq(planTasks.pairId, pairId))).toEqual([]);
    await mentor.press('🎯 Добавить цель');
    await mentor.text('Выступить на школьной конференции');
    expect(mentor.replies.at(-2)?.text).toBe('Цель добавлена в план.');
    const [state] = await database.db.select().from(flowStates).where(eq(flowStates.personId, people.mentor.personId));
    expect(state).toMatchObject({ flow: null, data: {} });
  });

  it('refuses /plan to someone without a pair and a done button of another pair', async () => {
    const { pairId } = await newWorld(database, chat, clock);
    const other = await newWorld(database, chat, clock, { mentorName: 'Другой Наставник', menteeName: 'Другая Наставляемая' });
    const stranger = chat.user('nobody');
    await stranger.command('plan');
    expect(stranger.lastText()).toMatch(/^У вас пока нет сформированной пары/);
    await other.mentor.pressPayload(encodePayload('act', 'meetings', 'plan-goal', pairId));
    expect(other.mentor.lastText()).toBe('Эта кнопка относится к чужой паре — ничего не изменилось.');
    const goals = await database.db.select().from(pairGoals).where(eq(pairGoals.pairId, pairId));
    expect(goals).toEqual([]);
  });
});
