// Builds the real application (engine, catalog, texts) on a test database, with a silent logger.
import { createApp, type App } from '../../src/app';
import { createConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import type { Database } from '../../db/client';
import { createInvite } from '../../src/invites/invites';
import { createOrganisation, createProgramme } from '../../src/programmes/programmes';
import type { Executor } from '../../db/client';

export async function createTestApp(database: Database, options: { clock?: () => Date } = {}): Promise<App> {
  const config = createConfig({ LOG_LEVEL: 'silent' });
  return createApp(config, createLogger('silent'), { database, clock: options.clock });
}

export interface SeededProgramme {
  organisationId: number;
  programmeId: number;
  menteeCode: string;
  mentorCode: string;
  curatorCode: string;
}

/** An organisation with one programme and open mentee, mentor and curator invites. */
export async function seedProgramme(
  db: Executor,
  overrides: { name?: string; organisation?: string; topics?: string[] } = {},
): Promise<SeededProgramme> {
  const organisation = await createOrganisation(db, { name: overrides.organisation ?? 'Школа № 5', region: 'Кировская область', municipality: 'Тужа' });
  const programme = await createProgramme(db, {
    organisationId: organisation.id,
    name: overrides.name ?? 'Наставничество 2026',
    ...(overrides.topics ? { topics: overrides.topics } : {}),
  });
  const mentee = await createInvite(db, { programmeId: programme.id, role: 'mentee' });
  const mentor = await createInvite(db, { programmeId: programme.id, role: 'mentor' });
  const curator = await createInvite(db, { programmeId: programme.id, role: 'curator' });
  return {
    organisationId: organisation.id,
    programmeId: programme.id,
    menteeCode: mentee.code,
    mentorCode: mentor.code,
    curatorCode: curator.code,
  };
}
