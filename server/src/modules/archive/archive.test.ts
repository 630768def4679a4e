import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import smCrypto from 'sm-crypto';
import {
  checkpointStatement,
  verifyConsistency,
  verifyInclusion,
  type ArchiveCheckpoint,
  type ArchiveConsistencyProof,
  type ArchiveEntry,
  type ArchiveExport,
  type ArchiveInclusionProof,
  type ArchiveList,
  type ArchiveOverview,
  type ArchiveVerifyResult,
  type Notice,
  type SpaceDetail,
  type Topic,
} from '@tongxin/contract';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';
import { buildTwoBranches, type TwoBranches, type FixtureUser } from '../../test/org-fixture.ts';
import { runCli } from '../../test/server-process.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { leafOf, sm3 } from '../../platform/archive/merkle.ts';
import { verifyPackage } from '../../platform/archive/package.ts';
import { leafDataOf, signingKey, verifyArchive, type EntryRow } from './service.ts';
import { archiveEntries } from './schema.ts';

describe.each(ENGINES)('archive on %s', (engine) => {
  const h = useHarness(engine);
  let f: TwoBranches;
  const cookies = new Map<string, string>();
  const cookie = async (user: FixtureUser | 'auditor') => {
    let c = cookies.get(user);
    if (!c) {
      c =
        user === 'auditor'
          ? await signIn(h().app, 'auditor', ADMIN_PASSWORDS.audit)
          : await f.cookie(h().app, user);
      cookies.set(user, c);
    }
    return c;
  };
  const call = async (
    method: 'GET' | 'POST',
    url: string,
    user: FixtureUser | 'auditor',
    payload?: object,
  ) =>
    h().app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: await cookie(user) },
      ...(payload ? { payload } : {}),
    });
  /** Entries are addressed by id; the tests think in leaf positions. */
  const idOf = async (seq: number): Promise<string> => {
    const all = (await call('GET', '/archive/entries?limit=100', 'auditor')).json<ArchiveList>();
    const item = all.items.find((e) => e.seq === seq);
    if (!item) throw new Error(`no entry ${seq}`);
    return item.id;
  };
  const verify = async (): Promise<ArchiveVerifyResult> =>
    (await call('GET', '/archive/verify', 'auditor')).json<ArchiveVerifyResult>();

  let noticeId = '';
  let topicId = '';

  it('archives a notice as it is sent, for its officers and the 审计管理员 only', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    f = await buildTwoBranches(ctx);
    void app;
    const sent = await call('POST', '/notices', 'secretary.a', {
      orgId: f.branchA,
      title: '关于召开组织生活会的通知',
      body: '请全体党员**按时**参加。',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    noticeId = sent.json<Notice>().id;

    // Members without read_archive, administrators other than the auditor: no archive.
    const none = await call('GET', '/archive', 'member.a');
    expect(none.json<ArchiveOverview>()).toMatchObject({
      orgs: [],
      treeSize: 0,
      may: { browse: false },
    });
    expect((await call('GET', '/archive/entries', 'member.a')).statusCode).toBe(403);
    const overview = (await call('GET', '/archive', 'secretary.a')).json<ArchiveOverview>();
    expect(overview.orgs.map((o) => o.id).sort()).toEqual([f.branchA, f.groupA].sort());
    expect(overview.may).toEqual({ browse: true, verifyAll: false });

    const list = await call('GET', `/archive/entries?orgId=${f.branchA}`, 'secretary.a');
    const items = list.json<ArchiveList>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      seq: 0,
      kind: 'notice',
      refId: noticeId,
      version: 1,
      supersedes: null,
      title: '关于召开组织生活会的通知',
      orgName: '甲党支部',
      archivedBy: 'secretary.a',
    });
    expect(list.json<ArchiveList>().years).toEqual([
      Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4)),
    ]);
    // Sideways: the other branch's secretary sees neither the organisation nor the entry.
    expect(
      (await call('GET', `/archive/entries?orgId=${f.branchA}`, 'secretary.b')).statusCode,
    ).toBe(404);
    expect((await call('GET', `/archive/entries/${await idOf(0)}`, 'secretary.b')).statusCode).toBe(
      404,
    );
    expect((await call('GET', '/archive/entries', 'secretary.b')).json<ArchiveList>().total).toBe(
      0,
    );
    // The auditor reads everything.
    const all = (await call('GET', '/archive/entries', 'auditor')).json<ArchiveList>();
    expect(all.total).toBe(1);
    const entry = (
      await call('GET', `/archive/entries/${await idOf(0)}`, 'auditor')
    ).json<ArchiveEntry>();
    expect(entry.content).toMatchObject({ body: '请全体党员**按时**参加。', sender: '甲书记' });
    expect(leafOf(entry.leafData)).toBe(entry.leafHash);
  });

  it('archives a topic by a moderator; again after changes as a new version', async () => {
    const space = (
      await call('GET', `/exchange/orgs/${f.branchA}/space`, 'member.a')
    ).json<SpaceDetail>();
    const started = await call('POST', `/exchange/spaces/${space.space.id}/topics`, 'member.a', {
      title: '学习心得交流',
      body: '谈谈学习体会。',
    });
    expect(started.statusCode, started.body).toBe(201);
    topicId = started.json<{ topic: Topic }>().topic.id;

    expect((await call('POST', `/archive/topics/${topicId}`, 'member.a', {})).statusCode).toBe(403);
    expect((await call('POST', `/archive/topics/${topicId}`, 'secretary.b', {})).statusCode).toBe(
      404,
    );
    const first = await call('POST', `/archive/topics/${topicId}`, 'secretary.a', { note: '存档' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ seq: 1, version: 1 });
    const again = await call('POST', `/archive/topics/${topicId}`, 'secretary.a', { note: '存档' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('archive_unchanged');

    await call('POST', `/exchange/topics/${topicId}/messages`, 'member.a', { body: '补充一点。' });
    const second = await call('POST', `/archive/topics/${topicId}`, 'secretary.a', {
      note: '存档',
    });
    expect(second.json()).toEqual({ seq: 2, version: 2 });
    const detail = (
      await call('GET', `/archive/entries/${await idOf(2)}`, 'secretary.a')
    ).json<ArchiveEntry>();
    expect(detail.supersedes).toBe(1);
    expect(detail.versions.map((v) => v.seq)).toEqual([1, 2]);
    expect(
      (detail.content as { messages: { text: string }[] }).messages.map((m) => m.text),
    ).toEqual(['谈谈学习体会。', '补充一点。']);
    const old = (
      await call('GET', `/archive/entries/${await idOf(1)}`, 'secretary.a')
    ).json<ArchiveEntry>();
    expect(old.supersededBy).toBe(2);

    // Withdrawing the notice amends its entry rather than changing it.
    const withdrawn = await call('POST', `/notices/${noticeId}/withdraw`, 'secretary.a', {
      reason: '时间调整',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const amended = (
      await call('GET', `/archive/entries/${await idOf(3)}`, 'secretary.a')
    ).json<ArchiveEntry>();
    expect(amended).toMatchObject({ kind: 'notice', version: 2, supersedes: 0 });
    expect(amended.content).toMatchObject({ withdrawn: true, withdrawReason: '时间调整' });
    const original = (
      await call('GET', `/archive/entries/${await idOf(0)}`, 'secretary.a')
    ).json<ArchiveEntry>();
    expect(original.content).toMatchObject({ withdrawn: false });
  });

  it('signs checkpoints and proves inclusion and consistency', async () => {
    const early = await call('GET', `/archive/entries/${await idOf(0)}/proof`, 'secretary.a');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('archive_not_checkpointed');

    const cp1 = (
      await call('POST', '/archive/checkpoints', 'secretary.a')
    ).json<ArchiveCheckpoint>();
    expect(cp1).toMatchObject({ seq: 1, treeSize: 4, reason: 'demand' });
    expect(
      smCrypto.sm2.doVerifySignature(checkpointStatement(cp1), cp1.signature, cp1.publicKey, {
        hash: true,
      }),
    ).toBe(true);
    // Nothing new: the same checkpoint comes back.
    expect(
      (await call('POST', '/archive/checkpoints', 'auditor')).json<ArchiveCheckpoint>().seq,
    ).toBe(1);

    for (const seq of [0, 1, 2, 3]) {
      const proof = (
        await call('GET', `/archive/entries/${await idOf(seq)}/proof`, 'auditor')
      ).json<ArchiveInclusionProof>();
      const entry = (
        await call('GET', `/archive/entries/${await idOf(seq)}`, 'auditor')
      ).json<ArchiveEntry>();
      expect(
        verifyInclusion(
          sm3,
          seq,
          proof.checkpoint.treeSize,
          leafOf(entry.leafData),
          proof.path,
          proof.checkpoint.rootHash,
        ),
      ).toBe(true);
    }
    const sent = await call('POST', '/notices', 'secretary.b', {
      orgId: f.branchB,
      title: '乙支部主题党日安排',
      body: '本月主题党日。',
    });
    expect(sent.statusCode).toBe(201);
    const cp2 = (
      await call('POST', '/archive/checkpoints', 'secretary.b')
    ).json<ArchiveCheckpoint>();
    expect(cp2).toMatchObject({ seq: 2, treeSize: 5 });
    const consistency = (
      await call('GET', '/archive/consistency?first=1&second=2', 'auditor')
    ).json<ArchiveConsistencyProof>();
    expect(verifyConsistency(sm3, 4, 5, cp1.rootHash, cp2.rootHash, consistency.path)).toBe(true);

    expect((await call('GET', '/archive/verify', 'secretary.a')).statusCode).toBe(403);
    expect(await verify()).toEqual({ ok: true, entries: 5, checkpoints: 2, firstBad: null });
    const audit = await queryRows<{ action: string }>(
      h().ctx.database.db,
      sql`select action from audit_log where action like 'archive.%' order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'archive.record',
      'archive.record',
      'archive.record',
      'archive.record',
      'archive.checkpoint',
      'archive.record',
      'archive.checkpoint',
      'archive.verify',
    ]);
  });

  it('exports a signed package that verifies offline and names every changed member', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(
      (
        await call('POST', '/archive/exports', 'secretary.b', {
          orgId: f.branchA,
          from: '2020-01-01',
          to: today,
        })
      ).statusCode,
    ).toBe(404);
    const started = await call('POST', '/archive/exports', 'secretary.a', {
      orgId: f.branchA,
      includeSubtree: true,
      from: '2020-01-01',
      to: today,
    });
    expect(started.statusCode, started.body).toBe(202);
    let job = started.json<ArchiveExport>();
    // Poll as the web does; the job is in-process, so it always ends.
    while (job.status === 'running') {
      await new Promise((r) => setTimeout(r, 50));
      job = (await call('GET', `/archive/exports/${job.id}`, 'secretary.a')).json<ArchiveExport>();
    }
    expect(job).toMatchObject({ status: 'done', total: 4, done: 4 });
    expect((await call('GET', `/archive/exports/${job.id}/file`, 'secretary.b')).statusCode).toBe(
      404,
    );
    const file = await call('GET', `/archive/exports/${job.id}/file`, 'secretary.a');
    expect(file.headers['content-type']).toBe('application/zip');
    const zip = new Uint8Array(file.rawPayload);

    const report = verifyPackage(zip);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, records: 4, organisation: '甲党支部' });
    expect(report.fingerprint).toBe(
      (await call('GET', '/archive', 'secretary.a')).json<ArchiveOverview>().fingerprint,
    );
    const members = unzipSync(zip);
    expect(Object.keys(members).sort()).toEqual(
      [
        'README.txt',
        'checkpoint.json',
        'manifest.json',
        ...[0, 1, 2, 3].flatMap((s) => {
          const p = String(s).padStart(10, '0');
          return [`proofs/${p}.json`, `records/${p}.docx`, `records/${p}.json`];
        }),
      ].sort(),
    );
    expect(new TextDecoder().decode(members['records/0000000002.json'])).toContain('补充一点。');
    expect(
      Buffer.from(members['records/0000000002.docx'] as Uint8Array)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    /** Flips one byte in the middle of a member's stored bytes and verifies again. */
    const corrupt = (name: string): string[] => {
      const bytes = members[name] as Uint8Array;
      const at = Buffer.from(zip).indexOf(Buffer.from(bytes));
      expect(at, name).toBeGreaterThan(0);
      const copy = zip.slice();
      const i = at + Math.floor(bytes.length / 2);
      copy[i] = (copy[i] as number) ^ 0x20;
      const r = verifyPackage(copy);
      expect(r.ok).toBe(false);
      return r.problems.map((p) => p.member);
    };
    expect(corrupt('records/0000000001.json')).toContain('records/0000000001.json');
    expect(corrupt('records/0000000003.docx')).toEqual(['records/0000000003.docx']);
    expect(corrupt('proofs/0000000000.json')).toContain('proofs/0000000000.json');
    expect(corrupt('manifest.json')[0]).toBe('manifest.json');
    expect(corrupt('checkpoint.json')[0]).toBe('checkpoint.json');
    expect(corrupt('README.txt')).toEqual(['README.txt']);
    // A header byte (the first member's modification time) and the signature itself.
    for (const i of [10, zip.length - 5]) {
      const copy = zip.slice();
      copy[i] = (copy[i] as number) ^ 0x01;
      const r = verifyPackage(copy);
      expect(r.ok, `byte ${i}`).toBe(false);
      expect(r.problems.map((p) => p.member)).toEqual(['(zip)']);
    }
    // Pinned to another key, even an intact package is refused.
    const other = smCrypto.sm2.generateKeyPairHex().publicKey;
    expect(verifyPackage(zip, { publicKey: other }).problems[0]?.member).toBe('checkpoint.json');

    // The command line, offline: no database, no configuration.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-package-'));
    try {
      const good = path.join(dir, 'good.zip');
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the test's own directory
      fs.writeFileSync(good, zip);
      const ok = await runCli(['archive', 'verify-package', good], {});
      expect(ok.stdout).toContain('Package intact: 4 records verified.');
      expect(ok.code).toBe(0);
      const bad = path.join(dir, 'bad.zip');
      const copy = zip.slice();
      const at = Buffer.from(zip).indexOf(
        Buffer.from(members['records/0000000000.json'] as Uint8Array),
      );
      copy[at + 40] = (copy[at + 40] as number) ^ 0x01;
      // eslint-disable-next-line security/detect-non-literal-fs-filename -- the test's own directory
      fs.writeFileSync(bad, copy);
      const broken = await runCli(['archive', 'verify-package', bad], {});
      expect(broken.stderr).toContain('BAD records/0000000000.json');
      expect(broken.code).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('detects and names a raw edit, a deletion, a reordering and a forged checkpoint', async () => {
    const { db } = h().ctx.database;
    const trusted = signingKey(h().ctx.config).publicKey;
    const check = () => verifyArchive(db, trusted);
    const rowOf = async (seq: number): Promise<EntryRow> =>
      (
        await db
          .select()
          .from(archiveEntries)
          .where(sql`${archiveEntries.seq} = ${seq}`)
      )[0] as EntryRow;

    // 1. A raw SQL edit of an entry's content.
    await db.execute(
      sql`update archive_entries set content = replace(content, '按时', '准时') where seq = 0`,
    );
    expect(await verify()).toMatchObject({
      ok: false,
      firstBad: { what: 'entry', seq: 0, reason: 'content changed (leaf hash differs)' },
    });
    await db.execute(
      sql`update archive_entries set content = replace(content, '准时', '按时') where seq = 0`,
    );
    expect((await check()).ok).toBe(true);

    // 1b. The same edit with the leaf hash recomputed: the signed root gives it away.
    const row2 = await rowOf(2);
    const forgedTitle = { ...row2, title: '改过的标题' };
    await db.execute(
      sql`update archive_entries set title = ${forgedTitle.title}, leaf_hash = ${leafOf(leafDataOf(forgedTitle))} where seq = 2`,
    );
    expect((await check()).firstBad).toMatchObject({ what: 'checkpoint', seq: 1 });
    await db.execute(
      sql`update archive_entries set title = ${row2.title}, leaf_hash = ${row2.leafHash} where seq = 2`,
    );

    // 2. A deletion, in the middle and at the end.
    const row1 = await rowOf(1);
    await db.execute(sql`delete from archive_entries where seq = 1`);
    expect((await check()).firstBad).toMatchObject({
      what: 'entry',
      seq: 1,
      reason: expect.stringContaining('missing'),
    });
    await db.insert(archiveEntries).values(row1);
    const row4 = await rowOf(4);
    await db.execute(sql`delete from archive_entries where seq = 4`);
    expect((await check()).firstBad).toMatchObject({ what: 'entry', seq: 4 });
    await db.insert(archiveEntries).values(row4);
    expect((await check()).ok).toBe(true);

    // 3. A reordering: two entries swap places.
    const swap = async () => {
      await db.execute(sql`update archive_entries set seq = -1 where seq = 1`);
      await db.execute(sql`update archive_entries set seq = 1 where seq = 2`);
      await db.execute(sql`update archive_entries set seq = 2 where seq = -1`);
    };
    await swap();
    expect((await check()).firstBad).toMatchObject({ what: 'entry', seq: 1 });
    await swap();
    expect((await check()).ok).toBe(true);

    // 4. A forged checkpoint: another key, then the right key's name on a wrong root.
    const forger = smCrypto.sm2.generateKeyPairHex();
    const fake = { treeSize: 5, rootHash: 'ab'.repeat(32), time: new Date().toISOString() };
    const forgedSig = smCrypto.sm2.doSignature(checkpointStatement(fake), forger.privateKey, {
      hash: true,
      publicKey: forger.publicKey,
    });
    await db.execute(
      sql`insert into archive_checkpoints (seq, tree_size, root_hash, time, signature, public_key, reason)
          values (3, 5, ${fake.rootHash}, ${fake.time}, ${forgedSig}, ${forger.publicKey}, 'demand')`,
    );
    expect((await check()).firstBad).toEqual({
      what: 'checkpoint',
      seq: 3,
      reason: 'signed by an unknown key',
    });
    await db.execute(sql`update archive_checkpoints set public_key = ${trusted} where seq = 3`);
    expect((await check()).firstBad).toEqual({
      what: 'checkpoint',
      seq: 3,
      reason: 'signature does not verify',
    });
  });
});
