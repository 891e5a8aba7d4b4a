// People for the curator tests, put in place through the real engine: a curator who joined by a
// curator invite, mentees and mentors who submitted the whole intake, a mentor marked ready.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { auditLog, identities, memberships } from '../../../db/schema';
import { setMentorReadiness } from '../../../src/curators/participants';
import type { ChatUser } from '../../support/chat';

export async function joinAsCurator(user: ChatUser, code: string): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
}

export interface MenteeAnswers {
  request?: string;
  goal?: string;
  format?: 'Онлайн' | 'Очно' | 'Подойдёт любой';
}

/** A school student who submits the mentee intake (olympiads, weekends, online by default). */
export async function completeMentee(user: ChatUser, code: string, name: string, answers: MenteeAnswers = {}): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text(name);
  await user.press('Ученик или ученица школы');
  await user.text('8 «А»');
  await user.press(answers.request ?? 'Олимпиады и конкурсы');
  await user.press('Готово ✔');
  await user.text('Шахматы, химия');
  await user.press('Пропустить');
  await user.text(answers.goal ?? 'Победить на олимпиаде по математике');
  await user.press(answers.format ?? 'Онлайн');
  await user.press('Выходные');
  await user.press('Готово ✔');
  await user.press('✅ Всё верно, отправить');
  if (!/анкета отправлена/.test(user.lastText())) throw new Error(`mentee intake not submitted: ${user.lastText()}`);
}

/** A teacher who submits the mentor intake, taking `capacity` mentees (weekends, teacher–student, any format). */
export async function completeMentor(user: ChatUser, code: string, name: string, capacity = 2): Promise<void> {
  await user.command('start', code);
  await user.press('Согласен(на)');
  await user.press('Да, мне 14 или больше');
  await user.text(name);
  await user.press('Педагог');
  await user.text('Школа № 5, учитель математики');
  await user.press('Олимпиады и конкурсы');
  await user.press('Готово ✔');
  await user.text('15 лет, готовлю олимпиадников');
  await user.text(String(capacity));
  await user.press('Выходные');
  await user.press('Готово ✔');
  await user.press('Учитель – ученик');
  await user.press('Готово ✔');
  await user.press('Подойдёт любой');
  await user.press('✅ Всё верно, отправить');
  if (!/анкета отправлена/.test(user.lastText())) throw new Error(`mentor intake not submitted: ${user.lastText()}`);
}

/** The membership of the chat user (by their Telegram-like external id) in the programme. */
export async function membershipOf(db: Executor, externalId: string, programmeId: number) {
  const [row] = await db
    .select({ membership: memberships })
    .from(identities)
    .innerJoin(memberships, eq(memberships.personId, identities.personId))
    .where(and(eq(identities.externalId, externalId), eq(memberships.programmeId, programmeId)))
    .orderBy(asc(memberships.id));
  if (!row) throw new Error(`no membership of ${externalId} in programme ${programmeId}`);
  return row.membership;
}

export async function personIdOf(db: Executor, externalId: string): Promise<number> {
  const [row] = await db.select({ personId: identities.personId }).from(identities).where(eq(identities.externalId, externalId));
  if (!row) throw new Error(`nobody with the external id ${externalId}`);
  return row.personId;
}

/** The curator (by external id) marks the mentor (by external id) ready. */
export async function markReady(db: Executor, externalId: string, programmeId: number, curatorExternalId: string): Promise<void> {
  const membership = await membershipOf(db, externalId, programmeId);
  const actorPersonId = await personIdOf(db, curatorExternalId);
  await setMentorReadiness(db, { membershipId: membership.id, readiness: 'ready', actorPersonId, programmeId, now: new Date() });
}

/** The newest message the user got that matches. */
export function textOf(user: ChatUser, pattern: RegExp): string {
  return [...user.replies].reverse().find((r) => pattern.test(r.text))?.text ?? '';
}

/** The newest message the user got that matches, with its buttons. */
export function messageOf(user: ChatUser, pattern: RegExp) {
  return [...user.replies].reverse().find((r) => pattern.test(r.text));
}

/** Payload of the newest button whose label matches. */
export function payloadOf(user: ChatUser, label: RegExp): string {
  for (const reply of [...user.replies].reverse()) {
    const found = (reply.buttons ?? []).flat().find((b) => label.test(b.label));
    if (found) return found.payload;
  }
  throw new Error(`no button ${String(label)}`);
}

export async function auditActions(db: Executor, programmeId: number): Promise<string[]> {
  const rows = await db.select().from(auditLog).where(eq(auditLog.programmeId, programmeId)).orderBy(desc(auditLog.id));
  return rows.map((r) => r.action);
}
