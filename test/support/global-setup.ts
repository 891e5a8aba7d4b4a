// Once per test run: a migrated template database named after the migrations' hash, so each test
// file can clone a fresh, isolated database in milliseconds. Leftovers of crashed runs are dropped.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { createDatabase, migrationsFolder } from '../../db/client';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

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
      else hash.update(entry.name).update(readFileSync(full));
    }
  };
  walk(migrationsFolder);
  return hash.digest('hex').slice(0, 12);
}

export default async function setup(project: TestProject): Promise<void> {
  const template = `nastavnik_tpl_${migrationsHash()}`;
  const admin = postgres(testDatabaseUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin`select pg_advisory_lock(4711)`;
    const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'nastavnik_t\_%'`;
    const hourAgo = Date.now() - 3600_000;
    for (const { datname } of stale) {
      const created = Number(/^nastavnik_t_(\d+)_/.exec(datname)?.[1] ?? 0);
      if (created < hourAgo) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    const [exists] = await admin`select 1 from pg_database where datname = ${template}`;
    if (!exists) {
      await admin.unsafe(`create database "${template}"`);
      const database = createDatabase({ url: urlFor(template), poolSize: 1 });
      try {
        await database.migrate();
      } catch (error) {
        await database.close();
        await admin.unsafe(`drop database if exists "${template}" with (force)`);
        throw error;
      }
      await database.close();
    }
    await admin`select pg_advisory_unlock(4711)`;
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
