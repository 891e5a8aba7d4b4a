// Organisations and their programmes: stage 1 of the target model, and who has joined a programme.
import { DateTime, IANAZone } from 'luxon';
import type { Executor } from '../../db/client';
import {
  findOrganisation,
  findProgrammeWithOrganisation,
  insertOrganisation,
  insertProgramme,
  selectParticipants,
} from '../../db/queries/programmes';
import type { MembershipStatus, Organisation, Programme, Role } from '../../db/schema';
import type { MentorshipForm } from './forms';

export const DEFAULT_TIMEZONE = 'Europe/Moscow';

/** Input an operator or curator got wrong; `field` names the input, the message says what is expected. */
export class ProgrammeInputError extends Error {
  constructor(
    readonly field: 'name' | 'timezone' | 'studentsTotal' | 'organisationId' | 'startsOn' | 'endsOn',
    message: string,
  ) {
    super(message);
    this.name = 'ProgrammeInputError';
  }
}

export interface OrganisationInput {
  name: string;
  region?: string | undefined;
  municipality?: string | undefined;
  /** An IANA zone such as Asia/Yekaterinburg; Europe/Moscow when absent. */
  timezone?: string | undefined;
  studentsTotal?: number | undefined;
}

export interface ProgrammeInput {
  organisationId: number;
  name: string;
  forms?: MentorshipForm[] | undefined;
  /** YYYY-MM-DD */
  startsOn?: string | undefined;
  /** YYYY-MM-DD, not before startsOn */
  endsOn?: string | undefined;
  topics?: string[] | undefined;
}

export interface Participant {
  personId: number;
  /** Null until the questionnaire gives it, and after the person's data was erased. */
  fullName: string | null;
  role: Role;
  status: MembershipStatus;
  joinedAt: Date;
  platforms: string[];
}

export async function createOrganisation(db: Executor, input: OrganisationInput): Promise<Organisation> {
  const name = input.name.trim();
  if (!name) throw new ProgrammeInputError('name', 'the organisation needs a name');
  const timezone = input.timezone?.trim() || DEFAULT_TIMEZONE;
  if (!IANAZone.isValidZone(timezone)) {
    throw new ProgrammeInputError('timezone', `unknown time zone "${timezone}" (expected an IANA name such as Europe/Moscow)`);
  }
  if (input.studentsTotal !== undefined && !(Number.isInteger(input.studentsTotal) && input.studentsTotal >= 0)) {
    throw new ProgrammeInputError('studentsTotal', 'the number of students must be a whole number, 0 or more');
  }
  return insertOrganisation(db, {
    name,
    region: input.region?.trim() || null,
    municipality: input.municipality?.trim() || null,
    timezone,
    studentsTotal: input.studentsTotal ?? null,
  });
}

export async function getOrganisation(db: Executor, organisationId: number): Promise<Organisation | undefined> {
  return findOrganisation(db, organisationId);
}

export async function createProgramme(db: Executor, input: ProgrammeInput): Promise<Programme> {
  const name = input.name.trim();
  if (!name) throw new ProgrammeInputError('name', 'the programme needs a name');
  const startsOn = input.startsOn === undefined ? undefined : calendarDate('startsOn', input.startsOn);
  const endsOn = input.endsOn === undefined ? undefined : calendarDate('endsOn', input.endsOn);
  if (startsOn && endsOn && endsOn < startsOn) {
    throw new ProgrammeInputError('endsOn', `the programme cannot end (${endsOn}) before it starts (${startsOn})`);
  }
  if (!(await findOrganisation(db, input.organisationId))) {
    throw new ProgrammeInputError('organisationId', `organisation ${input.organisationId} does not exist`);
  }
  const topics = [...new Set((input.topics ?? []).map((t) => t.trim()).filter(Boolean))];
  return insertProgramme(db, {
    organisationId: input.organisationId,
    name,
    forms: [...new Set(input.forms ?? [])],
    startsOn: startsOn ?? null,
    endsOn: endsOn ?? null,
    // No topics means the questionnaire's own list.
    topics: topics.length > 0 ? topics : null,
  });
}

export async function getProgramme(
  db: Executor,
  programmeId: number,
): Promise<{ programme: Programme; organisation: Organisation } | undefined> {
  return findProgrammeWithOrganisation(db, programmeId);
}

/** The members of a programme, optionally of one role, in the order they joined. */
export async function listParticipants(db: Executor, input: { programmeId: number; role?: Role | undefined }): Promise<Participant[]> {
  return selectParticipants(db, input.programmeId, input.role);
}

function calendarDate(field: 'startsOn' | 'endsOn', value: string): string {
  // ISO strings of equal length compare like the dates they name.
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid) return value;
  throw new ProgrammeInputError(field, `"${value}" is not a date (expected YYYY-MM-DD)`);
}
