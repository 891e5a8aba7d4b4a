// The fake VK server behaves like VK where the adapter depends on it: form-encoded calls, errors,
// random_id deduplication, keyboard limits and real long polling.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeVk, type FakeVk } from '../../support/fake-vk';

let fake: FakeVk | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function call(vk: FakeVk, method: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const response = await fetch(`${vk.apiBaseUrl}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ access_token: vk.token, v: '5.199', ...params }),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function longPoll(vk: FakeVk, wait = 0): Promise<{ session: Record<string, unknown>; poll: Promise<Record<string, unknown>> }> {
  const { response } = await call(vk, 'groups.getLongPollServer', { group_id: String(vk.groupId) });
  const session = response as { server: string; key: string; ts: string };
  const url = `${session.server}?act=a_check&key=${session.key}&ts=${session.ts}&wait=${wait}`;
  return { session, poll: fetch(url).then((r) => r.json() as Promise<Record<string, unknown>>) };
}

describe('fake VK API', () => {
  it('answers an unknown method with error 3', async () => {
    fake = await startFakeVk();
    expect(await call(fake, 'wall.post', {})).toMatchObject({ error: { error_code: 3, error_msg: 'Unknown method passed' } });
  });

  it('refuses a wrong token', async () => {
    fake = await startFakeVk();
    const response = await fetch(`${fake.apiBaseUrl}/users.get?access_token=wrong&user_ids=1`);
    expect(await response.json()).toMatchObject({ error: { error_code: 5 } });
  });

  it('sends a message once per random_id, as VK does', async () => {
    fake = await startFakeVk();
    const first = await call(fake, 'messages.send', { peer_id: '501', random_id: '77', message: 'hi' });
    const second = await call(fake, 'messages.send', { peer_id: '501', random_id: '77', message: 'hi' });
    expect(second.response).toBe(first.response);
    expect(fake.sentTo(501)).toHaveLength(1);
  });

  it('refuses a keyboard over the inline limit of ten buttons', async () => {
    fake = await startFakeVk();
    const row = (n: number) => Array.from({ length: n }, (_, i) => ({ action: { type: 'text', label: `b${i}` } }));
    const keyboard = JSON.stringify({ inline: true, buttons: [row(5), row(5), row(1)] });
    expect(await call(fake, 'messages.send', { peer_id: '501', random_id: '1', message: 'x', keyboard })).toMatchObject({
      error: { error_code: 911 },
    });
  });

  it('fails the next calls of a method with an injected error', async () => {
    fake = await startFakeVk();
    fake.failNext('messages.send', 1, { error_code: 6 });
    expect(await call(fake, 'messages.send', { peer_id: '501', random_id: '1', message: 'x' })).toMatchObject({
      error: { error_code: 6, error_msg: 'Too many requests per second' },
    });
    expect(await call(fake, 'messages.send', { peer_id: '501', random_id: '1', message: 'x' })).toHaveProperty('response');
  });

  it('holds a long poll open until an event arrives', async () => {
    fake = await startFakeVk();
    const { poll } = await longPoll(fake, 5);
    const event = fake.user(501).sendText('hi');
    const result = await poll;
    expect(result.updates).toEqual([event]);
  });

  it('answers a long poll with an injected failure', async () => {
    fake = await startFakeVk();
    fake.failLongPoll(2);
    const { poll } = await longPoll(fake);
    expect(await poll).toEqual({ failed: 2 });
  });
});
