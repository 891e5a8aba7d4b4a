// DATABASE_URL naming a Unix socket the libpq way (?host=/folder): the app connects through the
// socket, migrations included, and the parameter never reaches the server as a setting.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, postgresTarget, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';

let overTcp: TestDatabase;
let overSocket: Database | undefined;

beforeAll(async () => {
  overTcp = await createTestDatabase({ poolSize: 1 });
});

afterAll(async () => {
  await overSocket?.close();
  await overTcp?.drop();
});

/** inet_server_addr(): the server's address over TCP, NULL over a Unix socket. */
async function serverAddress(database: Database): Promise<string | null> {
  const rows = await database.db.execute<{ address: string | null }>(sql`select inet_server_addr()::text as address`);
  const [row] = Array.isArray(rows) ? rows : (rows as unknown as { rows: { address: string | null }[] }).rows;
  return row?.address ?? null;
}

it('connects through the Unix socket a ?host=/folder parameter names, migrations included', async () => {
  const folders = await overTcp.db.execute<{ folders: string }>(sql`select current_setting('unix_socket_directories') as folders`);
  const folder = (folders as unknown as { folders: string }[])[0]?.folders.split(',')[0]?.trim();
  // The server this suite runs on listens on a socket (Debian's: /var/run/postgresql); without one this test cannot mean anything.
  expect(folder, 'the test server has no unix_socket_directories').toMatch(/^\//);
  expect(await serverAddress(overTcp)).not.toBeNull();

  const url = new URL(overTcp.url);
  url.hostname = 'localhost';
  url.searchParams.set('host', folder ?? '');
  overSocket = createDatabase({ url: url.toString(), poolSize: 2 });
  await overSocket.migrate();
  expect(await overSocket.ready()).toBe(true);
  expect(await serverAddress(overSocket)).toBeNull();
});

it('keeps a TCP URL as it is and hands the socket path, not the parameter, to the driver', () => {
  expect(postgresTarget('postgres://app:secret@db.example:6432/nastavnik?sslmode=require')).toEqual({
    url: 'postgres://app:secret@db.example:6432/nastavnik?sslmode=require',
    socket: {},
  });
  expect(postgresTarget('postgres://app@localhost:5433/nastavnik?host=/run/postgresql/&application_name=bot')).toEqual({
    url: 'postgres://app@localhost:5433/nastavnik?application_name=bot',
    socket: { path: '/run/postgresql/.s.PGSQL.5433' },
  });
});
