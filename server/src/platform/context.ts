import type { Config } from '../config.ts';
import type { Database } from './db/types.ts';
import type { CryptoProvider } from './crypto/provider.ts';
import { openCryptoProvider } from './crypto/keys.ts';
import { LocalBus, type EventBus } from './bus/bus.ts';
import { LocalDiskStorage, type Storage } from './storage/storage.ts';

/** What every service needs; built once per process (or per test app). */
export interface ServiceContext {
  database: Database;
  config: Config;
  /** Field encryption and blind indexes for personal data. */
  crypto: CryptoProvider;
  /** Fan-out of committed events (see platform/bus); publish only after commit. */
  bus: EventBus;
  /** Uploaded bytes (see platform/storage); keys are made by the storage, never by users. */
  storage: Storage;
}

/**
 * The context for a configuration: loads (or on first start creates) the master key.
 * The bus defaults to an in-process one that holds no resources; the app passes the bus it
 * opened from REDIS_URL (and closes it).
 */
export function createServiceContext(
  database: Database,
  config: Config,
  crypto: CryptoProvider = openCryptoProvider(config),
  bus: EventBus = new LocalBus(),
  storage: Storage = new LocalDiskStorage(config.filesDir),
): ServiceContext {
  return { database, config, crypto, bus, storage };
}
