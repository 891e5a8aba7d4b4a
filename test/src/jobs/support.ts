// Fixtures for the scheduler tests: people with a messenger identity seeded straight into the
// database, an in-process sender that records what it was given (and can refuse), and the deps a
// job handler needs.
import { eq } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { identities, memberships, people, type Platform, type Role } from '../../../db/schema';
import { DeliveryError, type OutboundMessage } from '../../../flows/events';
import type { FlowDeps } from '../../../flows/context';
import { createI18n } from '../../../src/i18n';
import { createLogger } from '../../../src/logger';
import type { OutboxSender } from '../../../src/jobs/outbox';
import type { QuestionnaireCatalog } from '../../../src/questionnaires/catalog';

export const i18n = createI18n();
export const silentLogger = createLogger('silent');

export function flowDeps(): FlowDeps {
  // Job handlers here never open a questionnaire.
  return { i18n, logger: silentLogger, catalog: {} as QuestionnaireCatalog };
}

export interface Seeded {
  personId: number;
  chatId: string;
}

let chats = 1000;

export async function seedPerson(
  db: Executor,
  input: { fullName?: string; locale?: string; platform?: Platform; programmeId?: number; role?: Role } = {},
): Promise<Seeded> {
  const [person] = await db.insert(people).values({ fullName: input.fullName ?? 'Иванова Анна', locale: input.locale ?? 'ru' }).returning();
  if (!person) throw new Error('no person');
  const chatId = String(++chats);
  await db.insert(identities).values({ personId: person.id, platform: input.platform ?? 'telegram', externalId: chatId, chatId });
  if (input.programmeId !== undefined) {
    await db.insert(memberships).values({ personId: person.id, programmeId: input.programmeId, role: input.role ?? 'mentee', status: 'consented' });
  }
  return { personId: person.id, chatId };
}

/** Many people at once (one statement each for people and identities). */
export async function seedPeople(db: Executor, count: number, platform: Platform = 'telegram'): Promise<Seeded[]> {
  const rows = await db
    .insert(people)
    .values(Array.from({ length: count }, (_, i) => ({ fullName: `Участник ${i}`, locale: i % 5 === 0 ? 'en' : 'ru' })))
    .returning({ id: people.id });
  const seeded = rows.map((r) => ({ personId: r.id, chatId: String(++chats) }));
  for (let i = 0; i < seeded.length; i += 5000) {
    await db
      .insert(identities)
      .values(seeded.slice(i, i + 5000).map((s) => ({ personId: s.personId, platform, externalId: s.chatId, chatId: s.chatId })));
  }
  return seeded;
}

export async function setUnreachable(db: Executor, personId: number, at: Date | null): Promise<void> {
  await db.update(identities).set({ unreachableAt: at }).where(eq(identities.personId, personId));
}

export interface SentRecord {
  platform: Platform;
  chatId: string;
  text: string;
  key: string | undefined;
  buttons: OutboundMessage['buttons'];
}

export interface FakeSender extends OutboxSender {
  readonly sent: SentRecord[];
  /** Every send to this chat fails with this error. */
  refuse(chatId: string, error: DeliveryError | (() => DeliveryError)): void;
  /** The next `times` sends fail with the error, then sends succeed again. */
  failNext(times: number, error: DeliveryError): void;
  /** Sends made after this throw (an instance that died). */
  kill(): void;
}

export function fakeSender(platform: Platform = 'telegram'): FakeSender {
  const sent: SentRecord[] = [];
  const refused = new Map<string, DeliveryError | (() => DeliveryError)>();
  let failing = 0;
  let failure: DeliveryError | undefined;
  let dead = false;
  return {
    platform,
    sent,
    refuse(chatId, error) {
      refused.set(chatId, error);
    },
    failNext(times, error) {
      failing = times;
      failure = error;
    },
    kill() {
      dead = true;
    },
    async send(chatId, message, key) {
      if (dead) throw new Error('this instance is gone');
      const refusal = refused.get(chatId);
      if (refusal !== undefined) throw typeof refusal === 'function' ? refusal() : refusal;
      if (failing > 0 && failure !== undefined) {
        failing -= 1;
        throw failure;
      }
      sent.push({ platform, chatId, text: message.text, key, buttons: message.buttons });
    },
  };
}

/** Per chat: how many messages it got. */
export function countByChat(sent: readonly SentRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of sent) counts.set(s.chatId, (counts.get(s.chatId) ?? 0) + 1);
  return counts;
}
