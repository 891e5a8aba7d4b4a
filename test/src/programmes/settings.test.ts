// Programme settings on real PostgreSQL: typed dates parsed and refused with a reason, forms
// toggled, the stage set within 1–7, self-matching kept in settings beside other sections; each audited.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, people, programmes } from '../../../db/schema';
import { createOrganisation, createProgramme } from '../../../src/programmes/programmes';
import {
  pairingSettings,
  parseProgrammeDates,
  setProgrammeDates,
  setProgrammeStage,
  setSelfMatching,
  toggleProgrammeForm,
} from '../../../src/programmes/settings';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let database: TestDatabase;
let programmeId: number;
let curator: number;
const now = new Date('2026-08-20T09:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  const org = await createOrganisation(database.db, { name: 'Школа № 9' });
  programmeId = (await createProgramme(database.db, { organisationId: org.id, name: 'Наставничество 2026/27' })).id;
  const [person] = await database.db.insert(people).values({ fullName: 'Куратор' }).returning();
  curator = person?.id ?? 0;
});
afterAll(async () => {
  await database.drop();
});

describe('typed programme dates', () => {
  it.each([
    ['01.09.2026 – 31.05.2027', '2026-09-01', '2027-05-31'],
    ['1.9.2026 31.5.2027', '2026-09-01', '2027-05-31'],
    ['2026-09-01 — 2027-05-31', '2026-09-01', '2027-05-31'],
    ['с 01.09.2026 по 31.05.2027', '2026-09-01', '2027-05-31'],
    ['01.09.2026 - 01.09.2026', '2026-09-01', '2026-09-01'],
  ])('reads "%s"', (text, startsOn, endsOn) => {
    expect(parseProgrammeDates(text)).toEqual({ ok: true, startsOn, endsOn });
  });

  it.each([
    ['one date only', '01.09.2026', 'programme-dates-error-format'],
    ['words', 'с сентября по май', 'programme-dates-error-format'],
    ['three dates', '01.09.2026 02.09.2026 03.09.2026', 'programme-dates-error-format'],
    ['a date that does not exist', '31.02.2027 31.05.2027', 'programme-dates-error-invalid'],
    ['a month 13', '01.13.2026 31.05.2027', 'programme-dates-error-invalid'],
    ['the end before the start', '31.05.2027 01.09.2026', 'programme-dates-error-order'],
    ['a year out of range', '01.09.1926 31.05.2027', 'programme-dates-error-range'],
  ])('refuses %s with a reason', (_name, text, error) => {
    expect(parseProgrammeDates(text)).toEqual({ ok: false, error });
  });
});

describe('programme settings', () => {
  it('switch a form on and off again, with each change in the audit log', async () => {
    const on = await toggleProgrammeForm(database.db, { programmeId, form: 'teacher_student', actorPersonId: curator, now });
    expect(on.forms).toEqual(['teacher_student']);
    const both = await toggleProgrammeForm(database.db, { programmeId, form: 'employer_student', actorPersonId: curator, now });
    expect(both.forms).toEqual(['teacher_student', 'employer_student']);
    const off = await toggleProgrammeForm(database.db, { programmeId, form: 'teacher_student', actorPersonId: curator, now });
    expect(off.forms).toEqual(['employer_student']);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'programme.forms'));
    expect(audit.map((a) => a.details.on)).toEqual([true, true, false]);
  });

  it('set the stage within the seven and refuse anything else', async () => {
    const updated = await setProgrammeStage(database.db, { programmeId, stage: 5, actorPersonId: curator, now });
    expect(updated.stage).toBe(5);
    await expect(setProgrammeStage(database.db, { programmeId, stage: 8, actorPersonId: curator, now })).rejects.toThrow();
    const [row] = await database.db.select().from(programmes).where(eq(programmes.id, programmeId));
    expect(row?.stage).toBe(5);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'programme.stage'));
    expect(audit?.details).toEqual({ from: 1, to: 5 });
  });

  it('save the dates with the previous ones in the audit log', async () => {
    await setProgrammeDates(database.db, { programmeId, startsOn: '2026-09-01', endsOn: '2027-05-31', actorPersonId: curator, now });
    const [row] = await database.db.select().from(programmes).where(eq(programmes.id, programmeId));
    expect([row?.startsOn, row?.endsOn]).toEqual(['2026-09-01', '2027-05-31']);
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'programme.dates'));
    expect(audit?.details).toEqual({ from: [null, null], to: ['2026-09-01', '2027-05-31'] });
  });

  it('keep self-matching under settings.pairing without touching the other sections', async () => {
    await database.db.update(programmes).set({ settings: { meetings: { silentWeeks: 4 } } }).where(eq(programmes.id, programmeId));
    const on = await setSelfMatching(database.db, { programmeId, enabled: true, actorPersonId: curator, now });
    expect(on.settings).toEqual({ meetings: { silentWeeks: 4 }, pairing: { selfMatching: true } });
    expect(pairingSettings(on.settings).selfMatching).toBe(true);
    expect(pairingSettings({ pairing: { selfMatching: 'yes' } }).selfMatching).toBe(false);
    expect(pairingSettings(null).selfMatching).toBe(false);
  });
});
