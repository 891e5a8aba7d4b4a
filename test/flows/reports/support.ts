// People in the places the report tests start from, through the real engine: a curator who joined,
// mentees and mentors who submitted the intake; queued messages delivered to the test chat; and
// reading back a file a reply carried.
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { OutboundMessage } from '../../../flows/events';
import type { App } from '../../../src/app';
import { sendDueOutbox } from '../../../src/jobs/outbox';
import type { ChatUser, createChat } from '../../support/chat';

export async function joinAsCurator(user: ChatUser, code: string): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
}

export async function submitMenteeIntake(user: ChatUser, code: string, name: string): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text(name);
  await user.press('Ученик или ученица школы');
  await user.text('7Б');
  await user.press('Олимпиады и конкурсы');
  await user.press('Готово ✔');
  await user.text('Химия, шахматы');
  await user.press('Пропустить');
  await user.text('Подготовиться к олимпиаде');
  await user.press('Онлайн');
  await user.press('Выходные');
  await user.press('Готово ✔');
  await user.press('✅ Всё верно, отправить');
  expect(user.lastText()).toMatch(/анкета отправлена/);
}

export async function submitMentorIntake(user: ChatUser, code: string, name: string): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text(name);
  await user.press('Педагог');
  await user.text('Школа № 5, учитель информатики');
  await user.press('Цифровые навыки');
  await user.press('Готово ✔');
  await user.text('12 лет в школе');
  await user.press('3');
  await user.press('Будни, вечером');
  await user.press('Готово ✔');
  await user.press('Учитель – ученик');
  await user.press('Готово ✔');
  await user.press('Подойдёт любой');
  await user.press('✅ Всё верно, отправить');
  expect(user.lastText()).toMatch(/анкета отправлена/);
}

/** Presses the scale buttons in order, then sends the summary. */
export async function answerScales(user: ChatUser, values: number[]): Promise<void> {
  for (const value of values) await user.press(String(value));
}

export function documentOf(reply: OutboundMessage | undefined): NonNullable<OutboundMessage['document']> {
  if (!reply?.document) throw new Error(`expected a document, got: ${reply?.text ?? '(nothing)'}`);
  return reply.document;
}

export async function openWorkbook(content: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  // exceljs's types predate Buffer's generic parameter.
  await book.xlsx.load(Buffer.from(content) as unknown as Parameters<typeof book.xlsx.load>[0]);
  return book;
}

/** A column of a sheet as strings, below the header. */
export function column(sheet: ExcelJS.Worksheet | undefined, index: number): string[] {
  const values: string[] = [];
  for (let r = 2; r <= (sheet?.rowCount ?? 0); r++) values.push(String(sheet?.getRow(r).getCell(index).value ?? ''));
  return values;
}

/** The scheduler's sending half: the outbox messages due at `now` land in the test chat, as Telegram would show them. */
export async function deliverOutbox(app: App, chat: ReturnType<typeof createChat>, now: Date = new Date()): Promise<number> {
  const result = await sendDueOutbox(
    app.database,
    {
      platform: 'telegram',
      async send(chatId, message) {
        chat.user(chatId).replies.push(message);
      },
    },
    { now, i18n: app.i18n, logger: app.logger },
  );
  if (result.failed + result.unreachable + result.deferred > 0) throw new Error(`an outbox message was not sent: ${JSON.stringify(result)}`);
  return result.sent;
}
