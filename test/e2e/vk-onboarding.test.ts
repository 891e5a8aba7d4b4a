// Onboarding end to end on VK: the real vk-io client and the adapter's Bots Long Poll loop talk to
// the fake VK API on loopback, the real engine runs on real PostgreSQL. One person uses a client
// with callback buttons, the other an older client with text buttons only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { seedProgramme, type SeededProgramme } from '../support/app';
import { startFakeVk, type FakeVk, type SentMessage } from '../support/fake-vk';
import { answersOf, consentsOf, flowStateOf, membershipsOf } from './support/records';
import { createUpdateTracker, type UpdateTracker } from './support/update-tracker';
import { startVkBot, vkPerson, type VkBotUnderTest, type VkPerson } from './support/vk';

let database: TestDatabase;
let vk: FakeVk;
let bot: VkBotUnderTest;
let tracker: UpdateTracker;
let seeded: SeededProgramme;
let nextUserId = 80_000;

const UNSUPPORTED = 'Я понимаю только текст и кнопки — стикеры, фото и файлы здесь не подойдут.';
const USE_BUTTONS = 'Здесь нужно выбрать вариант кнопкой.';
const STALE = 'Эта кнопка уже не действует. Вот актуальный вопрос.';
const INVALID = 'Эту кнопку я не понимаю. Воспользуйтесь кнопками из последнего сообщения.';
/** The text of the follow-up messages that carry the rest of a keyboard too big for one message. */
const CONTINUED = '…';

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  vk = await startFakeVk();
  tracker = createUpdateTracker();
  bot = await startVkBot(vk, database.url, tracker);
});

afterAll(async () => {
  await bot?.shutdown();
  await vk?.close();
  await database?.drop();
});

const newPerson = (callback: boolean): VkPerson => vkPerson(vk, () => bot, tracker, ++nextUserId, { callback });
const answers = (person: VkPerson) => answersOf(database.db, 'vk', person.id);
const labelsOf = (messages: SentMessage[]) => messages.flatMap((m) => m.buttons.flat().map((b) => b.label));
const typesOf = (messages: SentMessage[]) => [...new Set(messages.flatMap((m) => m.buttons.flat().map((b) => b.type)))];
/** The question's text without the continuation messages of a split keyboard. */
const withoutContinuations = (texts: string[]) => texts.filter((t) => t !== CONTINUED);

describe('a mentee with a VK client that shows callback buttons', () => {
  it('starts from the ref of a vk.me link, answers the intake with callback buttons and text, and every press is answered', async () => {
    const mentee = newPerson(true);

    // vk.me/<community>?ref=CODE: VK's start button sends {"command":"start"} and the ref.
    const joined = await mentee.text('Начать', { ref: seeded.menteeCode, refSource: 'invite', payload: { command: 'start' } });
    expect(joined.texts[0]).toBe('Приглашение в программу «Наставничество 2026» (Школа № 5) принято. Ваша роль — наставляемый.');
    expect(joined.texts[1]).toMatch(/^Перед началом нужно ваше согласие на обработку персональных данных/);
    expect(labelsOf(joined.sent)).toEqual(['Согласен(на)', 'Не согласен(на)']);
    expect(typesOf(joined.sent)).toEqual(['callback']);

    expect((await mentee.press('Согласен(на)')).texts).toEqual(['Вам уже исполнилось 14 лет?']);
    const adult = await mentee.press('Да, мне 14 или больше');
    expect(adult.texts[0]).toBe('Спасибо, согласие записано. Теперь небольшая анкета — она поможет подобрать пару.');
    expect(adult.texts[2]).toMatch(/^Вопрос 1 из 8\n\nДавайте знакомиться! Как вас зовут\?/);

    // Wrong answers: each is explained and the same question comes again.
    const nameQuestion = mentee.lastText();
    expect((await mentee.sticker()).texts).toEqual([UNSUPPORTED, nameQuestion]);
    expect((await mentee.photo()).texts).toEqual([UNSUPPORTED, nameQuestion]);
    const tooLong = await mentee.text('я'.repeat(5000));
    expect(tooLong.texts[0]).toMatch(/^Слишком длинно: 5\s000 символов, а можно не больше 100\.$/);
    expect(tooLong.texts[1]).toBe(nameQuestion);
    expect((await answers(mentee)).size).toBe(0);

    const roleQuestion = (await mentee.text('Петрова Ксения')).texts[0] ?? '';
    expect(roleQuestion).toMatch(/Вы учитесь в школе, в колледже или работаете педагогом\?/);
    expect((await mentee.text('ученица')).texts).toEqual([USE_BUTTONS, roleQuestion]);

    // Forged presses: a payload of another response, and one that is not even JSON.
    const forged = await mentee.pressCallback({ p: 'pick:999:0:0' });
    expect(forged.texts).toEqual([STALE, roleQuestion]);
    expect(JSON.parse(forged.eventAnswers[0]?.params.event_data ?? '{}')).toEqual({ type: 'show_snackbar', text: STALE });
    const garbage = await mentee.pressCallback('{"p":');
    expect(garbage.texts).toEqual([INVALID, roleQuestion]);
    expect(await answers(mentee)).toEqual(new Map([['full_name', { kind: 'text', text: 'Петрова Ксения' }]]));

    await mentee.press('Ученик или ученица школы');
    const requests = await mentee.text('10А');
    // Fourteen buttons do not fit one inline keyboard: the rest follow in "…" messages.
    expect(requests.texts).toEqual([expect.stringMatching(/^Вопрос 4 из 9\n\nС чем вам хотелось бы помощи/), CONTINUED, CONTINUED]);
    expect(labelsOf(requests.sent)).toEqual(expect.arrayContaining(['Профориентация, выбор профессии', 'Другое (напишу сам)', 'Готово ✔']));

    const ticked = await mentee.press('Профориентация, выбор профессии');
    expect(labelsOf(ticked.sent)).toContain('✅ Профориентация, выбор профессии');
    await mentee.press('Цифровые навыки');
    expect((await mentee.press('Готово ✔')).texts[0]).toMatch(/Чем вы увлекаетесь\?/);

    // /cancel keeps the answers; "Начать" resumes at the first unanswered question.
    expect((await mentee.text('/cancel')).texts).toEqual([
      'Хорошо, остановились. Всё, что вы уже ответили, сохранено. Чтобы продолжить, отправьте /start.',
    ]);
    const resumed = await mentee.text('Начать');
    expect(resumed.texts[0]).toBe('Продолжим анкету с того места, где вы остановились.');
    expect(resumed.texts[1]).toMatch(/^Вопрос 5 из 9\n\nЧем вы увлекаетесь\?/);

    await mentee.text('Программирование, баскетбол');
    await mentee.press('Пропустить');
    await mentee.text('Выбрать вуз и профессию');
    const freeTime = await mentee.press('Очно');
    expect(freeTime.texts).toEqual([expect.stringMatching(/Когда у вас обычно есть время на встречи\?/)]);

    // A keyboard that fits one message is ticked in place.
    const weekend = await mentee.press('Выходные');
    expect(weekend.sent).toEqual([]);
    expect(weekend.edited.map((m) => m.id)).toEqual([freeTime.sent[0]?.id]);
    expect(labelsOf(weekend.edited)).toContain('✅ Выходные');
    expect(vk.callsOf('messages.edit').some((c) => c.params.peer_id === String(mentee.id) && c.errorCode === undefined)).toBe(true);

    const summary = await mentee.press('Готово ✔');
    expect(withoutContinuations(summary.texts)).toHaveLength(1);
    expect(summary.texts[0]).toMatch(/^Проверьте анкету:/);
    expect(summary.texts[0]).toContain('• С чем нужна помощь: Профориентация, выбор профессии, Цифровые навыки');
    expect((await mentee.press('✅ Всё верно, отправить')).texts).toEqual([
      'Готово, анкета отправлена! Куратор программы подберёт вам пару, и я сразу сообщу.',
    ]);

    expect(await answers(mentee)).toEqual(
      new Map<string, unknown>([
        ['full_name', { kind: 'text', text: 'Петрова Ксения' }],
        ['role_group', { kind: 'single', option: 'student' }],
        ['grade', { kind: 'text', text: '10А' }],
        ['requests', { kind: 'multi', options: ['career', 'digital'] }],
        ['interests', { kind: 'text', text: 'Программирование, баскетбол' }],
        ['difficulties', { kind: 'skipped' }],
        ['goals', { kind: 'text', text: 'Выбрать вуз и профессию' }],
        ['format', { kind: 'single', option: 'in_person' }],
        ['free_time', { kind: 'multi', options: ['weekend'] }],
      ]),
    );
    expect(await membershipsOf(database.db, 'vk', mentee.id)).toMatchObject([{ role: 'mentee', status: 'questionnaire_done', programmeId: seeded.programmeId }]);
    expect(await consentsOf(database.db, 'vk', mentee.id)).toMatchObject([{ kind: 'personal_data', textVersion: '2026-11-v1' }]);
    // Every callback press was answered exactly once (checked per press), and no event was handled twice.
    const eventAnswers = vk.callsOf('messages.sendMessageEventAnswer').map((c) => c.params.event_id);
    expect(new Set(eventAnswers).size).toBe(eventAnswers.length);
    expect([...tracker.counts().values()].every((n) => n === 1)).toBe(true);
  });
});

describe('a mentor with a VK client that has text buttons only', () => {
  it('starts from a pasted vk.me link, answers the mentor intake with text buttons, survives forged payloads and /cancel, and submits', async () => {
    const mentor = newPerson(false);

    const joined = await mentor.text(`https://vk.me/club${vk.groupId}?ref=${seeded.mentorCode}`);
    expect(joined.texts[0]).toBe('Приглашение в программу «Наставничество 2026» (Школа № 5) принято. Ваша роль — наставник.');
    expect(typesOf(joined.sent)).toEqual(['text']);
    expect(joined.sent[1]?.buttons.flat().map((b) => b.p)).toEqual(['consent:yes', 'consent:no']);

    await mentor.press('Согласен(на)');
    await mentor.press('Да, мне 14 или больше');
    const roleQuestion = (await mentor.text('Соколов Дмитрий Андреевич')).texts[0] ?? '';
    expect(roleQuestion).toMatch(/Кем вы приходите в программу\?/);

    // A message whose payload was forged or is not JSON changes nothing.
    const forged = await mentor.text('Педагог', { payload: { p: 'pick:999:0:0' } });
    expect(withoutContinuations(forged.texts)).toEqual([STALE, roleQuestion]);
    const garbage = await mentor.text('Педагог', { payload: 'not json at all' });
    expect(withoutContinuations(garbage.texts)).toEqual([INVALID, roleQuestion]);
    expect((await answers(mentor)).has('role_group')).toBe(false);

    expect((await mentor.press('Специалист предприятия')).texts[0]).toMatch(/Где вы работаете или учитесь/);
    await mentor.text('Завод «Прогресс», инженер-конструктор');
    await mentor.press('Цифровые навыки');
    // Without callback buttons a tick cannot edit: the question comes again with the tick.
    const ticked = await mentor.press('Профориентация, выбор профессии');
    expect(ticked.texts[0]).toMatch(/В чём вы можете помочь наставляемому\?/);
    expect(labelsOf(ticked.sent)).toEqual(expect.arrayContaining(['✅ Цифровые навыки', '✅ Профориентация, выбор профессии']));
    await mentor.press('Готово ✔');
    const capacityQuestion = (await mentor.text('15 лет на производстве, руковожу практикой студентов')).texts[0] ?? '';
    expect(capacityQuestion).toMatch(/Скольких наставляемых вы готовы вести одновременно\?/);

    expect(withoutContinuations((await mentor.text('11')).texts)).toEqual(['Число должно быть от 1 до 10.', capacityQuestion]);
    expect(withoutContinuations((await mentor.text('-2')).texts)).toEqual(['Число должно быть от 1 до 10.', capacityQuestion]);

    expect((await mentor.text('/cancel')).texts).toEqual([
      'Хорошо, остановились. Всё, что вы уже ответили, сохранено. Чтобы продолжить, отправьте /start.',
    ]);
    const resumed = await mentor.text('Начать');
    expect(resumed.texts[0]).toBe('Продолжим анкету с того места, где вы остановились.');
    expect(resumed.texts[1]).toBe(capacityQuestion);

    await mentor.press('2');
    await mentor.press('Будни, днём после уроков');
    await mentor.press('Готово ✔');
    await mentor.press('Работодатель – ученик');
    await mentor.press('Готово ✔');
    const summary = await mentor.press('Онлайн');
    expect(summary.texts[0]).toMatch(/^Проверьте анкету:/);
    expect(summary.texts[0]).toContain('• Сколько наставляемых: 2');
    expect((await mentor.press('✅ Всё верно, отправить')).texts[0]).toMatch(/анкета отправлена/);

    expect(await answers(mentor)).toEqual(
      new Map<string, unknown>([
        ['full_name', { kind: 'text', text: 'Соколов Дмитрий Андреевич' }],
        ['role_group', { kind: 'single', option: 'employer' }],
        ['organisation', { kind: 'text', text: 'Завод «Прогресс», инженер-конструктор' }],
        ['competences', { kind: 'multi', options: ['digital', 'career'] }],
        ['experience', { kind: 'text', text: '15 лет на производстве, руковожу практикой студентов' }],
        ['capacity', { kind: 'integer', value: 2 }],
        ['free_time', { kind: 'multi', options: ['weekday_afternoon'] }],
        ['forms', { kind: 'multi', options: ['employer_student'] }],
        ['format', { kind: 'single', option: 'online' }],
      ]),
    );
    expect(await membershipsOf(database.db, 'vk', mentor.id)).toMatchObject([{ role: 'mentor', status: 'questionnaire_done' }]);
    expect((await flowStateOf(database.db, 'vk', mentor.id))?.flow).toBeNull();
    // A client without callback buttons never produces message events to answer.
    expect(vk.callsOf('messages.sendMessageEventAnswer').filter((c) => c.params.user_id === String(mentor.id))).toEqual([]);
  });
});
