// `npm start` with no token and no DATABASE_URL: the terminal chat on the embedded database.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTerminalLine, renderTerminalMessage } from '../../../bots/terminal/chat';
import { repoRoot, startArgs } from '../../support/start-command';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Runs the bot as `npm start` does, typing the lines one after another, and returns what it printed. */
async function runBot(dataDir: string, lines: string[]): Promise<string> {
  const child = spawn(process.execPath, startArgs(), {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const waitFor = async (predicate: () => boolean) => {
    const started = Date.now();
    while (!predicate()) {
      // Generous: the embedded database opens and migrates at start, slowly on a busy 2-core machine.
      if (Date.now() - started > 40_000) throw new Error(`timed out; output so far:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await waitFor(() => output.includes('Type /start'));
  for (const line of lines) {
    const before = output.length;
    child.stdin.write(`${typeof line === 'string' ? line : ''}\n`);
    await waitFor(() => output.length > before && output.slice(before).includes('🤖'));
  }
  child.stdin.end();
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
  return output;
}

describe('npm start without any configuration', () => {
  it('opens a terminal chat on the embedded database with demo invite codes, and keeps answers across restarts', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'nastavnik-start-'));
    dirs.push(dataDir);
    const first = await runBot(dataDir, ['/start']);
    const code = /mentee code ([A-Z2-9]{8})/.exec(first)?.[1];
    expect(code).toBeDefined();
    expect(first).toMatch(/terminal chat \(pglite\)/);
    expect(first).toMatch(/ссылка-приглашение или код от куратора/);

    const second = await runBot(dataDir, [code ?? '', '1', '1', 'Тестов Тест']);
    expect(second).toMatch(/Вопрос 1 из/);
    expect(second).toMatch(/Вопрос 2 из/);

    const third = await runBot(dataDir, ['/start']);
    expect(third).toMatch(new RegExp(`mentee code ${code}`));
    expect(third).toMatch(/Вопрос 2 из/);
  }, 150_000);
});

describe('terminal chat parsing', () => {
  it('turns a typed number into a press of that button, and /commands into commands', () => {
    const { buttons } = renderTerminalMessage({ text: 'q', buttons: [[{ label: 'Да', payload: 'a' }, { label: 'Нет', payload: 'b' }]] });
    expect(parseTerminalLine('2', buttons)).toEqual({ kind: 'button', payload: 'b' });
    expect(parseTerminalLine('3', buttons)).toEqual({ kind: 'text', text: '3' });
    expect(parseTerminalLine('/start ABC', buttons)).toEqual({ kind: 'command', name: 'start', args: 'ABC' });
    expect(parseTerminalLine('привет', buttons)).toEqual({ kind: 'text', text: 'привет' });
  });
});
