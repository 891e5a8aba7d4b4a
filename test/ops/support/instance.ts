// Real bot instances for the operations tests: `node --import tsx src/main.ts` as a child process with
// its own environment, its JSON log read back, stopped by signal. And a round-robin HTTP proxy that
// spreads webhook posts over several instances the way a load balancer does.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

export interface LogLine {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export interface BotInstance {
  readonly name: string;
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port> of its HTTP server, once it logged 'http server listening'. */
  url: string;
  /** Everything it printed so far. */
  output(): string;
  logs(): LogLine[];
  waitForLog(message: string, timeoutMs?: number): Promise<LogLine>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `src/main.ts` with exactly this environment (plus PATH); resolves once its HTTP server listens. */
export async function startInstance(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<BotInstance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const logs = (): LogLine[] =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });
  const waitForLog = async (message: string, timeout = timeoutMs): Promise<LogLine> => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = logs().find((line) => line.msg === message);
      if (found) return found;
      if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before logging "${message}":\n${output}`);
      if (Date.now() > deadline) throw new Error(`${name}: timed out waiting for "${message}":\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const instance: BotInstance = {
    name,
    child,
    url: '',
    output: () => output,
    logs,
    waitForLog,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  try {
    const listening = await waitForLog('http server listening');
    instance.url = `http://127.0.0.1:${String(listening.port)}`;
  } catch (error) {
    await instance.stop('SIGKILL');
    throw error;
  }
  return instance;
}

export interface RoundRobinProxy {
  url: string;
  /** How many requests went to each upstream, in the order given. */
  counts: number[];
  close(): Promise<void>;
}

/** A load balancer in a few lines: each request goes to the next upstream in turn, body and status passed through. */
export async function startRoundRobinProxy(upstreams: string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const counts = upstreams.map(() => 0);
  const server: Server = createServer((req, res) => {
    const index = next++ % upstreams.length;
    counts[index] = (counts[index] ?? 0) + 1;
    const target = new URL(req.url ?? '/', upstreams[index]);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
