import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { openConfiguredDatabase } from './server.ts';
import { operatorActor, recordAudit } from './platform/audit/audit.ts';
import { verifyPackage } from './platform/archive/package.ts';
import { signingKey, verifyArchive } from './modules/archive/service.ts';

/** `tongxin archive verify`: recompute the whole archive against the signed checkpoints. */
async function verify(): Promise<number> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    const result = await verifyArchive(database.db, signingKey(config).publicKey);
    await database.write((tx) =>
      recordAudit(tx, operatorActor('cli'), {
        action: 'archive.verify',
        result: result.ok ? 'success' : 'failure',
        details: {
          entries: result.entries,
          checkpoints: result.checkpoints,
          firstBad: result.firstBad,
        },
      }),
    );
    if (result.ok) {
      console.log(
        `Archive intact: ${result.entries} entries and ${result.checkpoints} signed checkpoints verified.`,
      );
      return 0;
    }
    const bad = result.firstBad;
    console.error(`Archive BROKEN at ${bad?.what ?? '?'} ${bad?.seq ?? '?'}: ${bad?.reason ?? ''}`);
    return 1;
  } finally {
    await database.close();
  }
}

/** `tongxin archive verify-package FILE.zip`: offline, no server, no database, no config. */
function verifyPackageFile(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'public-key': { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) {
    console.error('Usage: tongxin archive verify-package FILE.zip [--public-key HEX]');
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(path.resolve(file)));
  } catch {
    console.error(`tongxin archive verify-package: cannot read ${file}`);
    return 2;
  }
  const pinned = values['public-key'];
  const report = verifyPackage(bytes, pinned ? { publicKey: pinned.toLowerCase() } : {});
  if (report.organisation) {
    console.log(
      `Organisation: ${report.organisation}  period: ${report.period?.from ?? '?'} – ${report.period?.to ?? '?'}`,
    );
  }
  if (report.checkpoint) {
    console.log(
      `Checkpoint: size ${report.checkpoint.treeSize}, root ${report.checkpoint.rootHash}, ${report.checkpoint.time}`,
    );
  }
  if (report.fingerprint) console.log(`Signing key fingerprint: ${report.fingerprint}`);
  if (report.ok) {
    console.log(`Package intact: ${report.records} records verified.`);
    return 0;
  }
  for (const p of report.problems) console.error(`BAD ${p.member}: ${p.reason}`);
  console.error(
    `Package BROKEN: ${report.problems.length} problem(s); first: ${report.problems[0]?.member ?? '?'}`,
  );
  return 1;
}

/** `tongxin archive <verify|verify-package>` */
export async function archiveCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'verify') return verify();
  if (sub === 'verify-package') return verifyPackageFile(rest);
  console.error(
    'Usage: tongxin archive verify | tongxin archive verify-package FILE.zip [--public-key HEX]',
  );
  return 2;
}
