// The outbox sent through the real grammY client (the Telegram adapter's sender, with its
// auto-retry) to the fake Bot API server: 429 answers waited out, a blocked user reported.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, outbox } from '../../../db/schema';
import { createTelegramAdapter } from '../../../bots/telegram/bot';
import { queueMessage } from '../../../src/jobs/jobs';
import { sendDueOutbox } from '../../../src/jobs/outbox';
import { createJobStats } from '../../../src/jobs/stats';
import { createOrganisation, createProgramme } from '../../../src/programmes/programmes';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram';
import { i18n, seedPerson, silentLogger } from './support';

let database: TestDatabase;
let telegram: FakeTelegram;
let sender: ReturnType<typeof createTelegramAdapter>['sender'];

beforeAll(async () => {
  database = await createTestDatabase();
  telegram = await startFakeTelegram();
  const adapter = createTelegramAdapter({
    token: telegram.token,
    apiRoot: telegram.apiRoot,
    botInfo: telegram.botInfo,
    handler: { handle: async () => ({ duplicate: false, replies: [], deliveries: [] }) },
    logger: silentLogger,
    throttle: false,
  });
  sender = adapter.sender;
});

afterAll(async () => {
  await telegram.close();
  await database.drop();
});

let n = 0;
const key = (what: string) => `tg:${++n}:${what}`;

describe('the outbox through grammY and the fake Bot API', () => {
  it('a 429 with retry_after is waited out and every message arrives once', async () => {
    const now = new Date('2032-01-01T09:00:00Z');
    const recipients = await Promise.all([1, 2, 3, 4, 5].map(() => seedPerson(database.db)));
    for (const r of recipients) {
      await queueMessage(database.db, { personId: r.personId, dedupeKey: key('reminder'), message: { text: `Напоминание для ${r.chatId}` }, notBefore: now });
    }
    telegram.failNext('sendMessage', 2, { error_code: 429, parameters: { retry_after: 1 } });
    const result = await sendDueOutbox(database, sender, { now, i18n, logger: silentLogger });
    expect(result.sent).toBe(5);
    for (const r of recipients) expect(telegram.sentTo(r.chatId).map((m) => m.text)).toEqual([`Напоминание для ${r.chatId}`]);
    expect(telegram.calls.filter((c) => c.method === 'sendMessage' && c.errorCode === 429)).toHaveLength(2);
    const rows = await database.db.select().from(outbox).where(eq(outbox.status, 'pending'));
    expect(rows).toHaveLength(0);
  });

  it('a 429 asking for longer than grammY waits goes back to the outbox and is sent after retry_after', async () => {
    const now = new Date('2032-02-01T09:00:00Z');
    const person = await seedPerson(database.db);
    const dedupeKey = key('long-wait');
    await queueMessage(database.db, { personId: person.personId, dedupeKey, message: { text: 'Встреча завтра в 15:00' }, notBefore: now });
    telegram.failNext('sendMessage', 1, { error_code: 429, parameters: { retry_after: 45 } });
    const stats = createJobStats();
    const first = await sendDueOutbox(database, sender, { now, i18n, logger: silentLogger, stats });
    expect(first).toMatchObject({ sent: 0, deferred: 1 });
    expect(stats.rateLimited.telegram).toBe(1);
    const [row] = await database.db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey));
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(row?.notBefore.getTime()).toBeGreaterThanOrEqual(now.getTime() + 45_000);

    await sendDueOutbox(database, sender, { now: new Date(now.getTime() + 30_000), i18n, logger: silentLogger, stats });
    expect(telegram.sentTo(person.chatId)).toHaveLength(0);
    await sendDueOutbox(database, sender, { now: new Date(now.getTime() + 46_000), i18n, logger: silentLogger, stats });
    expect(telegram.sentTo(person.chatId).map((m) => m.text)).toEqual(['Встреча завтра в 15:00']);
  });

  it('a user who blocked the bot is marked unreachable and the curator is told in Telegram', async () => {
    const now = new Date('2032-03-01T09:00:00Z');
    const organisation = await createOrganisation(database.db, { name: 'Лицей № 3' });
    const programme = await createProgramme(database.db, { organisationId: organisation.id, name: 'Наставники 2032' });
    const curator = await seedPerson(database.db, { fullName: 'Орлова Ольга', programmeId: programme.id, role: 'curator', locale: 'en' });
    const mentor = await seedPerson(database.db, { fullName: 'Котов Олег', programmeId: programme.id, role: 'mentor' });
    telegram.user(Number(mentor.chatId)).block();
    await queueMessage(database.db, { personId: mentor.personId, dedupeKey: key('blocked'), message: { text: 'Напоминание' }, notBefore: now });
    await queueMessage(database.db, { personId: mentor.personId, dedupeKey: key('blocked-2'), message: { text: 'Ещё одно' }, notBefore: now });
    await sendDueOutbox(database, sender, { now, i18n, logger: silentLogger });
    await sendDueOutbox(database, sender, { now: new Date(now.getTime() + 1000), i18n, logger: silentLogger });
    const [identity] = await database.db.select().from(identities).where(eq(identities.personId, mentor.personId));
    expect(identity?.unreachableAt).not.toBeNull();
    const notices = telegram.sentTo(curator.chatId);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain('Котов Олег no longer receives the bot’s messages in Telegram'.replace('’', "'"));
    expect(telegram.calls.filter((c) => c.method === 'sendMessage' && String(c.params.chat_id) === mentor.chatId && c.errorCode === 403)).toHaveLength(1);
  });
});
