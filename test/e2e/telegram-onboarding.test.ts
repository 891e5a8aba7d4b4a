// Onboarding end to end on Telegram: the real grammY bot and runner long-poll the fake Bot API on
// loopback, the real engine runs on real PostgreSQL. The tests act as people in the chat and check
// what those people see, then what PostgreSQL holds.
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { seedProgramme, type SeededProgramme } from '../support/app';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { answersOf, consentsOf, flowStateOf, membershipsOf, personOf, responsesOf } from './support/records';
import { startTelegramBot, telegramPerson, textMessageUpdate, type TelegramBotUnderTest, type TelegramPerson } from './support/telegram';
import { createUpdateTracker, type UpdateTracker } from './support/update-tracker';

let database: TestDatabase;
let tg: FakeTelegram;
let bot: TelegramBotUnderTest;
let tracker: UpdateTracker;
let seeded: SeededProgramme;
let nextUserId = 70_000;

const UNSUPPORTED = 'Я понимаю только текст и кнопки — стикеры, фото и файлы здесь не подойдут.';
const USE_BUTTONS = 'Здесь нужно выбрать вариант кнопкой.';
const STALE = 'Эта кнопка уже не действует. Вот актуальный вопрос.';

beforeAll(async () => {
  database = await createTestDatabase();
  seeded = await seedProgramme(database.db);
  tg = await startFakeTelegram();
  tracker = createUpdateTracker();
  bot = await startTelegramBot(tg, database.url, tracker);
});

afterAll(async () => {
  await bot?.shutdown();
  await tg?.close();
  await database?.drop();
});

const newPerson = (): TelegramPerson => telegramPerson(tg, tracker, ++nextUserId);
const answers = (person: TelegramPerson) => answersOf(database.db, 'telegram', person.id);
/** Polls an asynchronous condition (state outside the fake, such as PostgreSQL's lock waits). */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const labelsOf = (message: { buttons: { text: string }[][] } | undefined) => message?.buttons.flat().map((b) => b.text) ?? [];

/** Opens the mentee invite link, consents and says they are 14 or older. */
async function joinAsMentee(person: TelegramPerson): Promise<void> {
  await person.command('start', seeded.menteeCode);
  await person.press('Согласен(на)');
  const adult = await person.press('Да, мне 14 или больше');
  expect(adult.texts.at(-1)).toMatch(/Как вас зовут/);
}

describe('a mentee joining by a Telegram deep link', () => {
  it('consents, answers every question by buttons and text, and submits: answers, consent version and status are in PostgreSQL', async () => {
    const mentee = newPerson();

    const joined = await mentee.command('start', seeded.menteeCode);
    expect(joined.texts[0]).toBe('Приглашение в программу «Наставничество 2026» (Школа № 5) принято. Ваша роль — наставляемый.');
    expect(joined.texts[1]).toMatch(/^Перед началом нужно ваше согласие на обработку персональных данных/);
    expect(joined.texts[1]).toMatch(/Кто обрабатывает: Школа № 5 — для программы наставничества «Наставничество 2026»/);
    expect(labelsOf(joined.sent[1])).toEqual(['Согласен(на)', 'Не согласен(на)']);

    expect((await mentee.press('Согласен(на)')).texts).toEqual(['Вам уже исполнилось 14 лет?']);
    const adult = await mentee.press('Да, мне 14 или больше');
    expect(adult.texts).toHaveLength(3);
    expect(adult.texts[0]).toBe('Спасибо, согласие записано. Теперь небольшая анкета — она поможет подобрать пару.');
    expect(adult.texts[1]).toMatch(/^Анкета «Знакомство: наставляемый»/);
    expect(adult.texts[2]).toMatch(/^Вопрос 1 из 8\n\nДавайте знакомиться! Как вас зовут\?[\s\S]*до 100 символов/);

    const named = await mentee.text('Иванова Мария');
    expect(named.texts).toHaveLength(1);
    expect(named.texts[0]).toMatch(/^Вопрос 2 из 8\n\nВы учитесь в школе, в колледже или работаете педагогом\?/);
    expect(labelsOf(named.sent[0])).toEqual(['Ученик или ученица школы', 'Педагог', 'Студент(ка) колледжа', '⬅️ Назад']);

    expect((await mentee.press('Ученик или ученица школы')).texts[0]).toMatch(/^Вопрос 3 из 9\n\nВ каком вы классе/);
    const requests = await mentee.text('7Б');
    expect(requests.texts[0]).toMatch(/^Вопрос 4 из 9\n\nС чем вам хотелось бы помощи наставника\?/);
    const requestsMessage = requests.sent[0];
    expect(labelsOf(requestsMessage)).toEqual(expect.arrayContaining(['Олимпиады и конкурсы', 'Другое (напишу сам)', 'Готово ✔']));

    // Ticks change the question's own buttons in place: no new message.
    const ticked = await mentee.press('Олимпиады и конкурсы');
    expect(ticked.sent).toEqual([]);
    expect(ticked.edited.map((m) => m.message_id)).toEqual([requestsMessage?.message_id]);
    expect(labelsOf(ticked.edited[0])).toContain('✅ Олимпиады и конкурсы');
    await mentee.press('Проекты и исследования');
    await mentee.press('Спорт');
    const unticked = await mentee.press('✅ Спорт');
    expect(unticked.sent).toEqual([]);
    expect(labelsOf(unticked.edited[0]).filter((l) => l.startsWith('✅'))).toEqual(['✅ Олимпиады и конкурсы', '✅ Проекты и исследования']);
    expect(tg.calls.filter((c) => c.method === 'editMessageText')).not.toHaveLength(0);

    expect((await mentee.press('Готово ✔')).texts[0]).toMatch(/Чем вы увлекаетесь\?[\s\S]*до 300 символов/);
    const difficulties = await mentee.text('Химия, шахматы');
    expect(labelsOf(difficulties.sent[0])).toContain('Пропустить');
    expect((await mentee.press('Пропустить')).texts[0]).toMatch(/Чего вы хотите добиться вместе с наставником\?/);
    expect((await mentee.text('Подготовиться к региональной олимпиаде')).texts[0]).toMatch(/Как вам удобнее встречаться/);
    expect((await mentee.press('Онлайн')).texts[0]).toMatch(/Когда у вас обычно есть время на встречи\?/);
    const weekend = await mentee.press('Выходные');
    expect(weekend.sent).toEqual([]);
    expect(labelsOf(weekend.edited[0])).toContain('✅ Выходные');

    const summary = await mentee.press('Готово ✔');
    expect(summary.texts).toHaveLength(1);
    expect(summary.texts[0]).toMatch(/^Проверьте анкету:/);
    expect(summary.texts[0]).toContain('• Фамилия и имя: Иванова Мария');
    expect(summary.texts[0]).toContain('• С чем нужна помощь: Олимпиады и конкурсы, Проекты и исследования');
    expect(summary.texts[0]).toContain('• Трудности: пропущено');
    expect(labelsOf(summary.sent[0]).at(-1)).toBe('✅ Всё верно, отправить');

    const submitted = await mentee.press('✅ Всё верно, отправить');
    expect(submitted.texts).toEqual(['Готово, анкета отправлена! Куратор программы подберёт вам пару, и я сразу сообщу.']);

    expect(await answers(mentee)).toEqual(
      new Map<string, unknown>([
        ['full_name', { kind: 'text', text: 'Иванова Мария' }],
        ['role_group', { kind: 'single', option: 'student' }],
        ['grade', { kind: 'text', text: '7Б' }],
        ['requests', { kind: 'multi', options: ['olympiads', 'projects'] }],
        ['interests', { kind: 'text', text: 'Химия, шахматы' }],
        ['difficulties', { kind: 'skipped' }],
        ['goals', { kind: 'text', text: 'Подготовиться к региональной олимпиаде' }],
        ['format', { kind: 'single', option: 'online' }],
        ['free_time', { kind: 'multi', options: ['weekend'] }],
      ]),
    );
    expect((await personOf(database.db, 'telegram', mentee.id))?.fullName).toBe('Иванова Мария');
    expect(await membershipsOf(database.db, 'telegram', mentee.id)).toMatchObject([
      { programmeId: seeded.programmeId, role: 'mentee', status: 'questionnaire_done', inviteCode: seeded.menteeCode },
    ]);
    const consents = await consentsOf(database.db, 'telegram', mentee.id);
    expect(consents).toMatchObject([{ programmeId: seeded.programmeId, kind: 'personal_data', textVersion: '2026-11-v1', withdrawnAt: null }]);
    expect(consents[0]?.givenAt).toBeInstanceOf(Date);
    expect(await responsesOf(database.db, 'telegram', mentee.id)).toMatchObject([{ status: 'submitted' }]);
    expect((await flowStateOf(database.db, 'telegram', mentee.id))?.flow).toBeNull();
    // Every update was handled once, and every callback query was answered once.
    expect(mentee.updateIds.map((id) => tracker.count(String(id)))).toEqual(mentee.updateIds.map(() => 1));
    const answered = tg.calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.params.callback_query_id);
    expect(new Set(answered).size).toBe(answered.length);
  });

  it('is told what is expected after a sticker, a photo, an over-long text or a typed answer to a button question, asked the same question again, and nothing wrong is stored', async () => {
    const mentee = newPerson();
    await mentee.command('start', seeded.menteeCode);
    const consentQuestion = mentee.lastText();
    expect((await mentee.sticker()).texts).toEqual([UNSUPPORTED, consentQuestion]);
    expect((await mentee.text('да, согласна')).texts).toEqual([USE_BUTTONS, consentQuestion]);
    await mentee.press('Согласен(на)');
    expect((await mentee.text('мне 15')).texts).toEqual([USE_BUTTONS, 'Вам уже исполнилось 14 лет?']);
    await mentee.press('Да, мне 14 или больше');

    const nameQuestion = mentee.lastText();
    expect((await mentee.sticker()).texts).toEqual([UNSUPPORTED, nameQuestion]);
    expect((await mentee.photo()).texts).toEqual([UNSUPPORTED, nameQuestion]);
    const tooLong = await mentee.text('я'.repeat(5000));
    expect(tooLong.texts).toHaveLength(2);
    expect(tooLong.texts[0]).toMatch(/^Слишком длинно: 5\s000 символов, а можно не больше 100\.$/);
    expect(tooLong.texts[1]).toBe(nameQuestion);
    expect((await answers(mentee)).size).toBe(0);

    const roleQuestion = (await mentee.text('Сидоров Пётр')).texts[0];
    expect((await mentee.text('школьник')).texts).toEqual([USE_BUTTONS, roleQuestion]);
    await mentee.press('Ученик или ученица школы');
    const requestsQuestion = (await mentee.text('8А')).texts[0];
    expect((await mentee.text('олимпиады')).texts).toEqual(['Отметьте варианты кнопками и нажмите «Готово».', requestsQuestion]);
    expect((await mentee.press('Готово ✔')).texts).toEqual(['Выберите хотя бы 1 вариант.', requestsQuestion]);
    await mentee.press('Олимпиады и конкурсы');
    const interestsQuestion = (await mentee.press('Готово ✔')).texts[0];
    const tooLongInterests = await mentee.text('ж'.repeat(5000));
    expect(tooLongInterests.texts[0]).toMatch(/^Слишком длинно: 5\s000 символов, а можно не больше 300\.$/);
    expect(tooLongInterests.texts[1]).toBe(interestsQuestion);

    expect(await answers(mentee)).toEqual(
      new Map<string, unknown>([
        ['full_name', { kind: 'text', text: 'Сидоров Пётр' }],
        ['role_group', { kind: 'single', option: 'student' }],
        ['grade', { kind: 'text', text: '8А' }],
        ['requests', { kind: 'multi', options: ['olympiads'] }],
      ]),
    );
  });

  it('keeps the answers and the ticked options across /cancel, and /start resumes at the first unanswered question', async () => {
    const mentee = newPerson();
    await joinAsMentee(mentee);
    await mentee.text('Кузнецова Анна');
    expect((await mentee.press('Педагог')).texts[0]).toMatch(/Какая у вас должность/);
    await mentee.text('Учитель математики, 5–7 классы');
    await mentee.press('Педагогам: методика и уроки');

    const cancelled = await mentee.command('cancel');
    expect(cancelled.texts).toEqual(['Хорошо, остановились. Всё, что вы уже ответили, сохранено. Чтобы продолжить, отправьте /start.']);
    expect((await mentee.text('а что дальше?')).texts).toEqual([
      'Я пока не знаю, к какой программе вы относитесь. Пришлите код или ссылку-приглашение от куратора.',
    ]);

    const resumed = await mentee.command('start');
    expect(resumed.texts).toHaveLength(2);
    expect(resumed.texts[0]).toBe('Продолжим анкету с того места, где вы остановились.');
    expect(resumed.texts[1]).toMatch(/^Вопрос 4 из 9\n\nС чем вам хотелось бы помощи наставника\?/);
    expect(labelsOf(resumed.sent[1])).toContain('✅ Педагогам: методика и уроки');

    expect((await mentee.press('Готово ✔')).texts[0]).toMatch(/Чем вы увлекаетесь/);
    expect(await answers(mentee)).toEqual(
      new Map<string, unknown>([
        ['full_name', { kind: 'text', text: 'Кузнецова Анна' }],
        ['role_group', { kind: 'single', option: 'teacher' }],
        ['position', { kind: 'text', text: 'Учитель математики, 5–7 классы' }],
        ['requests', { kind: 'multi', options: ['teaching'] }],
      ]),
    );
    expect(await membershipsOf(database.db, 'telegram', mentee.id)).toMatchObject([{ role: 'mentee', status: 'consented' }]);
  });

  it('is told the button is no longer active and gets the paused question back after pressing a button of it', async () => {
    const mentee = newPerson();
    await joinAsMentee(mentee);
    await mentee.text('Фёдоров Глеб');
    await mentee.command('cancel');

    const pressed = await mentee.press('Педагог');

    expect(pressed.texts[0]).toBe('Эта кнопка уже не действует.');
    expect(pressed.texts.join('\n')).toMatch(/Вы учитесь в школе, в колледже или работаете педагогом\?/);
  });
});

describe('a mentor joining by a Telegram deep link', () => {
  it('completes the mentor intake, and a capacity out of range or not a number is refused and asked again', async () => {
    const mentor = newPerson();
    const joined = await mentor.command('start', seeded.mentorCode);
    expect(joined.texts[0]).toBe('Приглашение в программу «Наставничество 2026» (Школа № 5) принято. Ваша роль — наставник.');
    await mentor.press('Согласен(на)');
    const adult = await mentor.press('Да, мне 14 или больше');
    expect(adult.texts[1]).toMatch(/^Анкета «Знакомство: наставник»/);

    await mentor.text('Смирнов Алексей Викторович');
    expect((await mentor.press('Педагог')).texts[0]).toMatch(/Где вы работаете или учитесь/);
    expect((await mentor.text('Школа № 5, учитель информатики')).texts[0]).toMatch(/В чём вы можете помочь наставляемому\?/);
    await mentor.press('Цифровые навыки');
    await mentor.press('Проекты и исследования');
    expect((await mentor.press('Готово ✔')).texts[0]).toMatch(/Расскажите о своём опыте[\s\S]*до 500 символов/);
    expect((await mentor.text('о'.repeat(5000))).texts[0]).toMatch(/а можно не больше 500\.$/);
    const capacity = await mentor.text('12 лет в школе, вёл кружок робототехники');
    const capacityQuestion = capacity.texts[0];
    expect(capacityQuestion).toMatch(/Скольких наставляемых вы готовы вести одновременно\?[\s\S]*Напишите число от 1 до 10 или нажмите кнопку\./);
    expect(labelsOf(capacity.sent[0])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '⬅️ Назад']);

    expect((await mentor.text('11')).texts).toEqual(['Число должно быть от 1 до 10.', capacityQuestion]);
    expect((await mentor.text('0')).texts).toEqual(['Число должно быть от 1 до 10.', capacityQuestion]);
    expect((await mentor.text('три')).texts).toEqual(['Нужно число от 1 до 10.', capacityQuestion]);
    expect((await answers(mentor)).has('capacity')).toBe(false);

    expect((await mentor.press('3')).texts[0]).toMatch(/Когда у вас обычно есть время на встречи\?/);
    await mentor.press('Будни, вечером');
    expect((await mentor.press('Готово ✔')).texts[0]).toMatch(/В каких формах наставничества/);
    await mentor.press('Учитель – ученик');
    expect((await mentor.press('Готово ✔')).texts[0]).toMatch(/Как вам удобнее встречаться с наставляемыми\?/);
    const summary = await mentor.press('Подойдёт любой');
    expect(summary.texts[0]).toMatch(/^Проверьте анкету:/);
    expect(summary.texts[0]).toContain('• Сколько наставляемых: 3');
    expect((await mentor.press('✅ Всё верно, отправить')).texts[0]).toMatch(/анкета отправлена/);

    expect(await answers(mentor)).toEqual(
      new Map<string, unknown>([
        ['full_name', { kind: 'text', text: 'Смирнов Алексей Викторович' }],
        ['role_group', { kind: 'single', option: 'teacher' }],
        ['organisation', { kind: 'text', text: 'Школа № 5, учитель информатики' }],
        ['competences', { kind: 'multi', options: ['digital', 'projects'] }],
        ['experience', { kind: 'text', text: '12 лет в школе, вёл кружок робототехники' }],
        ['capacity', { kind: 'integer', value: 3 }],
        ['free_time', { kind: 'multi', options: ['weekday_evening'] }],
        ['forms', { kind: 'multi', options: ['teacher_student'] }],
        ['format', { kind: 'single', option: 'any' }],
      ]),
    );
    expect(await membershipsOf(database.db, 'telegram', mentor.id)).toMatchObject([{ role: 'mentor', status: 'questionnaire_done' }]);
    expect(await consentsOf(database.db, 'telegram', mentor.id)).toMatchObject([{ kind: 'personal_data', textVersion: '2026-11-v1' }]);
  });
});

describe('a restart of the bot', () => {
  it('continues where the person was on a new application and new database connections: no answer lost, no update handled twice', async () => {
    const mentee = newPerson();
    await joinAsMentee(mentee);
    await mentee.text('Орлов Илья');
    await mentee.press('Ученик или ученица школы');
    await mentee.text('9В');
    await mentee.press('Спорт');

    // The press goes out and the bot stops at once: this instance handles it or leaves it for the next.
    const done = mentee.pressNow('Готово ✔');
    await bot.shutdown();
    const typedWhileDown = mentee.sendTextNow('Футбол и робототехника');
    bot = await startTelegramBot(tg, database.url, tracker);
    await tracker.waitFor(String(done));
    await tracker.waitFor(String(typedWhileDown));

    const texts = mentee.chat().map((m) => m.text ?? '');
    expect(texts.filter((t) => /Чем вы увлекаетесь/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /Что сейчас даётся труднее всего/.test(t))).toHaveLength(1);
    expect(mentee.lastText()).toMatch(/Что сейчас даётся труднее всего/);
    expect((await answers(mentee)).get('requests')).toEqual({ kind: 'multi', options: ['sport'] });
    expect((await answers(mentee)).get('interests')).toEqual({ kind: 'text', text: 'Футбол и робототехника' });

    await mentee.press('Пропустить');
    await mentee.text('Попасть в сборную школы');
    await mentee.press('Очно');
    await mentee.press('Будни, днём после уроков');
    await mentee.press('Готово ✔');
    expect((await mentee.press('✅ Всё верно, отправить')).texts[0]).toMatch(/анкета отправлена/);

    expect([...(await answers(mentee)).keys()].sort()).toEqual(
      ['difficulties', 'format', 'free_time', 'full_name', 'goals', 'grade', 'interests', 'requests', 'role_group'].sort(),
    );
    expect(await membershipsOf(database.db, 'telegram', mentee.id)).toMatchObject([{ status: 'questionnaire_done' }]);
    expect(mentee.updateIds.map((id) => tracker.count(String(id)))).toEqual(mentee.updateIds.map(() => 1));
  });

  it('finishes and confirms an answer that is being handled when it stops, and the new instance does not handle it again', async () => {
    const mentee = newPerson();
    await joinAsMentee(mentee);
    const personId = (await personOf(database.db, 'telegram', mentee.id))?.id;
    // Another session holds the person's row, so the bot's handling of the next answer waits inside the engine.
    const blocker = postgres(database.url, { max: 2, onnotice: () => undefined });
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let rowLocked = (): void => {};
    const locked = new Promise<void>((resolve) => {
      rowLocked = resolve;
    });
    const holding = blocker.begin(async (tx) => {
      await tx`select id from people where id = ${personId ?? -1} for update`;
      rowLocked();
      await released;
    });
    try {
      await locked;
      const answer = mentee.sendTextNow('Лебедева Вера');
      await until(async () => {
        const [row] = await blocker<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        return (row?.n ?? 0) > 0;
      }, 'the bot to wait for the row lock');

      const stopping = bot.shutdown();
      release();
      await holding;
      await stopping;
      // Stopped: the answer was handled by the old instance, its reply sent.
      expect(tracker.count(String(answer))).toBe(1);
      expect(mentee.lastText()).toMatch(/^Вопрос 2 из 8/);

      bot = await startTelegramBot(tg, database.url, tracker);
      expect((await mentee.press('Педагог')).texts[0]).toMatch(/Какая у вас должность/);
      expect(tracker.count(String(answer))).toBe(1);
      expect(mentee.chat().filter((m) => /^Вопрос 2 из 8/.test(m.text ?? ''))).toHaveLength(1);
      expect((await answers(mentee)).get('full_name')).toEqual({ kind: 'text', text: 'Лебедева Вера' });
    } finally {
      release();
      await blocker.end();
    }
  });
});

describe('an update delivered twice', () => {
  it('is handled once when Telegram delivers it again after a restart', async () => {
    const mentee = newPerson();
    await joinAsMentee(mentee);
    const message = textMessageUpdate(mentee.id, 'Белова Ольга', 900_001);
    const first = await mentee.act(() => tg.injectUpdate(message));
    expect(first.texts[0]).toMatch(/^Вопрос 2 из 8/);
    const chatBefore = mentee.chat();

    // As if the confirmation never reached Telegram: the same update comes again after a restart.
    await bot.shutdown();
    tg.injectUpdate({ ...message, update_id: first.updateId });
    bot = await startTelegramBot(tg, database.url, tracker);
    await tracker.waitFor(String(first.updateId), 2);

    expect(mentee.chat()).toEqual(chatBefore);
    expect((await answers(mentee)).get('full_name')).toEqual({ kind: 'text', text: 'Белова Ольга' });
    expect((await mentee.press('Педагог')).texts[0]).toMatch(/Какая у вас должность/);
  });

  it('is handled once when both copies arrive in one batch', async () => {
    const mentee = newPerson();
    await joinAsMentee(mentee);
    const before = mentee.chat().length;

    await bot.shutdown();
    const message = textMessageUpdate(mentee.id, 'Зайцев Кирилл', 900_002);
    const updateId = tg.injectUpdate(message);
    tg.injectUpdate({ ...message, update_id: updateId });
    bot = await startTelegramBot(tg, database.url, tracker);
    await tracker.waitFor(String(updateId), 2);

    const sent = mentee.chat().slice(before);
    expect(sent.map((m) => m.text)).toHaveLength(1);
    expect(sent[0]?.text).toMatch(/^Вопрос 2 из 8/);
    expect((await answers(mentee)).get('full_name')).toEqual({ kind: 'text', text: 'Зайцев Кирилл' });
  });
});

describe('/start without a valid invite', () => {
  it('explains what the bot is and how to join when /start comes without a code', async () => {
    const stranger = newPerson();
    const seen = await stranger.command('start');
    expect(seen.texts).toHaveLength(1);
    expect(seen.texts[0]).toMatch(/^Здравствуйте! Я Наставник — помощник программы наставничества/);
    expect(seen.texts[0]).toMatch(/нужна ссылка-приглашение или код от куратора программы/);
  });

  it('says an unknown code was not found and enrols no one', async () => {
    const stranger = newPerson();
    const seen = await stranger.command('start', 'ZZZZZZZZ');
    expect(seen.texts).toEqual(['Такой код приглашения не найден. Проверьте его или попросите новую ссылку у куратора.']);
    expect(await membershipsOf(database.db, 'telegram', stranger.id)).toEqual([]);
    expect(await consentsOf(database.db, 'telegram', stranger.id)).toEqual([]);
  });
});
