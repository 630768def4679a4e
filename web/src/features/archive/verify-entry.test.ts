import { describe, expect, it } from 'vitest';
import smCrypto from 'sm-crypto';
import {
  checkpointStatement,
  hexToBytes,
  leafDataText,
  leafHash,
  nodeHash,
  type ArchiveEntry,
  type ArchiveInclusionProof,
  type HashFn,
} from '@tongxin/contract';
import { checkEntry } from './verify-entry.ts';

const sm3: HashFn = (data) => hexToBytes(smCrypto.sm3(Array.from(data)));
const key = smCrypto.sm2.generateKeyPairHex();
const other = smCrypto.sm2.generateKeyPairHex();

const fields = {
  seq: 0,
  id: '0b0f4c9e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
  orgId: '1b0f4c9e-2a3b-4c5d-8e9f-0a1b2c3d4e5f',
  orgName: '机关第一党支部',
  kind: 'notice',
  refId: 'n-1',
  version: 1,
  supersedes: null,
  title: '关于召开组织生活会的通知',
  occurredAt: '2026-12-01T02:00:00.000Z',
  archivedAt: '2026-12-01T02:00:00.000Z',
  archivedBy: 'secretary',
  archivedById: null,
  content: { body: '请按时参加' },
};

/** A two-leaf tree with our entry on the left, signed by `signer`. */
function fixture(signer = key, leafData = leafDataText(fields)) {
  const leaf = leafHash(sm3, leafDataText(fields));
  const sibling = leafHash(sm3, 'another entry');
  const root = nodeHash(sm3, leaf, sibling);
  const cp = { treeSize: 2, rootHash: root, time: '2026-12-01T03:00:00.000Z' };
  const signature = smCrypto.sm2.doSignature(checkpointStatement(cp), signer.privateKey, {
    hash: true,
    publicKey: signer.publicKey,
  });
  const entry = { ...fields, leafData, leafHash: leaf } as unknown as ArchiveEntry;
  const proof: ArchiveInclusionProof = {
    seq: 0,
    leafHash: leaf,
    path: [sibling],
    checkpoint: {
      seq: 1,
      ...cp,
      signature,
      publicKey: signer.publicKey,
      fingerprint: '',
      reason: 'demand',
    },
  };
  return { entry, proof };
}

describe('checking an archive entry in the browser', () => {
  it('accepts an entry included under a checkpoint signed with the published key', () => {
    const { entry, proof } = fixture();
    expect(checkEntry(entry, proof, key.publicKey)).toEqual({
      ok: true,
      treeSize: 2,
      time: '2026-12-01T03:00:00.000Z',
    });
  });

  it('refuses changed content, a wrong path, a forged signature and another key', () => {
    const changed = fixture(key, leafDataText({ ...fields, title: '改过的标题' }));
    expect(checkEntry(changed.entry, changed.proof, key.publicKey)).toEqual({
      ok: false,
      reason: 'leaf',
    });

    const { entry, proof } = fixture();
    const wrongPath = { ...proof, path: [leafHash(sm3, 'somebody else')] };
    expect(checkEntry(entry, wrongPath, key.publicKey)).toEqual({ ok: false, reason: 'proof' });

    const forged = {
      ...proof,
      checkpoint: { ...proof.checkpoint, time: '2027-01-01T00:00:00.000Z' },
    };
    expect(checkEntry(entry, forged, key.publicKey)).toEqual({ ok: false, reason: 'signature' });

    const foreign = fixture(other);
    expect(checkEntry(foreign.entry, foreign.proof, key.publicKey)).toEqual({
      ok: false,
      reason: 'key',
    });
  });
});
