// One of several instances of the inbound benchmark, in a process of its own (forked by inbound.ts):
// the real app and grammY adapter on the scratch database, warmed up, then, when the parent says
// go, its share of the simulated users; its latencies and CPU go back over IPC.
import { performance } from 'node:perf_hooks';
import { drive, startInstance, stopInstance } from './instance';
import { startUpdateIdsAt } from './telegram-driver';

export interface WorkerTask {
  url: string;
  poolSize: number;
  inviteCodes: string[];
  warmupUsers: number[];
  users: number[];
  steps: number;
  concurrency: number;
  /** The first update id this process sends (the database has seen the other processes' ids). */
  firstUpdateId: number;
}

export type WorkerMessage = { ready: true } | { latencies: number[]; seconds: number; cpuMs: number; internalErrors: number };

const send = (message: WorkerMessage): Promise<void> => new Promise((resolve) => process.send?.(message, () => resolve()));

const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
startUpdateIdsAt(task.firstUpdateId);
const instance = await startInstance(task.url, task.poolSize, task.inviteCodes, false);
try {
  await drive(instance, task.warmupUsers, task.steps, task.concurrency);
  const errorText = instance.app.i18n.t('ru', 'error-internal');
  const errorsBefore = instance.screens.watched.get(errorText) ?? 0;
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  await send({ ready: true });
  await go;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { all } = await drive(instance, task.users, task.steps, task.concurrency);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await send({
    latencies: Array.from(all),
    seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    internalErrors: (instance.screens.watched.get(errorText) ?? 0) - errorsBefore,
  });
  await stopInstance(instance);
  process.exit(0);
} catch (error) {
  process.stderr.write(`inbound worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
