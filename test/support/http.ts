// Small HTTP helpers for tests of the instance's HTTP server: posts as Telegram and VK send them.
import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Headers;
}

export async function get(url: string): Promise<HttpAnswer> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text(), headers: response.headers };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

/**
 * Posts `size` bytes in chunks without a content-length (chunked transfer), so the server only
 * finds out the size while reading. Resolves with the status, or 0 when the connection was cut first.
 */
export function postChunked(url: string, size: number, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}
