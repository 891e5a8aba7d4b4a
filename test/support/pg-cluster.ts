// A private, throw-away PostgreSQL cluster for tests that stop, restart or break the server without
// touching the shared one on 5432: initdb into a temp dir, pg_ctl on a free loopback port, trust auth,
// fsync off. As root the binaries run as the `postgres` user (initdb refuses root).
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PgCluster {
  /** URL of the cluster's `postgres` database (user postgres, no password). */
  url: string;
  port: number;
  dataDir: string;
  /** URL of another database on this cluster. */
  urlFor(database: string): string;
  /** Stops the server; `immediate` simulates a crash (no checkpoint), `fast` is a clean shutdown. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the server again on the same port and data. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server (if running) and deletes the data directory. */
  destroy(): Promise<void>;
}

export interface PgClusterOptions {
  /** Extra server settings, e.g. { max_connections: '200' }. */
  settings?: Record<string, string>;
  /**
   * Commits survive an immediate stop, as on a production server (fsync and synchronous_commit on).
   * The default trades that away for speed; a test that kills the server with committed data needs it.
   */
  durable?: boolean;
}

/** The newest installed server binaries: PG_BIN, else /usr/lib/postgresql/<highest>/bin, else PATH. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

function binary(name: string): string {
  const dir = postgresBinDir();
  return dir ? path.join(dir, name) : name;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function lookupPostgresUser(): { uid: number; gid: number } {
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').find((line) => line.startsWith('postgres:'));
  const fields = passwd?.split(':');
  if (!fields?.[2] || !fields[3]) throw new Error('pg-cluster: running as root needs a `postgres` system user');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** The command line for a server binary, switched to the postgres user when running as root. */
function command(name: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', binary(name), ...args]] : [binary(name), args];
}

function run(name: string, args: string[]): Promise<string> {
  const [file, argv] = command(name, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${name} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Clusters still running when the test process exits are stopped and deleted. */
const live = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const dataDir of live) {
      const [file, argv] = command('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
      spawnSync(file, argv, { stdio: 'ignore' });
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  });
}

/** Creates and starts a new cluster (about a second: initdb without sync, then pg_ctl start). */
export async function startPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const root = mkdtempSync(path.join(tmpdir(), 'nastavnik-pg-'));
  const dataDir = path.join(root, 'data');
  const logFile = path.join(root, 'server.log');
  if (asRoot) {
    const { uid, gid } = lookupPostgresUser();
    chownSync(root, uid, gid);
  }
  installExitHook();
  live.add(dataDir);
  try {
    await run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
  } catch (error) {
    live.delete(dataDir);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  let port = 0;
  let running = false;
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: root,
    fsync: options.durable === true ? 'on' : 'off',
    synchronous_commit: options.durable === true ? 'on' : 'off',
    full_page_writes: 'off',
    ...options.settings,
  };

  const launch = async (): Promise<void> => {
    const flags = [`-p ${port}`, ...Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`)].join(' ');
    await run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', flags]);
    running = true;
  };

  const serverLog = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '');

  // A port found free can be taken before the server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3) {
        live.delete(dataDir);
        rmSync(root, { recursive: true, force: true });
        throw new Error(`${(error as Error).message}\nserver log:\n${serverLog()}`);
      }
    }
  }

  const urlFor = (database: string): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    if (!running) return;
    await run('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60']);
    running = false;
  };
  const start = async (): Promise<void> => {
    if (running) return;
    await launch();
  };

  return {
    url: urlFor('postgres'),
    port,
    dataDir,
    urlFor,
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async destroy() {
      try {
        await stop('immediate');
      } finally {
        live.delete(dataDir);
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
