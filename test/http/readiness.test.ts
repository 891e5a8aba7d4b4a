// /readyz against real PostgreSQL: ready only while the database answers and is fully migrated.
import { afterEach, expect, it } from 'vitest';
import { createDatabase } from '../../db/client';
import { startHttpServer, type HttpServer } from '../../src/http/server';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { get } from '../support/http';

let server: HttpServer | undefined;
let database: TestDatabase | undefined;

afterEach(async () => {
  await server?.close();
  await database?.drop();
  server = undefined;
  database = undefined;
});

async function serve(ready: () => Promise<boolean>): Promise<string> {
  server = await startHttpServer({ host: '127.0.0.1', port: 0, logger: createLogger('silent'), ready });
  return server.url;
}

it('readyz answers 200 while the migrated database answers, and 503 once it is closed', async () => {
  const db = await createTestDatabase();
  database = db;
  const url = await serve(() => db.ready());

  const before = await get(`${url}/readyz`);
  await db.close();
  const after = await get(`${url}/readyz`);

  expect(before.status).toBe(200);
  expect(after.status).toBe(503);
  expect((await get(`${url}/healthz`)).status).toBe(200);
});

it('readyz answers 503 when the database server cannot be reached', async () => {
  const unreachable = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/nastavnik', poolSize: 1 });
  try {
    const url = await serve(() => unreachable.ready());

    expect((await get(`${url}/readyz`)).status).toBe(503);
  } finally {
    await unreachable.close();
  }
});

it('readyz answers 503 on a database whose migrations have not been applied', async () => {
  const empty = await createTestDatabase({ empty: true });
  database = empty;
  const url = await serve(() => empty.ready());

  expect((await get(`${url}/readyz`)).status).toBe(503);
});
