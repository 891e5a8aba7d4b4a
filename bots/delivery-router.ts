// Routes messages for other people to the adapter of their messenger. Adapters register their
// senders; every adapter's `deliver` option points here, so a Telegram update can notify a VK user.
import type { Delivery, MessageSender } from '../flows/events';
import type { Platform } from '../db/schema';
import type { Logger } from '../src/logger';

export interface DeliveryRouter {
  register(sender: MessageSender): void;
  deliver(delivery: Delivery): Promise<void>;
}

export function createDeliveryRouter(logger: Logger, onTerminal?: (delivery: Delivery) => void): DeliveryRouter {
  const senders = new Map<Platform, MessageSender>();
  return {
    register(sender) {
      senders.set(sender.platform, sender);
    },
    async deliver(delivery) {
      if (delivery.platform === 'terminal' && onTerminal) return onTerminal(delivery);
      const sender = senders.get(delivery.platform);
      if (!sender) {
        logger.warn({ platform: delivery.platform, personId: delivery.personId }, 'no adapter for delivery; dropped');
        return;
      }
      await sender.send(delivery.chatId, delivery.message);
    },
  };
}
