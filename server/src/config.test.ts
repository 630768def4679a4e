import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTINGS } from './config.ts';

describe('configuration', () => {
  it('has safe defaults for a first run', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: null,
      redisUrl: null,
      pgliteDurability: 'fsync',
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
    });
    expect(config.dataDir).toBe(path.resolve('data'));
  });

  it('names every bad setting at once, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        REDIS_URL: 'not a url at all hunter2',
        LOG_LEVEL: 'loud',
        SESSION_IDLE_MINUTES: '120',
        SESSION_ABSOLUTE_HOURS: '1',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT must be a whole number');
    expect(problems).toContain('DATABASE_URL must start with postgres:// or postgresql://');
    expect(problems).toContain('REDIS_URL is not a valid URL');
    expect(problems).toContain('LOG_LEVEL must be one of');
    expect(problems).toContain('SESSION_IDLE_MINUTES cannot be longer than SESSION_ABSOLUTE_HOURS');
    expect(problems).not.toContain('hunter2');
  });

  it('documents every setting in docs/configuration.md', () => {
    const doc = fs.readFileSync(
      path.resolve(import.meta.dirname, '../../docs/configuration.md'),
      'utf8',
    );
    const missing = SETTINGS.filter((name) => !doc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
