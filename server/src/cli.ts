import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Value } from 'typebox/value';
import { SetupPlan } from '@tongxin/contract';
import { ConfigError, loadConfig } from './config.ts';
import { AppError } from './platform/http/errors.ts';
import { DataDirLockedError } from './platform/db/data-dir-lock.ts';
import {
  baseUrl,
  openConfiguredDatabase,
  printSetupLink,
  startServer,
  stopOnSignals,
} from './server.ts';
import { completeSetupFromPlan, issueSetupToken } from './modules/setup/service.ts';
import { seedDemo } from './demo/seed.ts';
import { auditCommand } from './audit-cli.ts';
import { archiveCommand } from './archive-cli.ts';
import { jobsCommand } from './jobs-cli.ts';
import { rebuildSearchIndex } from './modules/search/rebuild.ts';
import { createServiceContext } from './platform/context.ts';
import { KeyConfigError, newKeyEntry } from './platform/crypto/keys.ts';
import { KEY_ID } from './platform/crypto/provider.ts';
import { recoverAccount } from './modules/identity/accounts.ts';

const HELP = `Usage: tongxin <command> [options]

Commands:
  serve                  Start the server (default). Settings come from the environment:
                         see docs/configuration.md.
  setup --from FILE      First-run setup without the browser: FILE is JSON with the root
                         organisation and the three administrators (see docs/operations.md).
  setup-url              Print a fresh one-time setup link (while setup is still needed).
  migrate                Apply pending database migrations and exit.
  reset-account USERNAME Recover an account (administrators too): unlock, enable, turn the
                         authenticator off, end its sessions and print a one-time password
                         that must be changed at the next sign-in (see docs/security.md).
  demo [--data-dir DIR]  Start on a fresh demo data directory (default ./data-demo) seeded with
                         a realistic organisation; accounts go to DIR/demo-accounts.json.
  search rebuild         Rebuild the search index from the messages, topics and notices
                         (after changing the dictionary; done once by itself on upgrade).
  audit verify           Recompute the audit log's SM3 hash chain; exit 1 and name the first
                         broken entry if it does not hold.
  audit prune --before YYYY-MM-DD
                         Remove audit entries older than the date (at least 180 days ago);
                         the chain stays verifiable from the first remaining entry.
  archive verify         Recompute the archive's Merkle tree from the stored entries and check
                         every signed checkpoint; exit 1 naming the first bad entry.
  archive verify-package FILE.zip [--public-key HEX]
                         Verify an exported archive package offline (no server, no database);
                         exit 1 naming every changed member (docs/archive.md).
  jobs                   List the scheduled jobs (archive checkpoints, pruning of old events,
                         sessions and abandoned uploads) and how their last runs went.
  jobs run NAME          Run one of them now (docs/operations.md#scheduled-jobs).
  new-key [--id ID]      Print a new field-encryption key entry (id:base64) for
                         TONGXIN_MASTER_KEY_FILE; append it to rotate (docs/security-crypto.md).
  help                   Show this text.
`;

async function main(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve': {
      const config = loadConfig();
      const server = await startServer(config);
      stopOnSignals(server, config.shutdownTimeoutMs);
      return -1;
    }
    case 'migrate': {
      const database = await openConfiguredDatabase(loadConfig());
      await database.close();
      console.log('Migrations applied.');
      return 0;
    }
    case 'setup': {
      const { values } = parseArgs({ args: rest, options: { from: { type: 'string' } } });
      if (!values.from) {
        console.error('tongxin setup: --from FILE is required (see docs/operations.md)');
        return 2;
      }
      const plan: unknown = JSON.parse(fs.readFileSync(path.resolve(values.from), 'utf8'));
      if (!Value.Check(SetupPlan, plan)) {
        const first = [...Value.Errors(SetupPlan, plan)][0];
        console.error(
          `tongxin setup: ${values.from} is not a valid plan: ${first?.instancePath || '/'} ${first?.message ?? ''}`,
        );
        return 2;
      }
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      try {
        await completeSetupFromPlan(createServiceContext(database, config), plan);
      } finally {
        await database.close();
      }
      console.log('Setup complete: the root organisation and the three administrators exist.');
      return 0;
    }
    case 'setup-url': {
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      try {
        const token = await issueSetupToken(createServiceContext(database, config));
        if (!token) {
          console.error('Setup has already been completed.');
          return 1;
        }
        printSetupLink(`${baseUrl(config, config.port)}/setup#token=${token}`);
        return 0;
      } finally {
        await database.close();
      }
    }
    case 'reset-account': {
      const [username] = rest;
      if (!username) {
        console.error('tongxin reset-account: give the username');
        return 2;
      }
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      try {
        const password = await recoverAccount(createServiceContext(database, config), username);
        console.log(`One-time password for ${username} (must be changed at sign-in): ${password}`);
        return 0;
      } finally {
        await database.close();
      }
    }
    case 'demo': {
      const { values } = parseArgs({ args: rest, options: { 'data-dir': { type: 'string' } } });
      const dataDir = path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? 'data-demo');
      const config = loadConfig({ ...process.env, DATA_DIR: dataDir });
      if (!config.databaseUrl) fs.rmSync(dataDir, { recursive: true, force: true });
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      const database = await openConfiguredDatabase(config);
      const accountsFile = path.join(dataDir, 'demo-accounts.json');
      const ctx = createServiceContext(database, config);
      await seedDemo(ctx, accountsFile);
      const server = await startServer(config, database, ctx.crypto);
      console.log(
        `Demo running at ${server.url}\nDemo accounts and their passwords: ${accountsFile}`,
      );
      stopOnSignals(server, config.shutdownTimeoutMs);
      return -1;
    }
    case 'audit':
      return auditCommand(rest);
    case 'archive':
      return archiveCommand(rest);
    case 'jobs':
      return jobsCommand(rest);
    case 'search': {
      if (rest[0] !== 'rebuild') {
        console.error('tongxin search: the only subcommand is "rebuild"');
        return 2;
      }
      const database = await openConfiguredDatabase(loadConfig());
      try {
        console.log(`Search index rebuilt: ${await rebuildSearchIndex(database)} documents.`);
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'new-key': {
      const { values } = parseArgs({ args: rest, options: { id: { type: 'string' } } });
      const id = values.id ?? `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
      if (!KEY_ID.test(id)) {
        console.error('tongxin new-key: --id must be 1 to 16 of a-z, 0-9 and -');
        return 2;
      }
      console.log(newKeyEntry(id));
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (
      err instanceof ConfigError ||
      err instanceof DataDirLockedError ||
      err instanceof KeyConfigError
    )
      console.error(err.message);
    else if (err instanceof AppError)
      console.error(
        `${err.code}: ${err.message}${err.details ? ` ${JSON.stringify(err.details)}` : ''}`,
      );
    else console.error(err);
    process.exit(1);
  },
);
