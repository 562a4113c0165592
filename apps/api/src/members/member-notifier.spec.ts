import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { LogMemberNotifier, type SignInCodeMessage } from './member-notifier';

const message: SignInCodeMessage = {
  business: { id: 'b1', name: 'Café', slug: 'cafe' },
  member: { id: 'm1', firstName: 'Ana', email: 'ana@example.test', phone: null },
  code: '042917',
  expiresAt: new Date('2026-03-02T09:15:00Z'),
  reason: 'joined',
};

describe('LogMemberNotifier (until messaging exists)', () => {
  afterEach(() => jest.restoreAllMocks());

  it('writes the code to the server log outside production', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    await new LogMemberNotifier({ nodeEnv: 'development' } as AppConfig).sendSignInCode(message);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0][1])).toBe(
      'sign-in code for ana@example.test at cafe: 042917 (valid until 2026-03-02T09:15:00.000Z)',
    );
  });

  it('never logs the code in production, only that it was not delivered', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await new LogMemberNotifier({ nodeEnv: 'production' } as AppConfig).sendSignInCode(message);
    expect(log).not.toHaveBeenCalled();
    expect(JSON.stringify(warn.mock.calls)).not.toContain('042917');
    expect(JSON.stringify(warn.mock.calls)).toContain('not delivered');
  });
});
