// Fixtures for pair-work tests: people seeded straight into the database (their intake is not what
// these tests are about), a pair made active by both members pressing "confirm" through the engine,
// a clock the tests move, and the due jobs run with their messages landing in the chat.
import { asc, eq } from 'drizzle-orm';
import type { Database, Executor } from '../../../db/client';
import { identities, jobs, memberships, people, programmes, type Role } from '../../../db/schema';
import type { OutboundMessage } from '../../../flows/events';
import { encodePayload } from '../../../flows/payload';
import { registeredJobHandlers } from '../../../flows/modules';
import { runDueJobs as runScheduledJobs } from '../../../src/jobs/jobs';
import { sendDueOutbox } from '../../../src/jobs/outbox';
import type { App } from '../../../src/app';
import { proposePair } from '../../../src/pairs/pairs';
import type { ChatUser, createChat } from '../../support/chat';
import { createOrganisation, createProgramme } from '../../../src/programmes/programmes';

export type Chat = ReturnType<typeof createChat>;

export interface TestClock {
  now: Date;
  (): Date;
  set(iso: string): void;
  advance(minutes: number): void;
}

export function createClock(iso: string): TestClock {
  const clock = (() => clock.now) as TestClock;
  clock.now = new Date(iso);
  clock.set = (value) => {
    clock.now = new Date(value);
  };
  clock.advance = (minutes) => {
    clock.now = new Date(clock.now.getTime() + minutes * 60_000);
  };
  return clock;
}

export interface SeededPerson {
  personId: number;
  membershipId: number;
  chatId: string;
}

/** A participant who has consented and finished the intake, reachable in the test chat as `chatId`. */
export async function seedPerson(db: Executor, input: { programmeId: number; role: Role; chatId: string; fullName: string; locale?: string }): Promise<SeededPerson> {
  const [person] = await db.insert(people).values({ fullName: input.fullName, locale: input.locale ?? 'ru' }).returning();
  if (!person) throw new Error('no person');
  await db.insert(identities).values({ personId: person.id, platform: 'telegram', externalId: input.chatId, chatId: input.chatId });
  const [membership] = await db
    .insert(memberships)
    .values({
      personId: person.id,
      programmeId: input.programmeId,
      role: input.role,
      status: input.role === 'curator' ? 'consented' : 'questionnaire_done',
      readiness: input.role === 'mentor' ? 'ready' : null,
    })
    .returning();
  if (!membership) throw new Error('no membership');
  return { personId: person.id, membershipId: membership.id, chatId: input.chatId };
}

/** The curator proposes the pair and both members confirm it in the chat: the pair is active. */
export async function activatePair(
  database: Database,
  chat: Chat,
  input: { programmeId: number; curator: SeededPerson; mentor: SeededPerson; mentee: SeededPerson; now: Date },
): Promise<number> {
  const proposed = await proposePair(database.db, {
    programmeId: input.programmeId,
    mentorMembershipIds: [input.mentor.membershipId],
    menteeMembershipIds: [input.mentee.membershipId],
    actorPersonId: input.curator.personId,
    now: input.now,
  });
  if (!proposed.ok) throw new Error(proposed.error);
  const pairId = proposed.value.id;
  await chat.user(input.mentee.chatId).pressPayload(encodePayload('pair', pairId, 'yes'));
  await chat.user(input.mentor.chatId).pressPayload(encodePayload('pair', pairId, 'yes'));
  return pairId;
}

export async function setProgrammeSettings(db: Executor, programmeId: number, settings: Record<string, unknown>): Promise<void> {
  await db.update(programmes).set({ settings }).where(eq(programmes.id, programmeId));
}

/**
 * What the scheduler does on a tick at `now`: runs the due jobs (src/jobs runDueJobs, with every
 * module's handlers), then sends the outbox (sendDueOutbox) through `deliver`, which stands for the
 * messenger. Returns how many jobs ran and messages went.
 */
export async function runDueJobsWith(
  app: App,
  now: Date,
  deliver: (chatId: string, message: OutboundMessage) => Promise<void>,
): Promise<{ jobs: number; sent: number }> {
  const ran = await runScheduledJobs(app.database, {
    now,
    handlers: registeredJobHandlers(),
    deps: { i18n: app.i18n, catalog: app.catalog, logger: app.logger },
  });
  const sent = await sendDueOutbox(app.database, { platform: 'telegram', send: (chatId, message) => deliver(chatId, message) }, { now, i18n: app.i18n, logger: app.logger });
  if (ran.retried + ran.failed + sent.failed > 0) throw new Error(`a job or a message failed: ${JSON.stringify({ ran, sent })}`);
  return { jobs: ran.ran, sent: sent.sent };
}

/** A scheduler tick with the messages landing in the test chat. */
export async function runDueJobs(app: App, chat: Chat, now: Date): Promise<{ jobs: number; sent: number }> {
  return runDueJobsWith(app, now, async (chatId, message) => {
    chat.user(chatId).replies.push(message);
  });
}

/** Pending jobs by key, for checking what a change of a meeting left on the schedule. */
export async function pendingJobs(db: Executor): Promise<{ kind: string; key: string; dueAt: Date }[]> {
  return db.select({ kind: jobs.kind, key: jobs.key, dueAt: jobs.dueAt }).from(jobs).where(eq(jobs.status, 'pending')).orderBy(asc(jobs.dueAt), asc(jobs.key));
}

let worlds = 0;

export interface PairWorld {
  programmeId: number;
  organisationId: number;
  curator: ChatUser;
  mentor: ChatUser;
  mentee: ChatUser;
  people: { curator: SeededPerson; mentor: SeededPerson; mentee: SeededPerson };
  pairId: number;
}

/**
 * A programme of its own with a curator and an active pair (mentor Котов Олег, mentee Зайцева
 * Алина by default), activated at the clock's time.
 */
export async function newWorld(
  database: Database,
  chat: Chat,
  clock: TestClock,
  options: { timezone?: string; settings?: Record<string, unknown>; mentorName?: string; menteeName?: string } = {},
): Promise<PairWorld> {
  const n = ++worlds;
  const organisation = await createOrganisation(database.db, { name: `Школа № ${n}`, timezone: options.timezone });
  const programme = await createProgramme(database.db, { organisationId: organisation.id, name: `Наставничество ${n}` });
  if (options.settings) await setProgrammeSettings(database.db, programme.id, options.settings);
  const curator = await seedPerson(database.db, { programmeId: programme.id, role: 'curator', chatId: `curator-${n}`, fullName: `Куратор ${n}` });
  const mentor = await seedPerson(database.db, { programmeId: programme.id, role: 'mentor', chatId: `mentor-${n}`, fullName: options.mentorName ?? 'Котов Олег' });
  const mentee = await seedPerson(database.db, { programmeId: programme.id, role: 'mentee', chatId: `mentee-${n}`, fullName: options.menteeName ?? 'Зайцева Алина' });
  const pairId = await activatePair(database, chat, { programmeId: programme.id, curator, mentor, mentee, now: clock.now });
  return {
    programmeId: programme.id,
    organisationId: organisation.id,
    curator: chat.user(curator.chatId),
    mentor: chat.user(mentor.chatId),
    mentee: chat.user(mentee.chatId),
    people: { curator, mentor, mentee },
    pairId,
  };
}

/** Every text a chat user has received, joined, for looking for one message among many. */
export function allTexts(user: ChatUser): string {
  return user.replies.map((r) => r.text).join('\n---\n');
}
