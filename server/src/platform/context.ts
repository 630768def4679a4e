import type { Config } from '../config.ts';
import type { Database } from './db/types.ts';
import type { CryptoProvider } from './crypto/provider.ts';
import { openCryptoProvider } from './crypto/keys.ts';

/** What every service needs; built once per process (or per test app). */
export interface ServiceContext {
  database: Database;
  config: Config;
  /** Field encryption and blind indexes for personal data. */
  crypto: CryptoProvider;
}

/** The context for a configuration: loads (or on first start creates) the master key. */
export function createServiceContext(
  database: Database,
  config: Config,
  crypto: CryptoProvider = openCryptoProvider(config),
): ServiceContext {
  return { database, config, crypto };
}
