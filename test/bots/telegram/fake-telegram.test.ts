// The fake Bot API's own contract where the adapter tests do not pin it down: multipart parsing and
// long-polling acknowledgement.
import { describe, expect, it } from 'vitest';
import { parseMultipart, startFakeTelegram } from '../../support/fake-telegram';

describe('fake Telegram', () => {
  it('parses multipart fields, JSON fields and attached files', () => {
    const boundary = '----------abc';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n501\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition:form-data;name="document"\r\n\r\nattach://f1\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition:form-data;name="reply_markup"\r\n\r\n{"inline_keyboard":[]}\r\n`),
      Buffer.from(`--${boundary}\r\ncontent-disposition:form-data;name="f1";filename=report.csv\r\ncontent-type:application/octet-stream\r\n\r\n`),
      Buffer.from([0, 1, 2, 13, 10, 3]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    expect(parseMultipart(body, boundary)).toEqual({
      chat_id: '501',
      document: { fileName: 'report.csv', size: 6 },
      reply_markup: { inline_keyboard: [] },
    });
  });

  it('holds a long poll until an update arrives and drops updates below the offset', async () => {
    const tg = await startFakeTelegram();
    try {
      const call = (params: object) =>
        fetch(`${tg.apiRoot}/bot${tg.token}/getUpdates`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(params),
        }).then((r) => r.json() as Promise<{ result: { update_id: number }[] }>);
      const polling = call({ timeout: 10 });
      await tg.waitForCall((c) => c.method === 'getUpdates');
      const id = tg.user(1).sendText('hi');
      expect((await polling).result.map((u) => u.update_id)).toEqual([id]);
      expect(tg.pendingUpdates()).toBe(1);

      expect((await call({ offset: id + 1, timeout: 0 })).result).toEqual([]);
      expect(tg.pendingUpdates()).toBe(0);
      expect(tg.lastAcknowledgedOffset).toBe(id + 1);
    } finally {
      await tg.close();
    }
  });
});
