import { ChildProcess, execSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { MessagingService } from '../../apps/api/src/messaging/messaging.service';
import { WorkerService } from '../../apps/api/src/events/worker.service';
import { createTestApp, TestApp } from '../support/app';
import { makeBusiness, makeMember, TestBusiness } from '../support/factories';

const ROOT = resolve(__dirname, '../..');
// Its own build directory: `nest build` empties its outDir, and the start test runs the app's dist/ meanwhile.
const WORKER = resolve(ROOT, 'dist/test-sender-queue/apps/api/src/worker.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A real SMTP server that can hold one message: its DATA is read but never
 * answered, so the sender never hears "250 OK" and, by SMTP's rules, the
 * message was not accepted. Only answered messages count as delivered.
 */
async function holdingSink() {
  const accepted: ParsedMail[] = [];
  let holdAt = 0;
  let seen = 0;
  let onHeld: () => void = () => undefined;
  const held = new Promise<void>((r) => (onHeld = r));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    socketTimeout: 60_000,
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((m) => {
          seen++;
          if (seen === holdAt) return onHeld(); // never answered
          accepted.push(m);
          cb();
        })
        .catch((e: Error) => cb(e));
    },
  });
  server.on('error', () => undefined); // the killed worker's connection resets
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    held,
    /** Holds the n-th message from now on. */
    holdAt: (n: number) => (holdAt = seen + n),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * The sender runs on the job queue (task messages:deliver), not on an
 * in-process timer: a queued message wakes it; a worker process killed in
 * the middle of a batch leaves the rest to the next worker, and every
 * message reaches the SMTP server exactly once.
 */
describe('messaging: the sender on the job queue', () => {
  let t: TestApp;
  let pg: Client;
  let b: TestBusiness;
  let sink: Awaited<ReturnType<typeof holdingSink>>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    execSync('npx nest build api -p test/messaging/tsconfig.build.json', { cwd: ROOT, stdio: 'pipe' });
    sink = await holdingSink();
    t = await createTestApp({
      env: { SMTP_URL: sink.url, MAIL_FROM: 'Café <news@cafe.example>' },
      clockStart: new Date().toISOString(),
    });
    pg = new Client({ connectionString: t.db.url });
    await pg.connect();
    b = await makeBusiness(t);
    await t
      .http()
      .patch('/api/messages/settings')
      .set(b.auth)
      .send({ quietHours: 'off', weeklyCap: 20 })
      .expect(200);
    // Only the type this test sends is on: the workers' event consumers add no welcome messages of their own.
    for (const type of ['welcome', 'thank_you', 'reward_unlocked'])
      await t
        .http()
        .patch(`/api/messages/templates/${type}`)
        .set(b.auth)
        .send({ enabled: false })
        .expect(200);
  }, 180_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await t.app.get(WorkerService).stop();
    await pg.end();
    await t.close();
    await sink.close();
  });

  function startWorkerProcess(): { child: ChildProcess; ready: Promise<void>; log: () => string } {
    let out = '';
    const child = spawn(process.execPath, [WORKER], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: t.db.url,
        JWT_SECRET: randomBytes(32).toString('hex'),
        CARD_SECRET: randomBytes(32).toString('hex'),
        SMTP_URL: sink.url,
        MAIL_FROM: 'Café <news@cafe.example>',
        MESSAGING_LEASE_SECONDS: '3',
        WORKER_CONCURRENCY: '1',
        LEDGER_SETTLE_SECONDS: '0',
        SEED_DEMO: 'false',
        LOG_LEVEL: process.env.H5_DEBUG ? 'debug' : 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const ready = (async () => {
      const until = Date.now() + 90_000;
      while (!out.includes('[regulars-worker] running')) {
        if (child.exitCode !== null) throw new Error(`worker exited: ${out}`);
        if (Date.now() > until) throw new Error(`worker did not start: ${out}`);
        await sleep(100);
      }
    })();
    return { child, ready, log: () => out };
  }

  const status = async (prefix: string) =>
    (
      await pg.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM messages WHERE business_id = $1 AND idempotency_key LIKE $2 GROUP BY 1 ORDER BY 1`,
        [b.id, `${prefix}%`],
      )
    ).rows;

  it('a queued message wakes the sender job at its due time; the worker delivers it, no timer involved', async () => {
    const messaging = t.app.get(MessagingService);
    const worker = t.app.get(WorkerService);
    // The queue's schema is installed by the first worker; stopped again, so the job waits to be seen.
    await worker.start({ pollIntervalMs: 100 });
    await worker.stop();
    const m = await makeMember(t, b, { firstName: 'Quinn' });
    t.clock.set(new Date().toISOString());
    const msg = await messaging.send({
      businessId: b.id,
      memberId: m.id,
      type: 'points_expiring',
      channel: 'email',
      variables: { points: 10, expiryDate: '2026-12-31' },
      idempotencyKey: `wake-${m.id}`,
      marketing: false,
    });
    const second = new Date(Math.ceil(msg.nextAttemptAt.getTime() / 1000) * 1000);
    const jobs = await pg.query<{ key: string; run_at: Date }>(
      `SELECT key, run_at FROM graphile_worker.jobs WHERE task_identifier = 'messages:deliver' AND key LIKE 'messages:deliver@2%'`,
    );
    expect(jobs.rows).toEqual([{ key: `messages:deliver@${second.toISOString()}`, run_at: second }]);
    expect(sink.accepted).toHaveLength(0);
    await worker.start({ pollIntervalMs: 100 });
    const until = Date.now() + 20_000;
    while (!sink.accepted.some((x) => x.messageId === msg.mailMessageId) && Date.now() < until)
      await sleep(50);
    expect(sink.accepted.filter((x) => x.messageId === msg.mailMessageId)).toHaveLength(1);
    await worker.stop();
  }, 60_000);

  it('a worker killed mid-batch: every message delivered by the next worker, none twice', async () => {
    expect(existsSync(WORKER)).toBe(true);
    sink.accepted.length = 0;
    const messaging = t.app.get(MessagingService);
    const members = await Promise.all(Array.from({ length: 6 }, () => makeMember(t, b)));
    t.clock.set(new Date().toISOString());
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push(
        (
          await messaging.send({
            businessId: b.id,
            memberId: members[i % 6].id,
            type: 'points_expiring',
            channel: 'email',
            idempotencyKey: `kill-${i}`,
            variables: { points: i + 1, expiryDate: '2026-12-31' },
            marketing: false,
          })
        ).mailMessageId,
      );
    sink.holdAt(12);
    const first = startWorkerProcess();
    await first.ready;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 60_000)));
    const outcome = await Promise.race([sink.held.then(() => 'held' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      throw new Error(
        `the first worker never reached message 12: ${first.log()} ${JSON.stringify(await status('kill-'))}`,
      );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    expect(sink.accepted).toHaveLength(11);
    const mid = await status('kill-');
    expect(mid).toEqual([
      { status: 'sending', n: 19 },
      { status: 'sent', n: 11 },
    ]);

    const second = startWorkerProcess();
    await second.ready;
    const until = Date.now() + 60_000;
    while (sink.accepted.length < 30 && Date.now() < until) await sleep(100);
    await sleep(1000); // anything sent twice would arrive now
    expect(sink.accepted).toHaveLength(30);
    expect(new Set(sink.accepted.map((x) => x.messageId))).toEqual(new Set(ids));
    expect(await status('kill-')).toEqual([{ status: 'sent', n: 30 }]);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 240_000);
});
