import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Configuration, read once at boot from environment variables and validated.
 * A bad value stops the process with a message naming the variable. Defaults
 * make `npm start` work on a fresh machine; development secrets are generated
 * once and kept under DATA_DIR (never committed). In production
 * (NODE_ENV=production) the secrets must be given explicitly.
 */
export class AppConfig {
  readonly nodeEnv: string;
  readonly host: string;
  readonly port: number;
  /** Unset: the embedded PostgreSQL under dataDir is used. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly jwtSecret: string;
  readonly jwtTtlSeconds: number;
  readonly cardSecret: string;
  readonly logLevel: string;
  readonly seedDemo: boolean;
  /** scrypt cost parameter N (a power of two). 2^15 = 32 MiB per hash. */
  readonly scryptCost: number;
  /** Login attempts per minute per client address and account (email, with the business when given). */
  readonly loginRateLimit: number;
  /** Login attempts per minute per client address, whatever the account. */
  readonly loginAddressRateLimit: number;
  /** Which proxies' X-Forwarded-For is believed (Fastify trustProxy): the client address the limits key on. */
  readonly trustProxy: boolean | number | string;
  readonly publicUrl: string;
  /** Seconds between ledger settle runs (expiry, maturing pending points); 0 = off. */
  readonly ledgerSettleSeconds: number;
  /** Run the job-queue worker (event consumers, settle cron) inside this process. */
  readonly workerEnabled: boolean;
  /** Jobs the worker runs at once. */
  readonly workerConcurrency: number;
  /** Messaging (docs/MESSAGING.md). Unset SMTP_URL: e-mail goes to the development mailbox. */
  readonly messaging: MessagingConfig;

  constructor(values: Omit<AppConfig, never>) {
    Object.assign(this, values);
  }
}

export interface MessagingConfig {
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Unset: SMS go to the development mailbox. Placeholders {to} and {text} (URL-encoded). */
  smsGatewayUrl: string | undefined;
  smsGatewayHeaders: Record<string, string>;
  /** Optional JSON body template; placeholders {to} and {text} (JSON-escaped). */
  smsGatewayBody: string | undefined;
  /**
   * Seconds a sender claims a batch of messages for; a sender that dies
   * mid-batch leaves the rest to the next run once the lease ends (the job
   * queue schedules that run). Longer than an SMTP send can take.
   */
  leaseSeconds: number;
  /** Attempts before a message or webhook delivery is dead-lettered. */
  maxAttempts: number;
  /** Days ahead the points-expiring reminder looks (0 = the trigger is off everywhere). */
  expiryReminderDays: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

function int(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const v = Number(raw);
  if (v < min || v > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${v}`);
  return v;
}

function bool(env: NodeJS.ProcessEnv, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function secret(env: NodeJS.ProcessEnv, name: string, generated: () => string, production: boolean): string {
  const raw = env[name];
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError(name, 'must be at least 32 characters');
    return raw;
  }
  if (production) throw new ConfigError(name, 'is required when NODE_ENV=production');
  return generated();
}

/** Development secrets, generated on first use and kept in DATA_DIR/secrets.json (mode 0600). */
function devSecrets(dataDir: string): Record<string, string> {
  const file = join(dataDir, 'secrets.json');
  let current: Record<string, string> = {};
  if (existsSync(file)) current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  let changed = false;
  for (const key of ['JWT_SECRET', 'CARD_SECRET']) {
    if (!current[key]) {
      current[key] = randomBytes(32).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(current, null, 2), { mode: 0o600 });
  }
  return current;
}

function messagingConfig(env: NodeJS.ProcessEnv): MessagingConfig {
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    let u: URL;
    try {
      u = new URL(raw.replace(/\{(to|text)\}/g, 'x'));
    } catch {
      throw new ConfigError(name, 'is not a valid URL');
    }
    if (!protocols.includes(u.protocol))
      throw new ConfigError(name, `must be a ${protocols.join(' or ')} URL`);
    return raw;
  };
  const mailFrom = env.MAIL_FROM || 'Regulars <no-reply@regulars.localhost>';
  if (!/^[^\r\n]*<?[^\s<>@]+@[^\s<>@]+>?$/.test(mailFrom))
    throw new ConfigError('MAIL_FROM', 'must be an address like "Shop <news@shop.example>"');
  let smsGatewayHeaders: Record<string, string> = {};
  if (env.SMS_GATEWAY_HEADERS) {
    try {
      smsGatewayHeaders = JSON.parse(env.SMS_GATEWAY_HEADERS) as Record<string, string>;
    } catch {
      throw new ConfigError('SMS_GATEWAY_HEADERS', 'must be a JSON object of header names to values');
    }
    if (
      typeof smsGatewayHeaders !== 'object' ||
      smsGatewayHeaders === null ||
      Array.isArray(smsGatewayHeaders) ||
      Object.values(smsGatewayHeaders).some((v) => typeof v !== 'string')
    )
      throw new ConfigError('SMS_GATEWAY_HEADERS', 'must be a JSON object of header names to values');
  }
  return {
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    smsGatewayUrl: url('SMS_GATEWAY_URL', ['http:', 'https:']),
    smsGatewayHeaders,
    smsGatewayBody: env.SMS_GATEWAY_BODY || undefined,
    leaseSeconds: int(env, 'MESSAGING_LEASE_SECONDS', 300, 2, 3600),
    maxAttempts: int(env, 'MESSAGING_MAX_ATTEMPTS', 8, 1, 50),
    expiryReminderDays: int(env, 'MESSAGING_EXPIRY_DAYS', 14, 0, 365),
  };
}

const PROXY_TOKEN = /^(loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]+(\/\d{1,3})?)$/;

function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string {
  const raw = (env.TRUST_PROXY ?? 'loopback').trim();
  if (['true', 'false'].includes(raw.toLowerCase())) return raw.toLowerCase() === 'true';
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const tokens = raw.split(',').map((x) => x.trim());
  if (!tokens.every((x) => PROXY_TOKEN.test(x)))
    throw new ConfigError(
      'TRUST_PROXY',
      `must be true, false, a hop count, or addresses/CIDRs/loopback/linklocal/uniquelocal separated by commas, got "${raw}"`,
    );
  return tokens.join(',');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(databaseUrl);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid URL');
    }
    if (!['postgres:', 'postgresql:'].includes(u.protocol)) {
      throw new ConfigError('DATABASE_URL', 'must be a postgres:// URL');
    }
  }
  const port = int(env, 'PORT', 3000, 0, 65535);
  const embeddedPgPort = int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535);
  if (embeddedPgPort === 5432)
    throw new ConfigError('EMBEDDED_PG_PORT', 'must not be 5432 (a system PostgreSQL may run there)');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const scryptCost = int(env, 'SCRYPT_COST', 32768, 1024, 1048576);
  if ((scryptCost & (scryptCost - 1)) !== 0) throw new ConfigError('SCRYPT_COST', 'must be a power of two');
  let generated: Record<string, string> | undefined;
  const gen = (k: string) => () => (generated ??= devSecrets(dataDir))[k];
  const host = env.HOST ?? '127.0.0.1';
  return new AppConfig({
    nodeEnv,
    host,
    port,
    databaseUrl,
    dataDir,
    embeddedPgPort,
    jwtSecret: secret(env, 'JWT_SECRET', gen('JWT_SECRET'), production),
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 86400),
    cardSecret: secret(env, 'CARD_SECRET', gen('CARD_SECRET'), production),
    logLevel,
    seedDemo: bool(env, 'SEED_DEMO', !production),
    scryptCost,
    loginRateLimit: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 100000),
    loginAddressRateLimit: int(env, 'LOGIN_ADDRESS_RATE_LIMIT', 100, 1, 1000000),
    trustProxy: trustProxy(env),
    ledgerSettleSeconds: int(env, 'LEDGER_SETTLE_SECONDS', 60, 0, 86400),
    workerEnabled: bool(env, 'WORKER_ENABLED', true),
    workerConcurrency: int(env, 'WORKER_CONCURRENCY', 2, 1, 64),
    messaging: messagingConfig(env),
    publicUrl: env.PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
  });
}
