import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const tmp = () => mkdtempSync(join(tmpdir(), 'regulars-cfg-'));

describe('loadConfig', () => {
  it('has defaults that start a fresh machine, with generated development secrets kept in DATA_DIR', () => {
    const dir = tmp();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.embeddedPgPort).toBe(54329);
    expect(c.workerEnabled).toBe(true);
    expect(c.workerConcurrency).toBe(2);
    expect(loadConfig({ DATA_DIR: dir, WORKER_ENABLED: 'false' }).workerEnabled).toBe(false);
    expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
    const file = join(dir, 'secrets.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).JWT_SECRET).toBe(c.jwtSecret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Stable across restarts: tokens and cards stay valid.
    expect(loadConfig({ DATA_DIR: dir }).cardSecret).toBe(c.cardSecret);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['EMBEDDED_PG_PORT', '5432'],
    ['LOG_LEVEL', 'loud'],
    ['SCRYPT_COST', '1000'],
    ['SEED_DEMO', 'maybe'],
    ['JWT_SECRET', 'short'],
    ['TRUST_PROXY', 'everyone'],
    ['TRUST_PROXY', '10.0.0.0/8; rm -rf'],
    ['LOGIN_ADDRESS_RATE_LIMIT', '0'],
    ['WORKER_ENABLED', 'sometimes'],
    ['WORKER_CONCURRENCY', '0'],
    ['WORKER_CONCURRENCY', 'two'],
    ['SMTP_URL', 'http://mail.example'],
    ['SMTP_URL', 'not a url'],
    ['MAIL_FROM', 'nobody'],
    ['SMS_GATEWAY_URL', 'ftp://gw.example/{to}'],
    ['SMS_GATEWAY_HEADERS', '["x"]'],
    ['MESSAGING_LEASE_SECONDS', '1'],
  ])('rejects %s=%p naming the variable', (name, value) => {
    expect(() => loadConfig({ DATA_DIR: tmp(), [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: tmp(), [name]: value })).toThrow(name);
  });

  it('reads which proxies to trust: loopback by default, booleans, hop counts and address lists', () => {
    const trust = (v?: string) =>
      loadConfig({ DATA_DIR: tmp(), ...(v === undefined ? {} : { TRUST_PROXY: v }) }).trustProxy;
    expect(trust()).toBe('loopback');
    expect(trust('false')).toBe(false);
    expect(trust('TRUE')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.0/8, 192.168.1.2, uniquelocal')).toBe('10.0.0.0/8,192.168.1.2,uniquelocal');
  });

  it('requires explicit secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tmp() })).toThrow('JWT_SECRET');
    const c = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'j'.repeat(40),
      CARD_SECRET: 'c'.repeat(40),
      DATA_DIR: tmp(),
    });
    expect(c.seedDemo).toBe(false);
  });

  it('reads the messaging settings (development mailbox when SMTP_URL is unset)', () => {
    expect(loadConfig({ DATA_DIR: tmp() }).messaging).toEqual({
      smtpUrl: undefined,
      mailFrom: 'Regulars <no-reply@regulars.localhost>',
      smsGatewayUrl: undefined,
      smsGatewayHeaders: {},
      smsGatewayBody: undefined,
      leaseSeconds: 300,
      maxAttempts: 8,
      expiryReminderDays: 14,
    });
    const c = loadConfig({
      DATA_DIR: tmp(),
      SMTP_URL: 'smtp://user:pw@mail.example:587',
      SMS_GATEWAY_URL: 'https://gw.example/send?to={to}&text={text}',
      SMS_GATEWAY_HEADERS: '{"Authorization":"Bearer k"}',
    }).messaging;
    expect(c.smtpUrl).toBe('smtp://user:pw@mail.example:587');
    expect(c.smsGatewayUrl).toBe('https://gw.example/send?to={to}&text={text}');
    expect(c.smsGatewayHeaders).toEqual({ Authorization: 'Bearer k' });
  });
});
