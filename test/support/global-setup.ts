// Once per test run: a migrated template database named after the migrations' hash, so each test
// file can clone a fresh, isolated database in milliseconds. Leftovers of crashed runs are dropped.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDatabase, migrationsFolder } from '../../db/client';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Per-test databases are named nastavnik_t_<creation epoch ms>_<random>: their age is in their name. */
export const testDatabasePrefix = 'nastavnik_t_';
const templatePrefix = 'nastavnik_tpl_';
/** Serialises template creation and cleanup between vitest runs started together. */
const SETUP_LOCK_KEY = 4_711_0001;
const STALE_AFTER_MS = 3_600_000;

export function urlFor(database: string): string {
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(path.relative(migrationsFolder, full)).update(readFileSync(full));
    }
  };
  walk(migrationsFolder);
  return hash.digest('hex').slice(0, 12);
}

/** Creation time encoded in a per-test database's name; undefined for any other name. */
export function createdAtOf(datname: string): number | undefined {
  const match = /^nastavnik_t_(\d{13})_[0-9a-f]+$/.exec(datname);
  return match?.[1] ? Number(match[1]) : undefined;
}

async function dropStaleTestDatabases(admin: postgres.Sql, now: number): Promise<void> {
  const rows = await admin<{ datname: string }[]>`
    select datname from pg_database where starts_with(datname, ${testDatabasePrefix})`;
  for (const { datname } of rows) {
    const createdAt = createdAtOf(datname);
    if (createdAt !== undefined && createdAt < now - STALE_AFTER_MS) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
  }
}

/** Builds the template under a scratch name and renames it when complete: a crash never leaves a half-migrated template. */
async function ensureTemplate(admin: postgres.Sql, template: string): Promise<void> {
  const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
  if (exists) return;
  const scratch = `${template}_build`;
  await admin.unsafe(`drop database if exists "${scratch}" with (force)`);
  await admin.unsafe(`create database "${scratch}"`);
  const database = createDatabase({ url: urlFor(scratch), poolSize: 1 });
  try {
    await database.migrate();
  } finally {
    // A template must have no connections when it is cloned.
    await database.close();
  }
  await admin.unsafe(`alter database "${scratch}" rename to "${template}"`);
}

export default async function setup(project: TestProject): Promise<void> {
  const template = `${templatePrefix}${migrationsHash()}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin`select pg_advisory_lock(${SETUP_LOCK_KEY})`;
    try {
      await dropStaleTestDatabases(admin, Date.now());
      await ensureTemplate(admin, template);
    } finally {
      await admin`select pg_advisory_unlock(${SETUP_LOCK_KEY})`;
    }
  } finally {
    await admin.end();
  }
  project.provide('templateDatabase', template);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
