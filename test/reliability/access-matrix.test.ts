// The access matrix: every curator and coordinator command of every chat module (read from
// registeredCommands(), so commands added later are covered), with several kinds of arguments, and
// every button a curator or coordinator can reach (harvested by walking the console on a clone of
// the database, plus one of each curator payload kind aimed at this programme), is tried by a mentee
// and a mentor of the programme, a curator of another organisation and a coordinator of another
// region. Each is refused with a clear message, or (an outsider with the role, in their own scope)
// shows nothing of this programme; and nothing in the database changes.
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/client';
import { coordinators, memberships } from '../../db/schema';
import { registeredCommands } from '../../flows/modules';
import { encodePayload, payloadSchemas } from '../../flows/payload';
import type { Audience } from '../../flows/module';
import type { App } from '../../src/app';
import { setMentorReadiness } from '../../src/curators/participants';
import { listInvites } from '../../src/invites/invites';
import { personOf } from '../e2e/support/records';
import { createTestApp, seedProgramme, type SeededProgramme } from '../support/app';
import { createTestDatabase, uniqueDatabaseName, type TestDatabase } from '../support/db';
import { testDatabaseUrl, urlFor } from '../support/global-setup';
import { createSnapshotter, changedTables, type Snapshotter } from './support/snapshot';
import { completeMenteeIntake, completeMentorIntake, engineChat, joinAsCurator } from './support/journey';

const REFUSAL = /только|not available|only for/i;
/**
 * Buttons a curator is shown that do the same harmless thing for anyone who presses them, with the
 * reason; they must still change nothing and show nothing of the programme.
 */
const HARMLESS: Record<string, string> = {
  'act:reports:keep': 'the "no, keep things as they are" answer to the finish-the-programme prompt: a no-op for anyone',
};
const NAMES = { mentee: 'Альфина Наставляемая', waiting: 'Альфред Ожидающий', mentor: 'Альфонс Наставник' };
const IDS = { curatorA: 71_001, mentee: 71_002, waiting: 71_003, mentor: 71_004, curatorB: 72_001, coordinator: 73_001, coordinatorA: 74_001 };

type Outsider = { name: string; id: number; roles: Audience[] };
const outsiders: Outsider[] = [
  { name: 'a mentee of the programme', id: IDS.mentee, roles: ['participant'] },
  { name: 'a mentor of the programme', id: IDS.mentor, roles: ['participant'] },
  { name: 'a curator of another organisation', id: IDS.curatorB, roles: ['curator'] },
  { name: 'a coordinator of another region', id: IDS.coordinator, roles: ['coordinator'] },
];

let database: TestDatabase;
let harvestUrl: string;
let app: App;
let snapshots: Snapshotter;
let schoolA: SeededProgramme;
let schoolB: SeededProgramme;
/** What must never reach an outsider: the programme's people and its invite codes. */
let secrets: string[] = [];
let membershipIds: { mentee: number; waiting: number; mentor: number };
let harvested: { payload: string; audience: Audience }[] = [];

async function admin(statement: string): Promise<void> {
  const sql = postgres(testDatabaseUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

const commandsUnderTest = () => registeredCommands().filter((c) => c.command.audience === 'curator' || c.command.audience === 'coordinator');

beforeAll(async () => {
  database = await createTestDatabase();
  schoolA = await seedProgramme(database.db, { organisation: 'Школа Альфа', name: 'Программа Альфа' });
  schoolB = await seedProgramme(database.db, { organisation: 'Гимназия Бета', name: 'Программа Бета' });
  const seeding = await createTestApp(database);
  const chat = engineChat(seeding.engine, 'telegram');
  await joinAsCurator(chat.user(IDS.curatorA), schoolA.curatorCode);
  await completeMenteeIntake(chat.user(IDS.mentee), schoolA.menteeCode, NAMES.mentee);
  await completeMenteeIntake(chat.user(IDS.waiting), schoolA.menteeCode, NAMES.waiting);
  await completeMentorIntake(chat.user(IDS.mentor), schoolA.mentorCode, NAMES.mentor);
  await joinAsCurator(chat.user(IDS.curatorB), schoolB.curatorCode);
  await chat.user(IDS.coordinator).command('start');
  await chat.user(IDS.coordinatorA).command('start');
  const personId = async (id: number) => (await personOf(database.db, 'telegram', id))?.id ?? -1;
  const membershipOf = async (id: number) =>
    (await database.db.select().from(memberships).where(eq(memberships.personId, await personId(id))))[0]?.id ?? -1;
  membershipIds = { mentee: await membershipOf(IDS.mentee), waiting: await membershipOf(IDS.waiting), mentor: await membershipOf(IDS.mentor) };
  await setMentorReadiness(database.db, {
    membershipId: membershipIds.mentor,
    readiness: 'ready',
    actorPersonId: await personId(IDS.curatorA),
    programmeId: schoolA.programmeId,
    now: new Date(),
  });
  // A regional coordinator of another region, and (for harvesting only) one of this programme's region.
  await database.db.insert(coordinators).values([
    { personId: await personId(IDS.coordinator), region: 'Вологодская область' },
    { personId: await personId(IDS.coordinatorA), region: 'Кировская область' },
  ]);
  const invites = await listInvites(database.db, schoolA.programmeId);
  secrets = [...Object.values(NAMES), ...invites.map((i) => i.code)];

  // Harvest on a clone, so walking the console (which marks, revokes and pairs) changes nothing here.
  await seeding.close();
  const harvestName = uniqueDatabaseName();
  await admin(`create database "${harvestName}" template "${database.name}"`);
  harvestUrl = urlFor(harvestName);
  harvested = await harvestButtons(harvestUrl);

  app = await createTestApp(createDatabase({ url: database.url, poolSize: 3 }));
  snapshots = await createSnapshotter(database.url);
}, 120_000);

afterAll(async () => {
  await snapshots?.close();
  await app?.close();
  if (harvestUrl) await admin(`drop database if exists "${new URL(harvestUrl).pathname.slice(1)}" with (force)`);
  await admin(`drop database if exists "${database.name}" with (force)`);
});

/** Every button payload a curator (and a coordinator of the programme's region) can reach, walking breadth-first. */
async function harvestButtons(url: string): Promise<{ payload: string; audience: Audience }[]> {
  const clone = await createTestApp(createDatabase({ url, poolSize: 2 }));
  try {
    const found = new Map<string, Audience>();
    for (const [audience, id] of [
      ['curator', IDS.curatorA],
      ['coordinator', IDS.coordinatorA],
    ] as const) {
      const user = engineChat(clone.engine, 'telegram').user(id);
      const queue: string[] = [];
      const collect = (replies: { buttons?: { payload: string }[][] | undefined }[]): void => {
        for (const button of replies.flatMap((r) => (r.buttons ?? []).flat())) {
          if (found.has(button.payload)) continue;
          found.set(button.payload, audience);
          queue.push(button.payload);
        }
      };
      for (const { name, command } of commandsUnderTest().filter((c) => c.command.audience === audience)) {
        for (const args of argumentVariants()) collect((await user.command(name, args)).replies);
      }
      for (let pressed = 0; queue.length > 0 && pressed < 300; pressed++) {
        const payload = queue.shift() ?? '';
        collect((await user.pressPayload(payload)).replies);
        // Language buttons are everyone's; forget/withdrawal ones are the presser's own.
        if (/^lang:/.test(payload)) found.delete(payload);
      }
    }
    return [...found].map(([payload, audience]) => ({ payload, audience }));
  } finally {
    await clone.close();
  }
}

/** Arguments a command is tried with: none, words, numbers and codes of this programme. */
function argumentVariants(): string[] {
  return ['', 'mentee 30 5', String(schoolA?.programmeId ?? 1), schoolA?.menteeCode ?? 'X', `${membershipIds?.waiting ?? 1} ${membershipIds?.mentor ?? 1}`];
}

/** One of each curator payload kind, aimed at this programme's people, invites and programme. */
function aimedPayloads(): { payload: string; audience: Audience }[] {
  const participantKinds = new Set(['pick', 'done', 'other', 'skip', 'back', 'change', 'submit', 'consent', 'age', 'parent', 'lang', 'pair', 'act']);
  const curatorKinds = Object.keys(payloadSchemas).filter((k) => !participantKinds.has(k));
  const aimed: Record<string, string[]> = {
    list: [encodePayload('list', 'mentee', 0), encodePayload('list', 'mentor', 0)],
    card: [encodePayload('card', membershipIds.mentee), encodePayload('card', membershipIds.mentor)],
    ready: [encodePayload('ready', membershipIds.mentor, 'interviewed'), encodePayload('ready', membershipIds.mentor, 'trained')],
    revoke: [encodePayload('revoke', schoolA.menteeCode.toLowerCase())],
    mentorsfor: [encodePayload('mentorsfor', membershipIds.waiting)],
    propose: [encodePayload('propose', membershipIds.waiting, membershipIds.mentor)],
    member: [encodePayload('member', 1, membershipIds.waiting)],
  };
  const missing = curatorKinds.filter((k) => aimed[k] === undefined);
  // A new curator payload kind must get an aimed payload here too.
  expect(missing).toEqual([]);
  return [...Object.values(aimed).flat(), encodePayload('act', 'curator', 'matchall', schoolA.programmeId)].map((payload) => ({ payload, audience: 'curator' as Audience }));
}

interface Tried {
  outsider: Outsider;
  action: string;
  audience: Audience;
  send: () => Promise<{ replies: { text: string }[]; deliveries: unknown[] }>;
}

const lastSnapshot = new Map<string, string>();

async function check(tried: Tried): Promise<string[]> {
  const ownScope = tried.outsider.roles.includes(tried.audience);
  // An outsider with the role works in their own programme or region: only this programme must stay untouched.
  const scope = ownScope ? { programmeId: schoolA.programmeId } : {};
  const key = JSON.stringify(scope);
  const before = lastSnapshot.get(key) ?? (await snapshots.take(scope));
  const result = await tried.send();
  const after = await snapshots.take(scope);
  lastSnapshot.clear();
  lastSnapshot.set(key, after);
  const problems: string[] = [];
  const where = `${tried.outsider.name}: ${tried.action}`;
  const texts = result.replies.map((r) => r.text);
  const harmless = Object.keys(HARMLESS).some((prefix) => tried.action.startsWith(`button ${prefix}:`));
  if (texts.length === 0) problems.push(`${where} got no answer`);
  if (!ownScope && !harmless && !texts.some((t) => REFUSAL.test(t))) problems.push(`${where} was not refused: ${texts.join(' | ').slice(0, 160)}`);
  const leaked = secrets.filter((s) => texts.some((t) => t.includes(s)));
  if (leaked.length > 0) problems.push(`${where} showed ${leaked.join(', ')}`);
  if (result.deliveries.length > 0) problems.push(`${where} notified ${result.deliveries.length} people`);
  if (before !== after) problems.push(`${where} changed ${changedTables(before, after).join(', ')}`);
  return problems;
}

describe('the access matrix', () => {
  it('finds curator and coordinator commands and buttons to try', () => {
    expect(commandsUnderTest().map((c) => c.name)).toEqual(expect.arrayContaining(['programme', 'invite', 'invites', 'mentees', 'mentors', 'match']));
    console.info(`access matrix: ${commandsUnderTest().length} commands (${commandsUnderTest().map((c) => c.name).join(', ')}), ${harvested.length} buttons harvested (${harvested.map((h) => h.payload).join(' ')})`);
    expect(harvested.length).toBeGreaterThan(5);
  });

  it('refuses every curator and coordinator command to everyone outside, or keeps them in their own scope, and changes nothing', async () => {
    const chat = engineChat(app.engine, 'telegram');
    const problems: string[] = [];
    let checked = 0;
    for (const outsider of outsiders) {
      const user = chat.user(outsider.id);
      for (const { name, command } of commandsUnderTest()) {
        for (const args of argumentVariants()) {
          problems.push(...(await check({ outsider, action: `/${name} ${args}`.trim(), audience: command.audience, send: () => user.command(name, args) })));
          checked++;
        }
      }
    }
    console.info(`access matrix, commands: ${checked} refusals checked (${commandsUnderTest().length} commands × ${argumentVariants().length} argument kinds × ${outsiders.length} outsiders)`);
    expect(problems).toEqual([]);
  }, 120_000);

  it('refuses every curator and coordinator button, harvested and aimed, to everyone outside, and changes nothing', async () => {
    const chat = engineChat(app.engine, 'telegram');
    const buttons = [...harvested, ...aimedPayloads()];
    const problems: string[] = [];
    let checked = 0;
    for (const outsider of outsiders) {
      const user = chat.user(outsider.id);
      for (const { payload, audience } of buttons) {
        problems.push(...(await check({ outsider, action: `button ${payload}`, audience, send: () => user.pressPayload(payload) })));
        checked++;
      }
    }
    console.info(`access matrix, buttons: ${checked} refusals checked (${buttons.length} buttons × ${outsiders.length} outsiders)`);
    expect(problems).toEqual([]);
  }, 120_000);
});
