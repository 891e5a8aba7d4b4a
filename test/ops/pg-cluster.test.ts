// The private test cluster: starts on its own port, keeps its data across stop/start, refuses
// connections while stopped, and leaves nothing behind once destroyed.
import { existsSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, expect, it } from 'vitest';
import { startPgCluster, type PgCluster } from '../support/pg-cluster';

let cluster: PgCluster | undefined;

afterAll(async () => {
  await cluster?.destroy();
});

async function query(url: string, text: string): Promise<unknown[]> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => undefined });
  try {
    return [...(await sql.unsafe(text))];
  } finally {
    await sql.end({ timeout: 1 });
  }
}

it('runs a private PostgreSQL that keeps data across stop, start and restart, and is gone once destroyed', async () => {
  cluster = await startPgCluster();
  expect(cluster.port).not.toBe(5432);

  await query(cluster.url, 'create database scratch');
  await query(cluster.urlFor('scratch'), "create table t (v text); insert into t values ('kept')");

  await cluster.stop();
  await expect(query(cluster.urlFor('scratch'), 'select 1')).rejects.toThrow();

  await cluster.start();
  expect(await query(cluster.urlFor('scratch'), 'select v from t')).toEqual([{ v: 'kept' }]);

  await cluster.restart();
  expect(await query(cluster.urlFor('scratch'), 'select v from t')).toEqual([{ v: 'kept' }]);

  await cluster.stop('immediate');
  await cluster.start();
  expect(await query(cluster.urlFor('scratch'), 'select v from t')).toEqual([{ v: 'kept' }]);

  const dataDir = cluster.dataDir;
  await cluster.destroy();
  cluster = undefined;
  expect(existsSync(dataDir)).toBe(false);
});
