// Unit tests of VK group events -> vk-io contexts -> neutral inbound updates.
import { describe, expect, it } from 'vitest';
import { VK } from 'vk-io';
import { decodePayload } from '../../../flows/payload';
import { inboundUpdateSchema } from '../../../flows/events';
import { wrapPayload } from '../../../bots/vk/keyboard';
import {
  clientCapabilities,
  INVALID_PAYLOAD,
  toContext,
  translate,
  unwrapPayload,
  type VkGroupEvent,
} from '../../../bots/vk/translate';
import { MessageContext } from 'vk-io';

const GROUP_ID = 4242;
const vk = new VK({ token: 'unused-in-unit-tests' });
const deps = { api: vk.api, upload: vk.upload, groupId: GROUP_ID };

interface MessageFields {
  text?: string;
  payload?: string;
  ref?: string;
  peer_id?: number;
  from_id?: number;
  attachments?: unknown[];
  fwd_messages?: unknown[];
  action?: unknown;
  conversation_message_id?: number;
}

function messageNew(fields: MessageFields = {}, client: Record<string, unknown> = {}, eventId?: string): VkGroupEvent {
  const peer = fields.peer_id ?? 501;
  return {
    type: 'message_new',
    group_id: GROUP_ID,
    ...(eventId === undefined ? {} : { event_id: eventId }),
    object: {
      message: {
        id: 0,
        date: 1_700_000_000,
        out: 0,
        peer_id: peer,
        from_id: fields.from_id ?? peer,
        conversation_message_id: 12,
        attachments: [],
        fwd_messages: [],
        important: false,
        random_id: 0,
        text: '',
        ...fields,
      },
      client_info: {
        button_actions: ['text', 'vkpay', 'open_app', 'location', 'open_link', 'callback'],
        keyboard: true,
        inline_keyboard: true,
        carousel: true,
        lang_id: 0,
        ...client,
      },
    },
  };
}

function messageEvent(payload: unknown, eventId?: string): VkGroupEvent {
  return {
    type: 'message_event',
    group_id: GROUP_ID,
    ...(eventId === undefined ? {} : { event_id: eventId }),
    object: { user_id: 501, peer_id: 501, event_id: 'a1b2c3d4e5f6', payload, conversation_message_id: 40 },
  };
}

function translateEvent(event: VkGroupEvent) {
  const context = toContext(event, deps);
  if (context === undefined) return undefined;
  return translate(context, { eventId: event.event_id, groupId: GROUP_ID });
}

function eventOf(event: VkGroupEvent) {
  return translateEvent(event)?.event;
}

describe('translating VK messages', () => {
  it('a first message from a vk.me link with ref becomes /start with the code', () => {
    expect(eventOf(messageNew({ text: 'Начать', payload: '{"command":"start"}', ref: 'MENTEE-7Q' }))).toEqual({
      kind: 'command',
      name: 'start',
      args: 'MENTEE-7Q',
    });
  });

  it('the "Начать" button of a new dialogue becomes /start without arguments', () => {
    expect(eventOf(messageNew({ text: 'Начать', payload: '{"command":"start"}' }))).toEqual({ kind: 'command', name: 'start', args: '' });
  });

  it('typing "начать" or "Start" also starts', () => {
    expect(eventOf(messageNew({ text: 'начать' }))).toEqual({ kind: 'command', name: 'start', args: '' });
    expect(eventOf(messageNew({ text: ' Start ' }))).toEqual({ kind: 'command', name: 'start', args: '' });
  });

  it('a slash command becomes a lower-case command with its arguments', () => {
    expect(eventOf(messageNew({ text: '/Report  2024 all ' }))).toEqual({ kind: 'command', name: 'report', args: '2024 all' });
  });

  it('a command addressed to the community in a group chat loses the mention', () => {
    const event = messageNew({ text: `[club${GROUP_ID}|@nastavnik] /help`, peer_id: 2_000_000_005, from_id: 501 });
    expect(translateEvent(event)).toMatchObject({ chatType: 'group', user: { externalId: '501', chatId: '2000000005' } });
    expect(eventOf(event)).toEqual({ kind: 'command', name: 'help', args: '' });
  });

  it('plain text arrives as text, HTML entities of VK undone', () => {
    expect(eventOf(messageNew({ text: 'Мне 15 &lt;почти 16&gt; &amp; я &quot;за&quot;' }))).toEqual({
      kind: 'text',
      text: 'Мне 15 <почти 16> & я "за"',
    });
  });

  it('a text-button press carries our payload as a button event', () => {
    expect(eventOf(messageNew({ text: 'Да', payload: wrapPayload('consent:yes') }))).toEqual({ kind: 'button', payload: 'consent:yes' });
  });

  it('a callback-button press carries our payload as a button event', () => {
    expect(eventOf(messageEvent({ p: 'pick:12:3:1' }))).toEqual({ kind: 'button', payload: 'pick:12:3:1' });
  });

  it.each([
    ['not JSON', '{p:"consent:yes"'],
    ['a JSON string', '"consent:yes"'],
    ['a number', '42'],
    ['another bot’s shape', '{"command":"buy","item":"tea"}'],
    ['an extra key', '{"p":"consent:yes","admin":true}'],
    ['a non-string p', '{"p":{"action":"submit"}}'],
    ['a huge p', JSON.stringify({ p: `pick:${'9'.repeat(5000)}` })],
  ])('a text-button payload that is %s becomes a button flows reject', (_what, payload) => {
    const event = eventOf(messageNew({ text: 'Да', payload }));
    expect(event).toEqual({ kind: 'button', payload: INVALID_PAYLOAD });
    expect(decodePayload(INVALID_PAYLOAD)).toBeUndefined();
  });

  it.each([
    ['a string', 'consent:yes'],
    ['null', null],
    ['an array', ['consent:yes']],
    ['a wrong shape', { payload: 'consent:yes' }],
  ])('a callback payload that is %s becomes a button flows reject', (_what, payload) => {
    expect(eventOf(messageEvent(payload))).toEqual({ kind: 'button', payload: INVALID_PAYLOAD });
  });

  it('a forged payload in a forwarded message does not break the translation', () => {
    const forwarded = { id: 0, date: 0, peer_id: 77, from_id: 77, text: '', payload: '{{{', attachments: [] };
    expect(eventOf(messageNew({ text: 'смотри', fwd_messages: [forwarded] }))).toEqual({ kind: 'text', text: 'смотри' });
  });

  it('a sticker is unsupported content', () => {
    const sticker = { type: 'sticker', sticker: { product_id: 1, sticker_id: 9, images: [] } };
    expect(eventOf(messageNew({ attachments: [sticker] }))).toEqual({ kind: 'unsupported', content: 'sticker' });
  });

  it('a photo without a caption is unsupported content', () => {
    const photo = { type: 'photo', photo: { id: 1, owner_id: 501, sizes: [] } };
    expect(eventOf(messageNew({ attachments: [photo] }))).toEqual({ kind: 'unsupported', content: 'photo' });
  });

  it('a voice message is unsupported content', () => {
    const voice = { type: 'audio_message', audio_message: { id: 1, owner_id: 501, duration: 3, link_ogg: 'x', link_mp3: 'y' } };
    expect(eventOf(messageNew({ attachments: [voice] }))).toEqual({ kind: 'unsupported', content: 'audio_message' });
  });

  it('a photo with a caption is read as its text', () => {
    const photo = { type: 'photo', photo: { id: 1, owner_id: 501, sizes: [] } };
    expect(eventOf(messageNew({ text: 'мой план', attachments: [photo] }))).toEqual({ kind: 'text', text: 'мой план' });
  });

  it('only forwarded messages are unsupported content', () => {
    const forwarded = { id: 0, date: 0, peer_id: 77, from_id: 77, text: 'чужое', attachments: [] };
    expect(eventOf(messageNew({ fwd_messages: [forwarded] }))).toEqual({ kind: 'unsupported', content: 'forward' });
  });

  it('chat service messages and messages from other communities are ignored', () => {
    expect(translateEvent(messageNew({ action: { type: 'chat_invite_user', member_id: 501 }, peer_id: 2_000_000_001, from_id: 501 }))).toBeUndefined();
    expect(translateEvent(messageNew({ text: 'реклама', from_id: -99 }))).toBeUndefined();
  });

  it('events other than messages and button presses are ignored, as are malformed ones', () => {
    expect(toContext({ type: 'group_join', object: { user_id: 1, join_type: 'join' } }, deps)).toBeUndefined();
    expect(toContext({ type: 'message_new', object: { message: { text: 'no peer' } } }, deps)).toBeUndefined();
    expect(toContext({ type: 'message_new', object: 'garbage' }, deps)).toBeUndefined();
    expect(toContext({ type: 'message_event', object: { user_id: 1 } }, deps)).toBeUndefined();
  });
});

describe('update ids, chats and languages', () => {
  it('uses the event_id of the VK event as the update id', () => {
    expect(translateEvent(messageNew({ text: 'hi' }, {}, 'c68dfb983247fea8ac98ea0ea59717df71d8064f'))?.updateId).toBe(
      'c68dfb983247fea8ac98ea0ea59717df71d8064f',
    );
  });

  it('without an event_id a message is identified by its peer and conversation message id', () => {
    expect(translateEvent(messageNew({ text: 'hi', conversation_message_id: 31 }))?.updateId).toBe('msg:501:31');
  });

  it('without an event_id a button press is identified by its own event id', () => {
    expect(translateEvent(messageEvent({ p: 'consent:yes' }))?.updateId).toBe('evt:a1b2c3d4e5f6');
  });

  it('the same event translated twice gets the same update id', () => {
    const event = messageNew({ text: 'hi' });
    expect(translateEvent(event)?.updateId).toBe(translateEvent(structuredClone(event))?.updateId);
  });

  it('a private dialogue is private and a peer from 2000000000 up is a group chat', () => {
    expect(translateEvent(messageNew({ text: 'hi' }))?.chatType).toBe('private');
    expect(translateEvent(messageNew({ text: 'hi', peer_id: 2_000_000_001, from_id: 501 }))?.chatType).toBe('group');
  });

  it('maps the client language id to a language tag', () => {
    expect(translateEvent(messageNew({ text: 'hi' }, { lang_id: 0 }))?.user.languageCode).toBe('ru');
    expect(translateEvent(messageNew({ text: 'hi' }, { lang_id: 3 }))?.user.languageCode).toBe('en');
    expect(translateEvent(messageNew({ text: 'hi' }, { lang_id: 999 }))?.user.languageCode).toBeUndefined();
  });

  it('every translation satisfies the neutral schema', () => {
    const events = [messageNew({ text: 'hi' }), messageNew({ text: '/start X' }), messageEvent({ p: 'consent:no' }), messageEvent('forged')];
    for (const event of events) expect(inboundUpdateSchema.safeParse(translateEvent(event)).success).toBe(true);
  });
});

describe('client capabilities', () => {
  it('reads callback support and keyboards from client_info', () => {
    const context = toContext(messageNew({ text: 'hi' }, { button_actions: ['text'], inline_keyboard: false }), deps);
    expect(context).toBeInstanceOf(MessageContext);
    if (!(context instanceof MessageContext)) return;
    expect(clientCapabilities(context)).toEqual({ callback: false, inlineKeyboard: false, keyboard: true });
  });
});

describe('unwrapPayload', () => {
  it('returns the payload of our wrapping and rejects the rest', () => {
    expect(unwrapPayload({ p: 'back:1:2' })).toBe('back:1:2');
    expect(unwrapPayload({ p: '' })).toBe(INVALID_PAYLOAD);
    expect(unwrapPayload(undefined)).toBe(INVALID_PAYLOAD);
  });
});
