// The real VK side of the application for end-to-end tests: a new app (engine on its own database
// connections) and the real vk-io based adapter long-polling the fake VK API; and a person who
// talks to it as a VK user does: typing, sending stickers, pressing callback or text buttons.
import { expect } from 'vitest';
import { createDeliveryRouter } from '../../../bots/delivery-router';
import { createVkAdapter, type VkAdapter } from '../../../bots/vk/bot';
import { createDatabase } from '../../../db/client';
import type { HandleResult, InboundUpdate } from '../../../flows/events';
import type { App } from '../../../src/app';
import { createTestApp } from '../../support/app';
import { waitUntil } from '../../support/fake-telegram';
import type { FakeVk, FakeVkUser, FakeVkUserOptions, RawEvent, RecordedCall, SendTextOptions, SentMessage } from '../../support/fake-vk';
import type { UpdateTracker } from './update-tracker';

export interface VkBotUnderTest {
  app: App;
  adapter: VkAdapter;
  /** True while no VK API call of the adapter is queued or running. */
  idle(): boolean;
  shutdown(): Promise<void>;
}

/**
 * Builds the application on its own connections to `databaseUrl` and starts the VK adapter as
 * main.ts does. Every update the engine finishes is counted in `tracker`.
 */
export async function startVkBot(vk: FakeVk, databaseUrl: string, tracker: UpdateTracker): Promise<VkBotUnderTest> {
  const app = await createTestApp(createDatabase({ url: databaseUrl, poolSize: 3 }));
  const router = createDeliveryRouter(app.logger);
  const handler = {
    async handle(update: InboundUpdate): Promise<HandleResult> {
      const result = await app.engine.handle(update);
      tracker.record(update.updateId);
      return result;
    },
  };
  const adapter = createVkAdapter({
    token: vk.token,
    groupId: vk.groupId,
    apiBaseUrl: vk.apiBaseUrl,
    handler,
    logger: app.logger,
    deliver: router.deliver,
  });
  router.register(adapter.sender);
  // After the engine returns, the adapter's remaining work for an event is VK API calls (the event
  // answer, sends, edits), chained without timers: no call running means the event is done.
  let running = 0;
  const api = adapter.vk.api;
  const callWithRequest = api.callWithRequest.bind(api);
  api.callWithRequest = (request) => {
    running++;
    const call = callWithRequest(request);
    call.then(
      () => running--,
      () => running--,
    );
    return call;
  };
  await adapter.start();
  return {
    app,
    adapter,
    idle: () => running === 0,
    async shutdown() {
      await adapter.stop();
      await app.close();
    },
  };
}

/** What one action changed in the chat. */
export interface Seen {
  event: RawEvent;
  /** New messages from the community, in order. */
  sent: SentMessage[];
  /** Earlier community messages that were edited. */
  edited: SentMessage[];
  /** messages.sendMessageEventAnswer calls for this action's callback press. */
  eventAnswers: RecordedCall[];
  texts: string[];
}

export interface VkPerson {
  readonly id: number;
  readonly user: FakeVkUser;
  text(text: string, options?: SendTextOptions): Promise<Seen>;
  sticker(): Promise<Seen>;
  photo(): Promise<Seen>;
  /** Presses the button with this label on the newest message that has it, as the client does. */
  press(label: string): Promise<Seen>;
  /** A callback press with any payload (a forged one, say) on the newest message. */
  pressCallback(payload: unknown): Promise<Seen>;
  chat(): SentMessage[];
  lastText(): string;
  /** Labels of the buttons of the newest message that has buttons. */
  buttons(): string[];
}

export function vkPerson(
  vk: FakeVk,
  bot: () => VkBotUnderTest,
  tracker: UpdateTracker,
  id: number,
  options: FakeVkUserOptions = {},
): VkPerson {
  const user = vk.user(id, { lang: 'ru', ...options });

  const observe = async (send: () => RawEvent): Promise<Seen> => {
    const before = new Map(vk.sentTo(id).map((m) => [m.id, JSON.stringify(m)]));
    const event = send();
    const updateId = event.event_id ?? '';
    await waitUntil(() => tracker.count(updateId) > 0 && bot().idle(), 5000, `event ${updateId} to be handled and answered`);
    const after = vk.sentTo(id);
    const sent = after.filter((m) => !before.has(m.id));
    const callbackId = event.type === 'message_event' ? event.object.event_id : undefined;
    const eventAnswers = callbackId === undefined ? [] : vk.callsOf('messages.sendMessageEventAnswer').filter((c) => c.params.event_id === callbackId);
    if (callbackId !== undefined) expect(eventAnswers, `the callback press ${String(callbackId)} is answered once`).toHaveLength(1);
    return {
      event,
      sent,
      edited: after.filter((m) => before.has(m.id) && before.get(m.id) !== JSON.stringify(m)),
      eventAnswers,
      texts: sent.map((m) => m.text),
    };
  };

  return {
    id,
    user,
    text: (text, send) => observe(() => user.sendText(text, send)),
    sticker: () => observe(() => user.sendSticker()),
    photo: () => observe(() => user.sendPhoto()),
    press: (label) => observe(() => user.press(label)),
    pressCallback: (payload) => observe(() => user.pressCallback(payload)),
    chat: () => vk.sentTo(id),
    lastText: () => vk.sentTo(id).at(-1)?.text ?? '',
    buttons: () =>
      [...vk.sentTo(id)]
        .reverse()
        .find((m) => m.buttons.length > 0)
        ?.buttons.flat()
        .map((b) => b.label) ?? [],
  };
}
