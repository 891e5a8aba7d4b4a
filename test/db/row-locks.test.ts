// The services lock the rows they change FOR NO KEY UPDATE, the lock their UPDATE takes anyway: two
// changes of one row still wait for each other, but a write that only refers to the row (a
// foreign-key check) is not held up. Under FOR UPDATE a class joining a programme waited for a
// curator's settings change, and such waits, taken in another order elsewhere, end in deadlocks.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { upsertMembership } from '../../db/queries/memberships';
import { people } from '../../db/schema';
import { toggleProgrammeForm } from '../../src/programmes/settings';
import { seedProgramme } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 4 });
});

afterAll(async () => {
  await database?.drop();
});

it('a curator changing a programme does not hold up a student joining it, and two changes still wait for each other', async () => {
  const seeded = await seedProgramme(database.db);
  const [curator] = await database.db.insert(people).values({ locale: 'ru' }).returning();
  const [student] = await database.db.insert(people).values({ locale: 'ru' }).returning();
  if (!curator || !student) throw new Error('people expected');
  const change = { programmeId: seeded.programmeId, actorPersonId: curator.id, now: new Date() };

  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let changed: () => void = () => undefined;
  const isChanged = new Promise<void>((resolve) => (changed = resolve));
  const curatorChange = database.db.transaction(async (tx) => {
    await toggleProgrammeForm(tx, { ...change, form: 'student_student' });
    changed();
    await held; // the curator's transaction stays open, the programme's row locked
  });
  await isChanged;

  // A membership refers to the programme: its foreign-key check must not wait for the curator.
  const joining = database.db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '2s'`);
    return upsertMembership(tx, { personId: student.id, programmeId: seeded.programmeId, role: 'mentee', status: 'joined', inviteCode: seeded.menteeCode }, new Date());
  });
  await expect(joining).resolves.toMatchObject({ programmeId: seeded.programmeId });

  // A second change of the same programme waits for the first.
  const secondChange = database.db.transaction(async (tx) => {
    await tx.execute(sql`set local lock_timeout = '300ms'`);
    await toggleProgrammeForm(tx, { ...change, form: 'teacher_student' });
  });
  await expect(secondChange).rejects.toMatchObject({ cause: expect.objectContaining({ code: '55P03' }) });
  release();
  await curatorChange;
});
