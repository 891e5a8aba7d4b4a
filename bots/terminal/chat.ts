// A chat in the terminal for trying the bot without a messenger: the same engine and flows.
// Buttons are shown numbered; typing the number presses the button. ":user NAME" switches to
// another simulated person (e.g. a mentor and a mentee on one keyboard).
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Button, OutboundMessage, UpdateHandler } from '../../flows/events';
import type { Logger } from '../../src/logger';

export interface TerminalChatOptions {
  handler: UpdateHandler;
  logger: Logger;
  input?: Readable;
  output?: Writable;
  /** Printed once at start (e.g. demo invite codes). */
  banner?: string;
  languageCode?: string;
}

export interface TerminalChat {
  /** Resolves when the input ends or `stop()` is called. */
  run(): Promise<void>;
  stop(): void;
}

/** Parses one typed line into the neutral event, pressing a numbered button when asked to. */
export function parseTerminalLine(line: string, lastButtons: Button[]):
  | { kind: 'command'; name: string; args: string }
  | { kind: 'text'; text: string }
  | { kind: 'button'; payload: string } {
  const text = line.trim();
  if (/^\d{1,2}$/.test(text)) {
    const button = lastButtons[Number(text) - 1];
    if (button) return { kind: 'button', payload: button.payload };
  }
  const command = /^\/([a-zA-Z_]+)(?:\s+([\s\S]*))?$/.exec(text);
  if (command?.[1]) return { kind: 'command', name: command[1].toLowerCase(), args: (command[2] ?? '').trim() };
  return { kind: 'text', text: line };
}

export function renderTerminalMessage(message: OutboundMessage, startNumber = 1): { text: string; buttons: Button[] } {
  const buttons = (message.buttons ?? []).flat();
  const lines = [`\n🤖 ${message.text}`];
  let n = startNumber;
  for (const row of message.buttons ?? []) {
    lines.push(`   ${row.map((b) => `[${n++}] ${b.label}`).join('   ')}`);
  }
  if (message.document) lines.push(`   📎 ${message.document.fileName} (${message.document.content.byteLength} bytes)`);
  return { text: lines.join('\n'), buttons };
}

export function createTerminalChat(options: TerminalChatOptions): TerminalChat {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const rl = readline.createInterface({ input, output, terminal: false });
  const session = `${Date.now().toString(36)}`;
  let user = 'you';
  let counter = 0;
  let lastButtons: Button[] = [];
  const write = (s: string) => output.write(`${s}\n`);

  async function handleLine(line: string): Promise<void> {
    const switchUser = /^:user\s+(\S+)/.exec(line.trim());
    if (switchUser?.[1]) {
      user = switchUser[1];
      lastButtons = [];
      write(`(now writing as "${user}")`);
      return;
    }
    if (!line.trim()) return;
    const event = parseTerminalLine(line, lastButtons);
    const result = await options.handler.handle({
      platform: 'terminal',
      updateId: `${session}-${++counter}`,
      chatType: 'private',
      user: { externalId: user, chatId: user, languageCode: options.languageCode },
      event,
    });
    if (result.toast) write(`   (${result.toast})`);
    lastButtons = [];
    for (const reply of result.replies) {
      const rendered = renderTerminalMessage(reply, lastButtons.length + 1);
      lastButtons.push(...rendered.buttons);
      write(rendered.text);
    }
    for (const delivery of result.deliveries) {
      write(`\n📨 to person ${delivery.personId} (${delivery.platform}): ${delivery.message.text}`);
    }
  }

  let stopped = false;
  return {
    async run() {
      if (options.banner) write(options.banner);
      write('Type /start, an invite code, or a button number. Ctrl+D to quit.');
      for await (const line of rl) {
        if (stopped) break;
        try {
          await handleLine(line);
        } catch (error) {
          options.logger.error({ err: error }, 'terminal update failed');
          write('(error: see the log; try again)');
        }
      }
    },
    stop() {
      stopped = true;
      rl.close();
    },
  };
}
