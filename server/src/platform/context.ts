import type { Config } from '../config.ts';
import type { Database } from './db/types.ts';

/** What every service needs; built once per process (or per test app). */
export interface ServiceContext {
  database: Database;
  config: Config;
}
