// A chat harness over the engine itself (no messenger): a simulated user sends events and reads
// replies, pressing buttons by their label the way a person would.
import type { Button, HandleResult, InboundEvent, OutboundMessage, UpdateHandler } from '../../flows/events';
import type { Platform } from '../../db/schema';

let sequence = 0;

export interface ChatUser {
  readonly id: string;
  /** Every reply received, in order. */
  readonly replies: OutboundMessage[];
  send(event: InboundEvent): Promise<HandleResult>;
  text(text: string): Promise<HandleResult>;
  command(name: string, args?: string): Promise<HandleResult>;
  /** Presses the button whose label matches, searching the latest replies first. */
  press(label: string | RegExp): Promise<HandleResult>;
  pressPayload(payload: string): Promise<HandleResult>;
  sticker(): Promise<HandleResult>;
  last(): OutboundMessage;
  lastText(): string;
  /** Labels of the buttons of the latest reply that has buttons. */
  buttons(): string[];
}

export function createChat(handler: UpdateHandler, platform: Platform = 'telegram') {
  // Messages for other people land in their reply list, as a messenger would show them.
  const inboxes = new Map<string, OutboundMessage[]>();
  return {
    user(id: string, languageCode = 'ru'): ChatUser {
      const replies: OutboundMessage[] = inboxes.get(id) ?? [];
      inboxes.set(id, replies);
      const send = async (event: InboundEvent) => {
        const result = await handler.handle({
          platform,
          updateId: `u${++sequence}-${Date.now()}`,
          chatType: 'private',
          user: { externalId: id, chatId: id, languageCode },
          event,
        });
        replies.push(...result.replies);
        for (const delivery of result.deliveries) {
          if (delivery.platform !== platform) continue;
          const inbox = inboxes.get(delivery.chatId) ?? [];
          inbox.push(delivery.message);
          inboxes.set(delivery.chatId, inbox);
        }
        return result;
      };
      const findButton = (label: string | RegExp): Button | undefined => {
        for (let i = replies.length - 1; i >= 0; i--) {
          const found = (replies[i]?.buttons ?? []).flat().find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)));
          if (found) return found;
        }
        return undefined;
      };
      const user: ChatUser = {
        id,
        replies,
        send,
        text: (text) => send({ kind: 'text', text }),
        command: (name, args = '') => send({ kind: 'command', name, args }),
        async press(label) {
          const button = findButton(label);
          if (!button) {
            throw new Error(`no button ${String(label)} in the replies; last: ${replies.at(-1)?.text ?? '(none)'} ${JSON.stringify(replies.at(-1)?.buttons?.flat().map((b) => b.label))}`);
          }
          return send({ kind: 'button', payload: button.payload });
        },
        pressPayload: (payload) => send({ kind: 'button', payload }),
        sticker: () => send({ kind: 'unsupported', content: 'sticker' }),
        last() {
          const message = replies.at(-1);
          if (!message) throw new Error('no replies yet');
          return message;
        },
        lastText: () => user.last().text,
        buttons() {
          const withButtons = [...replies].reverse().find((r) => (r.buttons ?? []).length > 0);
          return (withButtons?.buttons ?? []).flat().map((b) => b.label);
        },
      };
      return user;
    },
  };
}
