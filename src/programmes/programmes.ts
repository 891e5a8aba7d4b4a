// Organisations and their programmes: stage 1 of the target model.
import { IANAZone } from 'luxon';
import type { Executor } from '../../db/client';
import { findProgrammeWithOrganisation, insertOrganisation, insertProgramme, selectParticipants } from '../../db/queries/programmes';
import type { Role } from '../../db/schema';
import type { MentorshipForm } from './forms';

export class InvalidTimezoneError extends Error {
  constructor(zone: string) {
    super(`unknown time zone "${zone}" (expected an IANA name such as Europe/Moscow)`);
    this.name = 'InvalidTimezoneError';
  }
}

export async function createOrganisation(
  db: Executor,
  input: { name: string; region?: string; municipality?: string; timezone?: string; studentsTotal?: number },
) {
  const timezone = input.timezone ?? 'Europe/Moscow';
  if (!IANAZone.isValidZone(timezone)) throw new InvalidTimezoneError(timezone);
  return insertOrganisation(db, {
    name: input.name,
    region: input.region ?? null,
    municipality: input.municipality ?? null,
    timezone,
    studentsTotal: input.studentsTotal ?? null,
  });
}

export async function createProgramme(
  db: Executor,
  input: { organisationId: number; name: string; forms?: MentorshipForm[]; startsOn?: string; endsOn?: string; topics?: string[] },
) {
  return insertProgramme(db, {
    organisationId: input.organisationId,
    name: input.name,
    forms: input.forms ?? [],
    startsOn: input.startsOn ?? null,
    endsOn: input.endsOn ?? null,
    topics: input.topics && input.topics.length > 0 ? input.topics : null,
  });
}

export async function getProgramme(db: Executor, programmeId: number) {
  return findProgrammeWithOrganisation(db, programmeId);
}

export async function listParticipants(db: Executor, input: { programmeId: number; role?: Role }) {
  return selectParticipants(db, input.programmeId, input.role);
}
