import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodePayload, encodePayload } from '../../flows/payload';

describe('button payload codec', () => {
  it('decodes what it encodes', () => {
    expect(decodePayload(encodePayload('pick', 12, 3, 4))).toEqual({ action: 'pick', args: [12, 3, 4] });
    expect(decodePayload(encodePayload('lang', 'en'))).toEqual({ action: 'lang', args: ['en'] });
    expect(decodePayload(encodePayload('act', 'forget', 'yes', 0))).toEqual({ action: 'act', args: ['forget', 'yes', 0] });
  });
  it.each([
    ['unknown action', 'drop:1'],
    ['missing arguments', 'pick:1:2'],
    ['extra arguments', 'pick:1:2:3:4'],
    ['empty numbers', 'pick:::'],
    ['negative number', 'pick:-1:2:3'],
    ['leading zeros', 'pick:01:2:3'],
    ['value outside the enum', 'lang:de'],
    ['prototype key', '__proto__:1'],
    ['JSON', '{"action":"pick"}'],
    ['over 64 bytes', `act:${'a'.repeat(70)}:b:1`],
    ['empty', ''],
  ])('refuses a forged payload: %s', (_name, raw) => {
    expect(decodePayload(raw)).toBeUndefined();
  });
  it('never throws and never exceeds 64 bytes on anything it accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (raw) => {
        const decoded = decodePayload(raw);
        if (decoded) expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(64);
      }),
      { numRuns: 2000 },
    );
  });
  it('refuses to encode a payload longer than Telegram allows', () => {
    expect(() => encodePayload('act', 'a'.repeat(32), 'b'.repeat(32), 1)).toThrow(/64 bytes/);
  });
});
