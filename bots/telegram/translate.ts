// Telegram update -> neutral InboundUpdate. Pure: what the bot reads is decided here, what it does
// with it is the handler's business. Updates the bot does not act on translate to undefined.
import type { Chat, Message, Update, User } from 'grammy/types';
import type { InboundEvent, InboundUpdate } from '../../flows/events';

/**
 * Message contents a user can send that flows cannot read, in the order they are checked
 * (an animation also carries `document`, a venue also carries `location`).
 */
const unsupportedContents = [
  'animation',
  'audio',
  'document',
  'live_photo',
  'paid_media',
  'photo',
  'sticker',
  'story',
  'video',
  'video_note',
  'voice',
  'contact',
  'dice',
  'game',
  'poll',
  'venue',
  'location',
  'checklist',
  'invoice',
  'giveaway',
  'users_shared',
  'chat_shared',
  'rich_message',
] as const satisfies readonly (keyof Message)[];

/** "/name", "/name@bot", "/name args…"; Telegram commands are latin letters, digits and "_". */
const commandPattern = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;

/**
 * Translates one Telegram update. `botUsername` is used to drop commands addressed to another bot
 * in a group ("/start@other_bot").
 */
export function translateUpdate(update: Update, botUsername: string): InboundUpdate | undefined {
  if (update.message) return translateMessage(update.update_id, update.message, botUsername);
  if (update.callback_query) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    const chatType = chat === undefined ? 'private' : toChatType(chat);
    if (chatType === undefined) return undefined;
    const event: InboundEvent =
      query.data === undefined ? { kind: 'unsupported', content: 'callback_game' } : { kind: 'button', payload: query.data };
    return inbound(update.update_id, chatType, query.from, chat?.id ?? query.from.id, event);
  }
  // Edited messages, channel posts, member changes, reactions, inline queries…: nothing to answer.
  return undefined;
}

function translateMessage(updateId: number, message: Message, botUsername: string): InboundUpdate | undefined {
  const chatType = toChatType(message.chat);
  const from = message.from;
  if (chatType === undefined || from === undefined || from.is_bot) return undefined;
  const event = toEvent(message, botUsername);
  if (event === undefined) return undefined;
  return inbound(updateId, chatType, from, message.chat.id, event);
}

function toEvent(message: Message, botUsername: string): InboundEvent | undefined {
  if (message.text !== undefined) return textEvent(message.text, botUsername);
  const content = unsupportedContents.find((key) => message[key] !== undefined);
  // Service messages (members joined, title changed, pinned…) are not user input.
  return content === undefined ? undefined : { kind: 'unsupported', content };
}

function textEvent(text: string, botUsername: string): InboundEvent | undefined {
  const match = commandPattern.exec(text);
  if (!match) return { kind: 'text', text };
  const [, name = '', addressee, args = ''] = match;
  if (addressee !== undefined && addressee.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return { kind: 'command', name: name.toLowerCase(), args: args.trim() };
}

function toChatType(chat: Chat): InboundUpdate['chatType'] | undefined {
  switch (chat.type) {
    case 'private':
      return 'private';
    case 'group':
    case 'supergroup':
      return 'group';
    default:
      return undefined;
  }
}

function inbound(
  updateId: number,
  chatType: InboundUpdate['chatType'],
  from: User,
  chatId: number,
  event: InboundEvent,
): InboundUpdate {
  return {
    platform: 'telegram',
    updateId: String(updateId),
    chatType,
    user: { externalId: String(from.id), chatId: String(chatId), languageCode: from.language_code },
    event,
  };
}
