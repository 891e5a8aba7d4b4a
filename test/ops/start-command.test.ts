// The container and `npm start` run the application the same way: one node process with the same
// options (the memory benchmark measures that command), so a change to one cannot leave the other behind.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, startCommand, startNodeOptions } from '../support/start-command';

function dockerCmd(): string[] {
  const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const line = dockerfile.split('\n').find((l) => l.startsWith('CMD '));
  if (line === undefined) throw new Error('the Dockerfile has no CMD');
  return JSON.parse(line.slice('CMD '.length)) as string[];
}

describe('start command', () => {
  it('is the same in the Dockerfile as in npm start', () => {
    expect(dockerCmd()).toEqual(startCommand());
  });

  it('runs node itself on src/main.ts, with a small young generation and a heap limit', () => {
    const command = startCommand();
    expect(command[0]).toBe('node');
    expect(command.slice(-3)).toEqual(['--import', 'tsx', 'src/main.ts']);
    expect(startNodeOptions()).toContain('--max-semi-space-size=2');
    expect(startNodeOptions()).toContain('--max-old-space-size=384');
  });
});
