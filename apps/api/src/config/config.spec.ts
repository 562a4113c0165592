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
});
