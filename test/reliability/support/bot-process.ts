// The real bot as a separate process (`tsx src/main.ts`, as `npm start` runs it), pointed at the
// fake servers and a test database by its environment, for tests that kill or stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface BotProcess {
  readonly child: ChildProcess;
  /** Everything it printed (JSON log lines on stdout, anything else on stderr). */
  output(): string;
  /** The `msg` of every JSON log line, in order. */
  logMessages(): string[];
  /** Resolves once a log line with this message appears. */
  waitForLog(message: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited(): Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

const root = path.resolve(import.meta.dirname, '../../..');

export function startBotProcess(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logMessages = (): string[] =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        try {
          return String((JSON.parse(line) as { msg?: unknown }).msg);
        } catch {
          return '';
        }
      });
  return {
    child,
    output: () => output,
    logMessages,
    async waitForLog(message, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!logMessages().includes(message)) {
        if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}) before logging "${message}":\n${output.slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for "${message}":\n${output.slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited: () => exit,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
