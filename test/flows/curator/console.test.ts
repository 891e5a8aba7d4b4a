// The curator console through the engine on real PostgreSQL: programme card, invites, the bases,
// cards and mentor readiness; and refusals for a mentee and for a curator of another organisation.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, invites, memberships } from '../../../db/schema';
import type { App } from '../../../src/app';
import { createTestApp, seedProgramme, type SeededProgramme } from '../../support/app';
import { createChat, type ChatUser } from '../../support/chat';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let database: TestDatabase;
let app: App;
let school: SeededProgramme;
let otherSchool: SeededProgramme;
let chat: ReturnType<typeof createChat>;
let curator: ChatUser;
let stranger: ChatUser;

async function joinAsCurator(user: ChatUser, code: string) {
  await user.command('start', code);
  await user.press('Согласен(на)');
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  school = await seedProgramme(database.db);
  otherSchool = await seedProgramme(database.db, { organisation: 'Гимназия № 3', name: 'Чужая программа' });
  chat = createChat(app.engine);
  curator = chat.user('curator-1');
  stranger = chat.user('curator-2');
  await joinAsCurator(curator, school.curatorCode);
  await joinAsCurator(stranger, otherSchool.curatorCode);
});
afterAll(async () => {
  await database.drop();
});

describe('the curator console', () => {
  it('welcomes a curator who joined by a curator invite and lists the curator commands under /help', async () => {
    expect(curator.replies.map((r) => r.text).join('\n')).toMatch(/Вы куратор программы «Наставничество 2026»/);
    const before = curator.replies.length;
    await curator.command('help');
    const help = curator.replies.slice(before).map((r) => r.text).join('\n');
    expect(help).toMatch(/\/invite mentee\|mentor\|curator/);
    expect(help).toMatch(/\/pairs — /);
    expect(help).toMatch(/\/round — /);
  });

  it('creates an invite with an expiry and a use limit that a mentee can join by', async () => {
    await curator.command('invite', 'mentee 10 5');
    const code = /код ([A-Z2-9]{8})/.exec(curator.lastText())?.[1];
    expect(curator.lastText()).toMatch(/Действует 10 дней, мест: 5/);
    const [invite] = await database.db.select().from(invites).where(eq(invites.code, code ?? ''));
    expect(invite?.maxUses).toBe(5);
    const mentee = chat.user('mentee-1');
    await mentee.command('start', code);
    await mentee.press('Согласен(на)');
    await mentee.press('Да, мне 14 или больше');
    await mentee.text('Соколова Вера');
    await curator.command('mentees');
    expect(curator.lastText()).toMatch(/Наставляемые: 1/);
    await curator.press(/Соколова Вера/);
    expect(curator.lastText()).toMatch(/Соколова Вера — наставляемый/);
    expect(curator.lastText()).toMatch(/ФИО: Соколова Вера|Соколова Вера/);
    const actions = await database.db.select().from(auditLog).where(eq(auditLog.programmeId, school.programmeId));
    expect(actions.map((a) => a.action)).toContain('invite.create');
  });

  it('marks a mentor interviewed, trained and ready from the mentor card', async () => {
    const mentor = chat.user('mentor-1');
    await mentor.command('start', school.mentorCode);
    await mentor.press('Согласен(на)');
    await mentor.press('Да, мне 14 или больше');
    await mentor.text('Волков Игорь');
    await curator.command('mentors');
    await curator.press(/Волков Игорь/);
    await curator.press('готов');
    expect(curator.buttons()).toContain('✅ готов');
    const [row] = await database.db.select().from(memberships).where(eq(memberships.role, 'mentor'));
    expect(row?.readiness).toBe('ready');
  });

  it('refuses curator commands to a mentee and changes nothing', async () => {
    const mentee = chat.user('mentee-2');
    await mentee.command('start', school.menteeCode);
    await mentee.press('Согласен(на)');
    await mentee.press('Да, мне 14 или больше');
    for (const command of ['programme', 'invite', 'invites', 'mentees', 'mentors']) {
      await mentee.command(command, command === 'invite' ? 'curator' : '');
      expect(mentee.replies.some((r) => /только куратору программы/.test(r.text))).toBe(true);
    }
    const curatorInvites = await database.db.select().from(invites).where(eq(invites.role, 'curator'));
    expect(curatorInvites).toHaveLength(2);
  });

  it('refuses another organisation\'s curator who replays this programme\'s buttons', async () => {
    await curator.command('mentors');
    const cardPayload = curator.last().buttons?.flat()[0]?.payload ?? '';
    await curator.pressPayload(cardPayload);
    const readyPayload = curator.last().buttons?.flat().find((b) => b.label.includes('обучение'))?.payload ?? '';
    await curator.command('invites');
    const revokePayload = curator.last().buttons?.flat()[0]?.payload ?? '';
    expect([cardPayload, readyPayload, revokePayload].every(Boolean)).toBe(true);

    for (const payload of [cardPayload, readyPayload, revokePayload]) {
      await stranger.pressPayload(payload);
      expect(stranger.lastText()).toMatch(/только куратору программы/);
      expect(stranger.lastText()).not.toMatch(/Волков/);
    }
    const [mentor] = await database.db.select().from(memberships).where(eq(memberships.role, 'mentor'));
    expect(mentor?.readiness).toBe('ready');
    const active = await database.db.select().from(invites).where(eq(invites.programmeId, school.programmeId));
    expect(active.every((i) => i.revokedAt === null)).toBe(true);
  });

  it('revokes an invite from the list, after which it no longer admits anyone', async () => {
    await curator.command('invites');
    const first = curator.last().buttons?.flat()[0];
    const code = /Отозвать ([A-Z2-9]{8})/.exec(first?.label ?? '')?.[1] ?? '';
    await curator.press(first?.label ?? '');
    const late = chat.user('late-1');
    await late.command('start', code);
    expect(late.lastText()).toMatch(/отозвано куратором/);
  });
});
