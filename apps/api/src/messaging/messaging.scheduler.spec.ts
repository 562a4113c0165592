import { loadConfig } from '../config/config';
import type { DeliverResult, MessagingService } from './messaging.service';
import { MessagingScheduler } from './messaging.scheduler';

const EMPTY: DeliverResult = {
  sent: 0,
  failed: 0,
  dead: 0,
  suppressed: 0,
  webhooksSent: 0,
  webhooksFailed: 0,
  webhooksDead: 0,
};

function config(seconds: string) {
  return loadConfig({
    MESSAGING_SENDER_SECONDS: seconds,
    JWT_SECRET: 'j'.repeat(40),
    CARD_SECRET: 'c'.repeat(40),
  });
}

describe('MessagingScheduler (the in-process sender loop)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls deliverDue every MESSAGING_SENDER_SECONDS, never twice at once, and stops on shutdown', async () => {
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    let release: () => void = () => undefined;
    const service = {
      deliverDue: () => {
        calls++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        return new Promise<DeliverResult>((resolve) => {
          release = () => {
            running--;
            resolve(EMPTY);
          };
        });
      },
    } as unknown as MessagingService;
    const s = new MessagingScheduler(service, config('5'));
    s.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(4999);
    expect(calls).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toBe(1);
    // A run still going: the next ticks skip.
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(1);
    release();
    await jest.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(2);
    expect(maxRunning).toBe(1);
    release();
    await s.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(2);
  });

  it('is off with MESSAGING_SENDER_SECONDS=0', async () => {
    const deliverDue = jest.fn(() => Promise.resolve(EMPTY));
    const s = new MessagingScheduler({ deliverDue } as unknown as MessagingService, config('0'));
    s.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(3600_000);
    expect(deliverDue).not.toHaveBeenCalled();
  });
});
