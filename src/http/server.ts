// The one HTTP server of an instance: Telegram's webhook, VK's Callback API and the health probes
// for a load balancer or an orchestrator. Plain node:http; it checks, reads and answers, the adapters handle.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';

export const TELEGRAM_WEBHOOK_PATH = '/telegram/webhook';
export const VK_CALLBACK_PATH = '/vk/callback';

export interface TelegramWebhookRoute {
  /** What Telegram sends in X-Telegram-Bot-Api-Secret-Token (setWebhook's secret_token). */
  secret: string;
  /** Resolves once the update is handled; rejects when it could not be (Telegram then delivers it again). */
  handleUpdate(update: unknown): Promise<void>;
}

export interface VkCallbackRoute {
  /** The string the confirmation request must get back. */
  confirmation: string;
  /** The Callback API secret key every event carries in `secret`. */
  secret: string;
  groupId: number;
  /** Resolves once the event is handled; rejects when it could not be (VK then delivers it again). */
  handleUpdate(event: unknown): Promise<void>;
}

export interface HttpServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  logger: Logger;
  /** Readiness: the database answers and is migrated. */
  ready(): Promise<boolean>;
  telegram?: TelegramWebhookRoute | undefined;
  vk?: VkCallbackRoute | undefined;
  /** GET /metrics in Prometheus format (src/metrics.ts); unset, /metrics is 404. */
  metrics?: { contentType: string; render(): Promise<string> } | undefined;
  /** Larger request bodies get 413 (default 1 MiB; Telegram and VK events are a few KiB). */
  bodyLimitBytes?: number | undefined;
  /**
   * How long a webhook request waits for its update to be handled before it is answered 500
   * (default 10 s, grammY's webhookCallback default). The handling goes on; the redelivery that
   * follows is recognised by its update id and changes nothing.
   */
  handlerTimeoutMs?: number | undefined;
  /** A readiness check slower than this counts as not ready (default 3 s). */
  readyTimeoutMs?: number | undefined;
  /** How long close() waits for in-flight requests before cutting their connections (default 15 s). */
  closeGraceMs?: number | undefined;
}

export interface HttpServer {
  /** http://host:port as bound (the real port when 0 was asked). */
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to closeGraceMs), then closes every connection. */
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {
  constructor() {
    super('request body too large');
    this.name = 'BodyTooLargeError';
  }
}

class HandlerTimeoutError extends Error {
  constructor(ms: number) {
    super(`not handled within ${ms} ms`);
    this.name = 'HandlerTimeoutError';
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { logger } = options;
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  const handlerTimeoutMs = options.handlerTimeoutMs ?? 10_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 3_000;
  const closeGraceMs = options.closeGraceMs ?? 15_000;
  let closing = false;

  const isReady = async (): Promise<boolean> => {
    if (closing) return false;
    try {
      return await withTimeout(options.ready(), readyTimeoutMs);
    } catch {
      return false;
    }
  };

  /** Runs a webhook's handler and turns its outcome into 200 or 500; never logs the body. */
  const handle = async (res: ServerResponse, route: string, run: () => Promise<void>, okBody: string): Promise<void> => {
    try {
      await withTimeout(run(), handlerTimeoutMs);
      send(res, 200, okBody);
    } catch (error) {
      // The adapters log the cause of a failed update; here only what was answered and why.
      const reason = error instanceof HandlerTimeoutError ? 'timeout' : 'failed';
      logger.warn({ route, reason, timeoutMs: handlerTimeoutMs }, 'webhook update not handled; answered 500 so it is delivered again');
      send(res, 500, 'error');
    }
  };

  const telegram = async (req: IncomingMessage, res: ServerResponse, route: TelegramWebhookRoute): Promise<void> => {
    // Checked before the body is read: an unauthenticated post costs nothing and reaches nothing.
    if (!sameSecret(headerOf(req, 'x-telegram-bot-api-secret-token'), route.secret)) {
      send(res, 401, 'unauthorized');
      return;
    }
    const update = await readJsonObject(req, bodyLimit);
    if (update === undefined) {
      send(res, 400, 'expected a JSON object');
      return;
    }
    await handle(res, 'telegram', () => route.handleUpdate(update), '');
  };

  const vk = async (req: IncomingMessage, res: ServerResponse, route: VkCallbackRoute): Promise<void> => {
    const body = await readJsonObject(req, bodyLimit);
    if (body === undefined || typeof body.type !== 'string') {
      send(res, 400, 'expected a VK Callback API event');
      return;
    }
    const { secret, ...event } = body;
    const givenSecret = typeof secret === 'string' ? secret : undefined;
    const ownGroup = body.group_id === route.groupId;
    if (body.type === 'confirmation') {
      // VK includes the secret here too once it is set; the confirmation string is no credential,
      // but a request naming another community or a wrong secret gets nothing.
      if (!ownGroup || (secret !== undefined && !sameSecret(givenSecret, route.secret))) {
        send(res, 403, 'forbidden');
        return;
      }
      send(res, 200, route.confirmation);
      return;
    }
    if (!sameSecret(givenSecret, route.secret) || (body.group_id !== undefined && !ownGroup)) {
      send(res, 403, 'forbidden');
      return;
    }
    // VK wants exactly "ok"; anything else (and any status but 200) makes it send the event again.
    await handle(res, 'vk', () => route.handleUpdate(event), 'ok');
  };

  const dispatch = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = pathOf(req);
    const method = req.method ?? 'GET';
    if (closing) res.setHeader('connection', 'close');
    if (path === '/healthz' || path === '/readyz') {
      if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, 'GET, HEAD');
      if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      const ready = await isReady();
      return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : closing ? 'shutting down' : 'not ready' });
    }
    if (path === '/metrics' && options.metrics) {
      if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, 'GET, HEAD');
      const body = await options.metrics.render();
      if (res.headersSent || res.destroyed) return;
      res.writeHead(200, { 'content-type': options.metrics.contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const telegramRoute = path === TELEGRAM_WEBHOOK_PATH ? options.telegram : undefined;
    const vkRoute = path === VK_CALLBACK_PATH ? options.vk : undefined;
    if (telegramRoute === undefined && vkRoute === undefined) return send(res, 404, 'not found');
    if (method !== 'POST') return notAllowed(res, 'POST');
    // A load balancer may still send a request or two after shutdown began: not taken, delivered again later.
    if (closing) return send(res, 503, 'shutting down');
    if (telegramRoute) return telegram(req, res, telegramRoute);
    if (vkRoute) return vk(req, res, vkRoute);
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    res.on('finish', () => {
      logger.debug({ method: req.method, path: pathOf(req), status: res.statusCode, ms: Date.now() - started }, 'http request');
      // A keep-alive connection whose request was in flight when close() began would hold the close up.
      if (closing) req.socket.end();
    });
    dispatch(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        // Reading stops here; the connection is closed once the answer is out.
        res.setHeader('connection', 'close');
        send(res, 413, 'request body too large');
        return;
      }
      logger.error({ err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, 'http request failed');
      send(res, 500, 'error');
    });
  });
  // Slow or stuck clients cannot hold connections open for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${hostForUrl(address.address)}:${address.port}`;
  logger.info({ host: address.address, port: address.port, telegram: Boolean(options.telegram), vk: Boolean(options.vk) }, 'http server listening');

  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        const timer = setTimeout(() => {
          logger.warn({ graceMs: closeGraceMs }, 'http requests still open at shutdown; closing their connections');
          server.closeAllConnections();
        }, closeGraceMs);
        server.close(() => {
          clearTimeout(timer);
          logger.info('http server closed');
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}

/** Equal secrets, compared in constant time (digests first, so the length does not leak either). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

async function readJsonObject(req: IncomingMessage, limit: number): Promise<Record<string, unknown> | undefined> {
  const body = await readBody(req, limit);
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError());
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        // Further data is read and dropped until the answer has closed the connection.
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

function withTimeout<T>(task: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HandlerTimeoutError(ms)), ms);
    task.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

function hostForUrl(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}

function send(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function notAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  send(res, 405, 'method not allowed');
}
