// Routes messages for other people to the adapter of their messenger. Adapters register their
// senders; every adapter's `deliver` option points here, so a Telegram update can notify a VK user.
import { DeliveryError, type Delivery, type MessageSender } from '../flows/events';
import type { Platform } from '../db/schema';
import type { Logger } from '../src/logger';

export interface DeliveryRouter {
  register(sender: MessageSender): void;
  deliver(delivery: Delivery): Promise<void>;
}

/**
 * `onUnreachable` is told when a messenger refuses a delivery because the person cannot receive it
 * (blocked the bot): the identity is marked, so nothing more is sent there until they write again.
 */
export function createDeliveryRouter(
  logger: Logger,
  onTerminal?: (delivery: Delivery) => void,
  onUnreachable?: (platform: Platform, chatId: string) => Promise<void>,
): DeliveryRouter {
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
      try {
        await sender.send(delivery.chatId, delivery.message);
      } catch (error) {
        if (error instanceof DeliveryError && error.reason === 'blocked' && onUnreachable) {
          await onUnreachable(delivery.platform, delivery.chatId).catch((failure: unknown) => {
            logger.warn({ platform: delivery.platform, personId: delivery.personId, err: String(failure) }, 'could not mark the identity unreachable');
          });
        }
        throw error;
      }
    },
  };
}
