// What a flow works with while it handles one event: the person, their state, texts, replies.
// Everything a flow writes goes through `tx`, the transaction of this one update.
import type { Tx } from '../db/client';
import type { Identity, Person } from '../db/schema';
import type { I18n, Locale, TextArgs } from '../src/i18n';
import type { Logger } from '../src/logger';
import type { QuestionnaireCatalog } from '../src/questionnaires/catalog';
import type { Button, InboundEvent, OutboundMessage } from './events';

export interface FlowDeps {
  i18n: I18n;
  catalog: QuestionnaireCatalog;
  logger: Logger;
  /** Bot usernames for invite links shown to curators. */
  links?: { telegramBotUsername?: string | undefined; vkCommunity?: string | undefined } | undefined;
}

export interface FlowState {
  flow: string | null;
  data: Record<string, unknown>;
}

export interface Conversation {
  readonly tx: Tx;
  readonly now: Date;
  readonly person: Person;
  readonly identity: Identity;
  readonly chatType: 'private' | 'group';
  readonly deps: FlowDeps;
  readonly logger: Logger;
  locale: Locale;
  state: FlowState;
  t(key: string, args?: TextArgs): string;
  /** Queues a message to the sender. */
  reply(text: string, buttons?: Button[][], options?: { edit?: boolean }): void;
  send(message: OutboundMessage): void;
  /** A short notice on the pressed button. */
  toast(text: string): void;
  enter(flow: string, data: Record<string, unknown>): void;
  leave(): void;
  /**
   * Queues a message for another person, written in their language and sent to the messenger they
   * last wrote from (after this update's transaction commits).
   */
  notify(personId: number, build: (t: (key: string, args?: TextArgs) => string) => OutboundMessage): void;
  /** Removes the person entirely at the end of this update (a refusal before any consent). */
  forgetPerson(): void;
  /**
   * A write (already sent through `tx`: every statement handed to the driver before this call
   * returns) whose result the flow does not need: the engine sends it with the save of the flow state
   * and the COMMIT, one round trip for all. If it fails, the update is rolled back and fails.
   */
  meanwhile(write: Promise<unknown>): void;
}

/** A conversation written once for every messenger. */
export interface Flow {
  readonly name: string;
  /** Asks again whatever the person is expected to answer now (after /start, /language, an error). */
  resume(ctx: Conversation): Promise<void>;
  /** Handles an event while the person is in this flow. */
  handle(ctx: Conversation, event: InboundEvent): Promise<void>;
}
