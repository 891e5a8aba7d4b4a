// Unit tests of the VK outbound helpers: random_id derivation, retries and error mapping.
import { describe, expect, it } from 'vitest';
import { APIError } from 'vk-io';
import { DeliveryError } from '../../../flows/events';
import { parsePeerId, randomIdFor, toDeliveryError, withRetry } from '../../../bots/vk/outbound';

const apiError = (code: number, message = 'error') => new APIError({ error_code: code, error_msg: message, request_params: [] });

describe('randomIdFor', () => {
  it('gives the same id for the same key, so VK recognises a repeated send', () => {
    expect(randomIdFor('501:c68dfb:reply:0:0')).toBe(randomIdFor('501:c68dfb:reply:0:0'));
  });

  it('gives different ids for different replies and parts', () => {
    const ids = new Set(['u:reply:0:0', 'u:reply:0:1', 'u:reply:1:0', 'v:reply:0:0'].map(randomIdFor));
    expect(ids.size).toBe(4);
  });

  it('stays a positive safe integer', () => {
    for (let i = 0; i < 1000; i++) {
      const id = randomIdFor(`key-${i}`);
      expect(Number.isSafeInteger(id) && id > 0).toBe(true);
    }
  });
});

describe('withRetry', () => {
  it('repeats a call refused for flood control and returns its result', async () => {
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw apiError(9, 'Flood control');
        return 'sent';
      },
      { attempts: 4, initialDelayMs: 1 },
    );
    expect(value).toBe('sent');
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with the VK error', async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw apiError(6, 'Too many requests per second');
      },
      { attempts: 2, initialDelayMs: 1 },
    );
    await expect(failing).rejects.toBeInstanceOf(APIError);
    expect(calls).toBe(2);
  });

  it('does not repeat a call the user’s settings refused', async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw apiError(901);
      },
      { attempts: 4, initialDelayMs: 1 },
    );
    await expect(failing).rejects.toBeInstanceOf(APIError);
    expect(calls).toBe(1);
  });
});

describe('toDeliveryError', () => {
  it.each([7, 18, 900, 901, 902, 917])('VK error %i means the user cannot be reached', (code) => {
    expect(toDeliveryError(apiError(code))).toMatchObject({ reason: 'blocked' });
  });

  it('rate limits stay rate limits with a pause to wait', () => {
    expect(toDeliveryError(apiError(6))).toMatchObject({ reason: 'rate_limited', retryAfterSeconds: 1 });
    expect(toDeliveryError(apiError(9))).toMatchObject({ reason: 'rate_limited' });
  });

  it('anything else is a failed delivery', () => {
    expect(toDeliveryError(apiError(100))).toMatchObject({ reason: 'failed' });
    expect(toDeliveryError(new Error('socket hang up'))).toBeInstanceOf(DeliveryError);
  });
});

describe('parsePeerId', () => {
  it('accepts user and chat peer ids and nothing else', () => {
    expect(parsePeerId('501')).toBe(501);
    expect(parsePeerId('2000000001')).toBe(2_000_000_001);
    expect(parsePeerId('-1')).toBeUndefined();
    expect(parsePeerId('0')).toBeUndefined();
    expect(parsePeerId('12abc')).toBeUndefined();
  });
});
