// Programme settings a curator changes in chat (stage 1 and later): the forms of mentorship, the
// dates, the current stage of the target model, and the pairing options kept in
// programmes.settings.pairing (self-matching). Each change is made under the programme's row lock
// and written to the audit log. Input a curator can get wrong comes back as a locale key.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Executor } from '../../db/client';
import { programmes, type Programme } from '../../db/schema';
import { recordAudit } from '../audit/audit';
import type { MentorshipForm } from './forms';

/** The seven stages of the target model (DESIGN.md); texts: programme-stage. */
export const programmeStages = [1, 2, 3, 4, 5, 6, 7] as const;
export const programmeStageSchema = z.number().int().min(1).max(7);

export const pairingSettingsSchema = z.object({
  /** Mentees choose their mentor from their top suggestions; the mentor then accepts or declines. */
  selfMatching: z.boolean().catch(false),
});
export type PairingSettings = z.output<typeof pairingSettingsSchema>;

/** The pairing options from a programme's settings jsonb; a missing or malformed value is its default. */
export function pairingSettings(programmeSettings: unknown): PairingSettings {
  const section = (programmeSettings as { pairing?: unknown } | null | undefined)?.pairing;
  return pairingSettingsSchema.parse(section && typeof section === 'object' && !Array.isArray(section) ? section : {});
}

interface Change {
  programmeId: number;
  actorPersonId: number;
  now: Date;
}

async function locked(db: Executor, programmeId: number): Promise<Programme> {
  const [row] = await db.select().from(programmes).where(eq(programmes.id, programmeId)).for('no key update');
  if (!row) throw new Error(`programme ${programmeId} vanished`);
  return row;
}

async function save(db: Executor, programmeId: number, patch: Partial<typeof programmes.$inferInsert>): Promise<Programme> {
  const [row] = await db.update(programmes).set(patch).where(eq(programmes.id, programmeId)).returning();
  if (!row) throw new Error(`programme ${programmeId} vanished`);
  return row;
}

/** Switches one form of mentorship on or off for the programme. */
export async function toggleProgrammeForm(db: Executor, input: Change & { form: MentorshipForm }): Promise<Programme> {
  const programme = await locked(db, input.programmeId);
  const on = !programme.forms.includes(input.form);
  const forms = on ? [...programme.forms, input.form] : programme.forms.filter((f) => f !== input.form);
  const updated = await save(db, input.programmeId, { forms });
  await recordAudit(db, { programmeId: input.programmeId, actorPersonId: input.actorPersonId, action: 'programme.forms', details: { form: input.form, on, forms }, now: input.now });
  return updated;
}

export async function setProgrammeStage(db: Executor, input: Change & { stage: number }): Promise<Programme> {
  const stage = programmeStageSchema.parse(input.stage);
  const programme = await locked(db, input.programmeId);
  const updated = await save(db, input.programmeId, { stage });
  await recordAudit(db, { programmeId: input.programmeId, actorPersonId: input.actorPersonId, action: 'programme.stage', details: { from: programme.stage, to: stage }, now: input.now });
  return updated;
}

export type DatesError = 'programme-dates-error-format' | 'programme-dates-error-invalid' | 'programme-dates-error-order' | 'programme-dates-error-range';
export type ParsedDates = { ok: true; startsOn: string; endsOn: string } | { ok: false; error: DatesError };

const DATE_TOKEN = /(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})/g;

/**
 * Two dates typed by a curator, start then end: "01.09.2026 – 31.05.2027" or "2026-09-01 2027-05-31".
 * A date that does not exist (31.02), an end before the start or a year outside 2000–2100 is refused.
 */
export function parseProgrammeDates(text: string): ParsedDates {
  const tokens = [...text.matchAll(DATE_TOKEN)];
  const rest = text.replace(DATE_TOKEN, '').replace(/[\s,;–—\-−]|по|до|to|from|с/giu, '');
  if (tokens.length !== 2 || rest.length > 0) return { ok: false, error: 'programme-dates-error-format' };
  const dates: DateTime[] = [];
  for (const token of tokens) {
    const [, d, m, y, iy, im, id] = token;
    const date = DateTime.fromObject({ year: Number(y ?? iy), month: Number(m ?? im), day: Number(d ?? id) });
    if (!date.isValid) return { ok: false, error: 'programme-dates-error-invalid' };
    if (date.year < 2000 || date.year > 2100) return { ok: false, error: 'programme-dates-error-range' };
    dates.push(date);
  }
  const [start, end] = dates;
  if (!start || !end) return { ok: false, error: 'programme-dates-error-format' };
  if (end < start) return { ok: false, error: 'programme-dates-error-order' };
  return { ok: true, startsOn: start.toISODate() ?? '', endsOn: end.toISODate() ?? '' };
}

export async function setProgrammeDates(db: Executor, input: Change & { startsOn: string; endsOn: string }): Promise<Programme> {
  const programme = await locked(db, input.programmeId);
  const updated = await save(db, input.programmeId, { startsOn: input.startsOn, endsOn: input.endsOn });
  await recordAudit(db, {
    programmeId: input.programmeId,
    actorPersonId: input.actorPersonId,
    action: 'programme.dates',
    details: { from: [programme.startsOn, programme.endsOn], to: [input.startsOn, input.endsOn] },
    now: input.now,
  });
  return updated;
}

/** Turns self-matching on or off; returns the programme as saved. */
export async function setSelfMatching(db: Executor, input: Change & { enabled: boolean }): Promise<Programme> {
  const programme = await locked(db, input.programmeId);
  const pairing = { ...pairingSettings(programme.settings), selfMatching: input.enabled };
  const updated = await save(db, input.programmeId, { settings: { ...programme.settings, pairing } });
  await recordAudit(db, { programmeId: input.programmeId, actorPersonId: input.actorPersonId, action: 'programme.self-matching', details: { enabled: input.enabled }, now: input.now });
  return updated;
}
