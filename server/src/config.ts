import path from 'node:path';

/**
 * Every setting Tongxin reads, from the environment, validated once at start.
 * docs/configuration.md lists the same settings; a test keeps the two in step.
 */
export interface Config {
  host: string;
  port: number;
  /** Absolute origin users reach the server at; used for the setup link and the Origin check. */
  publicUrl: string | null;
  dataDir: string;
  databaseUrl: string | null;
  databasePoolMax: number;
  redisUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  /** fsync: acknowledged commits survive an OS crash; os: they survive a process crash only. */
  pgliteDurability: 'fsync' | 'os';
  shutdownTimeoutMs: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  webDir: string;
  /** Field-encryption key ring given directly (multi-node PostgreSQL); never logged. */
  masterKey: string | null;
  /** A file holding the key ring, shared by every node. */
  masterKeyFile: string | null;
  /** Algorithm for newly encrypted personal data: SM4-CTR+HMAC-SM3 (国密) or AES-256-GCM. */
  cryptoAlgorithm: 'sm4' | 'aes';
  /** Where uploaded files live (platform/storage); a shared volume when there are several nodes. */
  filesDir: string;
  /** The largest upload accepted, in bytes. */
  uploadMaxBytes: number;
  /** Uploads one account may make a minute (shared across nodes with Redis). */
  uploadsPerMinute: number;
  /** The archive's SM2 signing key file (created 0600 at first start); shared by every node. */
  archiveSigningKeyFile: string;
  /** A signed archive checkpoint after this many new entries ... */
  archiveCheckpointEntries: number;
  /** ... or when the last one is this many minutes old and entries were added since. */
  archiveCheckpointMinutes: number;
  /** Events of the per-account feed older than this are pruned (clients then resync). */
  eventRetentionDays: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const SETTINGS = [
  'HOST',
  'PORT',
  'PUBLIC_URL',
  'DATA_DIR',
  'DATABASE_URL',
  'DATABASE_POOL_MAX',
  'REDIS_URL',
  'LOG_LEVEL',
  'TRUST_PROXY',
  'PGLITE_DURABILITY',
  'SHUTDOWN_TIMEOUT_MS',
  'SESSION_IDLE_MINUTES',
  'SESSION_ABSOLUTE_HOURS',
  'WEB_DIR',
  'TONGXIN_MASTER_KEY',
  'TONGXIN_MASTER_KEY_FILE',
  'TONGXIN_CRYPTO_ALGORITHM',
  'FILES_DIR',
  'UPLOAD_MAX_MB',
  'UPLOADS_PER_MINUTE',
  'ARCHIVE_SIGNING_KEY_FILE',
  'ARCHIVE_CHECKPOINT_ENTRIES',
  'ARCHIVE_CHECKPOINT_MINUTES',
  'EVENT_RETENTION_DAYS',
] as const;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, protocols: string[]): string | null => {
    const raw = env[name];
    if (raw === undefined || raw === '') return null;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) {
        problems.push(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      }
      return raw;
    } catch {
      // Never echo the value: connection strings carry passwords.
      problems.push(`${name} is not a valid URL`);
      return null;
    }
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes'].includes(raw)) return true;
    if (['0', 'false', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };

  const publicUrl = url('PUBLIC_URL', ['http:', 'https:']);
  const dataDir = path.resolve(env.DATA_DIR || 'data');
  const config: Config = {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : null,
    dataDir,
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolMax: int('DATABASE_POOL_MAX', 10, 1, 500),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    trustProxy: bool('TRUST_PROXY', false),
    pgliteDurability: oneOf('PGLITE_DURABILITY', ['fsync', 'os'] as const, 'fsync'),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: int('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    webDir: path.resolve(env.WEB_DIR || path.join(import.meta.dirname, '../../web/dist')),
    masterKey: env.TONGXIN_MASTER_KEY || null,
    masterKeyFile: env.TONGXIN_MASTER_KEY_FILE ? path.resolve(env.TONGXIN_MASTER_KEY_FILE) : null,
    cryptoAlgorithm: oneOf('TONGXIN_CRYPTO_ALGORITHM', ['sm4', 'aes'] as const, 'sm4'),
    filesDir: path.resolve(env.FILES_DIR || path.join(dataDir, 'files')),
    uploadMaxBytes: int('UPLOAD_MAX_MB', 20, 1, 1024) * 1024 * 1024,
    uploadsPerMinute: int('UPLOADS_PER_MINUTE', 60, 1, 100_000),
    archiveSigningKeyFile: path.resolve(
      env.ARCHIVE_SIGNING_KEY_FILE || path.join(dataDir, 'keys', 'archive-sm2.key'),
    ),
    archiveCheckpointEntries: int('ARCHIVE_CHECKPOINT_ENTRIES', 100, 1, 1_000_000),
    archiveCheckpointMinutes: int('ARCHIVE_CHECKPOINT_MINUTES', 60, 1, 7 * 24 * 60),
    eventRetentionDays: int('EVENT_RETENTION_DAYS', 30, 1, 3650),
  };
  if (config.sessionIdleMinutes > config.sessionAbsoluteHours * 60) {
    problems.push('SESSION_IDLE_MINUTES cannot be longer than SESSION_ABSOLUTE_HOURS');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
