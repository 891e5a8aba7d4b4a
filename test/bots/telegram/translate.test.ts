// Unit tests of the Telegram -> neutral translation, one update kind at a time.
import type { Chat, Message, Update, User } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { translateUpdate } from '../../../bots/telegram/translate';

const BOT = 'nastavnik_test_bot';
const alice: User = { id: 501, is_bot: false, first_name: 'Alice', language_code: 'ru' };
const privateChat: Chat = { id: 501, type: 'private', first_name: 'Alice' };
const group: Chat = { id: -100777, type: 'group', title: 'Class 7B' };

function messageUpdate(fields: Partial<Message>, chat: Chat = privateChat, from: User | null = alice): Update {
  const message = { message_id: 10, date: 1_700_000_000, chat, ...(from ? { from } : {}), ...fields };
  return { update_id: 9001, message: message as Update['message'] };
}

function callbackUpdate(data: string | undefined, chat: Chat | undefined = privateChat): Update {
  const message = chat ? { message_id: 11, date: 1_700_000_000, chat, text: 'Pick one' } : undefined;
  return {
    update_id: 9002,
    callback_query: {
      id: 'cb-1',
      from: alice,
      chat_instance: 'instance',
      ...(message ? { message } : { inline_message_id: 'inline-1' }),
      ...(data === undefined ? {} : { data }),
    } as Update['callback_query'],
  };
}

const eventOf = (update: Update) => translateUpdate(update, BOT)?.event;

describe('translateUpdate', () => {
  it('turns a private text message into a text event with the sender, chat and language', () => {
    expect(translateUpdate(messageUpdate({ text: 'Привет' }), BOT)).toEqual({
      platform: 'telegram',
      updateId: '9001',
      chatType: 'private',
      user: { externalId: '501', chatId: '501', languageCode: 'ru' },
      event: { kind: 'text', text: 'Привет' },
    });
  });

  it('leaves the language undefined when Telegram does not report one', () => {
    const from: User = { id: 502, is_bot: false, first_name: 'Bob' };
    expect(translateUpdate(messageUpdate({ text: 'hi' }, { id: 502, type: 'private', first_name: 'Bob' }, from), BOT)?.user).toEqual({
      externalId: '502',
      chatId: '502',
      languageCode: undefined,
    });
  });

  it('reads a deep-link start as the start command with the code as arguments', () => {
    expect(eventOf(messageUpdate({ text: '/start INV-7QX' }))).toEqual({ kind: 'command', name: 'start', args: 'INV-7QX' });
  });

  it('lower-cases the command name and trims the arguments', () => {
    expect(eventOf(messageUpdate({ text: '/Report   pairs 2026  ' }))).toEqual({ kind: 'command', name: 'report', args: 'pairs 2026' });
  });

  it('keeps multi-line arguments of a command', () => {
    expect(eventOf(messageUpdate({ text: '/note\nfirst line\nsecond' }))).toEqual({
      kind: 'command',
      name: 'note',
      args: 'first line\nsecond',
    });
  });

  it('reads a command without arguments with empty args', () => {
    expect(eventOf(messageUpdate({ text: '/help' }))).toEqual({ kind: 'command', name: 'help', args: '' });
  });

  it('strips the bot username from a command addressed to this bot', () => {
    expect(eventOf(messageUpdate({ text: '/start@Nastavnik_Test_Bot CODE' }))).toEqual({ kind: 'command', name: 'start', args: 'CODE' });
  });

  it('ignores a command addressed to another bot', () => {
    expect(translateUpdate(messageUpdate({ text: '/start@other_bot' }, group), BOT)).toBeUndefined();
  });

  it('treats a slash that does not begin a command as ordinary text', () => {
    expect(eventOf(messageUpdate({ text: '/ not a command' }))).toEqual({ kind: 'text', text: '/ not a command' });
    expect(eventOf(messageUpdate({ text: '/путь' }))).toEqual({ kind: 'text', text: '/путь' });
  });

  it('turns a button press into a button event carrying the raw callback data', () => {
    const update = translateUpdate(callbackUpdate('pick:1:2:3'), BOT);
    expect(update?.event).toEqual({ kind: 'button', payload: 'pick:1:2:3' });
    expect(update?.user).toEqual({ externalId: '501', chatId: '501', languageCode: 'ru' });
    expect(update?.updateId).toBe('9002');
  });

  it('reads a button press without data as unsupported', () => {
    expect(eventOf(callbackUpdate(undefined))).toEqual({ kind: 'unsupported', content: 'callback_game' });
  });

  it('addresses a press on an inline-mode message to the private chat of the presser', () => {
    const update = translateUpdate(callbackUpdate('x', undefined), BOT);
    expect(update?.chatType).toBe('private');
    expect(update?.user.chatId).toBe('501');
  });

  it('marks a button press in a group as coming from a group chat', () => {
    expect(translateUpdate(callbackUpdate('x', group), BOT)?.chatType).toBe('group');
  });

  it.each([
    ['sticker', { sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } }],
    ['photo', { photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }], caption: 'look' }],
    ['video', { video: { file_id: 'v', file_unique_id: 'v', width: 1, height: 1, duration: 1 } }],
    ['voice', { voice: { file_id: 'v', file_unique_id: 'v', duration: 1 } }],
    ['video_note', { video_note: { file_id: 'v', file_unique_id: 'v', length: 1, duration: 1 } }],
    ['audio', { audio: { file_id: 'a', file_unique_id: 'a', duration: 1 } }],
    ['document', { document: { file_id: 'd', file_unique_id: 'd' } }],
    ['animation', { animation: { file_id: 'a', file_unique_id: 'a', width: 1, height: 1, duration: 1 }, document: { file_id: 'a', file_unique_id: 'a' } }],
    ['location', { location: { latitude: 55.75, longitude: 37.61 } }],
    ['venue', { venue: { location: { latitude: 1, longitude: 2 }, title: 'School', address: 'Main st' }, location: { latitude: 1, longitude: 2 } }],
    ['contact', { contact: { phone_number: '+70000000000', first_name: 'Mum' } }],
    ['poll', { poll: { id: 'p', question: 'Q?', options: [], total_voter_count: 0, is_closed: false, is_anonymous: true, type: 'regular', allows_multiple_answers: false } }],
    ['dice', { dice: { emoji: '🎲', value: 3 } }],
  ])('reads a %s as unsupported content of that name', (content, fields) => {
    expect(eventOf(messageUpdate(fields as Partial<Message>))).toEqual({ kind: 'unsupported', content });
  });

  it('marks messages from groups and supergroups as group chats', () => {
    expect(translateUpdate(messageUpdate({ text: 'hi' }, group), BOT)?.chatType).toBe('group');
    expect(translateUpdate(messageUpdate({ text: 'hi' }, { id: -1001, type: 'supergroup', title: 'S' }), BOT)?.chatType).toBe('group');
    expect(translateUpdate(messageUpdate({ text: 'hi' }, group), BOT)?.user).toEqual({ externalId: '501', chatId: '-100777', languageCode: 'ru' });
  });

  it('ignores service messages such as members joining a group', () => {
    expect(translateUpdate(messageUpdate({ new_chat_members: [alice] }, group), BOT)).toBeUndefined();
    expect(translateUpdate(messageUpdate({ group_chat_created: true }, group), BOT)).toBeUndefined();
  });

  it('ignores messages written by bots and messages without a sender', () => {
    expect(translateUpdate(messageUpdate({ text: 'beep' }, group, { id: 9, is_bot: true, first_name: 'Other' }), BOT)).toBeUndefined();
    expect(translateUpdate(messageUpdate({ text: 'anon' }, group, null), BOT)).toBeUndefined();
  });

  it('ignores edited messages, channel posts and other update types', () => {
    const message = { message_id: 1, date: 1, chat: privateChat, from: alice, text: 'edited', edit_date: 2 };
    const channel = { message_id: 1, date: 1, chat: { id: -1002, type: 'channel', title: 'News' }, text: 'post' };
    const updates = [
      { update_id: 1, edited_message: message },
      { update_id: 2, channel_post: channel },
      { update_id: 3, edited_channel_post: channel },
      {
        update_id: 4,
        my_chat_member: {
          chat: privateChat,
          from: alice,
          date: 1,
          old_chat_member: { status: 'member', user: alice },
          new_chat_member: { status: 'kicked', user: alice, until_date: 0 },
        },
      },
      { update_id: 5, inline_query: { id: 'q', from: alice, query: 'x', offset: '' } },
    ] as Update[];
    for (const update of updates) expect(translateUpdate(update, BOT)).toBeUndefined();
  });
});
