// Puts simulated people where a reliability test needs them (in the middle of the mentee intake),
// fast, through the real engine; the messenger under test then takes over from there.
import type { Button, UpdateHandler } from '../../../flows/events';
import type { Platform } from '../../../db/schema';
import { createChat, type ChatUser } from '../../support/chat';

/** The mentee intake as a student answers it, question by question: what is typed or pressed. */
export type Step = { text: string } | { press: string | RegExp };

/** Walks a new mentee from the invite code to the multi-choice "what do you want help with" question. */
export async function menteeAtRequests(user: ChatUser, code: string, name = 'Тестова Тестина'): Promise<Button[]> {
  await user.command('start', code);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text(name);
  await user.press('Ученик или ученица школы');
  await user.text('7Б');
  const question = user.last();
  if (!/С чем вам хотелось бы помощи/.test(question.text)) throw new Error(`not at the requests question: ${question.text}`);
  return (question.buttons ?? []).flat();
}

/** A chat on the engine that plays users of `platform` with the given ids. */
export function engineChat(handler: UpdateHandler, platform: Platform): { user(id: number | string, languageCode?: string): ChatUser } {
  const chat = createChat(handler, platform);
  return { user: (id, languageCode = 'ru') => chat.user(String(id), languageCode) };
}

/** A mentee who joins, consents and submits the whole intake (a school student, 7Б, olympiads). */
export async function completeMenteeIntake(user: ChatUser, code: string, name: string): Promise<void> {
  await menteeAtRequests(user, code, name);
  await user.press('Олимпиады и конкурсы');
  await user.press('Готово ✔');
  await user.text('Химия, шахматы');
  await user.press('Пропустить');
  await user.text('Подготовиться к олимпиаде');
  await user.press('Онлайн');
  await user.press('Выходные');
  await user.press('Готово ✔');
  await user.press('✅ Всё верно, отправить');
  if (!/анкета отправлена/.test(user.lastText())) throw new Error(`mentee intake not submitted: ${user.lastText()}`);
}

/** A mentor (a teacher) who joins, consents and submits the whole intake. */
export async function completeMentorIntake(user: ChatUser, code: string, name: string): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text(name);
  await user.press('Педагог');
  await user.text('Школа, учитель информатики');
  await user.press('Цифровые навыки');
  await user.press('Олимпиады и конкурсы');
  await user.press('Готово ✔');
  await user.text('12 лет в школе');
  await user.press('3');
  await user.press('Будни, вечером');
  await user.press('Готово ✔');
  await user.press('Учитель – ученик');
  await user.press('Готово ✔');
  await user.press('Подойдёт любой');
  await user.press('✅ Всё верно, отправить');
  if (!/анкета отправлена/.test(user.lastText())) throw new Error(`mentor intake not submitted: ${user.lastText()}`);
}

/** A curator who joins by a curator invite and consents. */
export async function joinAsCurator(user: ChatUser, code: string): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
}

export function buttonPayload(buttons: Button[], label: string | RegExp): string {
  const found = buttons.find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)));
  if (!found) throw new Error(`no button ${String(label)} among ${buttons.map((b) => b.label).join(', ')}`);
  return found.payload;
}

/** Resolves once `condition` holds, polling an asynchronous probe (state in PostgreSQL, a child's output). */
export async function eventually(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
