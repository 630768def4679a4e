import smCrypto from 'sm-crypto';
import {
  checkpointStatement,
  hexToBytes,
  leafHash,
  verifyInclusion,
  type ArchiveEntry,
  type ArchiveInclusionProof,
  type HashFn,
} from '@tongxin/contract';

/** SM3 in the browser (sm-crypto), bytes in and out, for the shared RFC 9162 algorithms. */
const sm3: HashFn = (data) => hexToBytes(smCrypto.sm3(Array.from(data)));

export type EntryCheck =
  | { ok: true; treeSize: number; time: string }
  | { ok: false; reason: 'leaf' | 'proof' | 'signature' | 'key' };

/**
 * Checks an entry here, in the browser, trusting nothing the server says about it: the leaf
 * hash is recomputed from the exact leaf data, the inclusion path is walked up to the
 * checkpoint's root, the checkpoint's SM2 signature is verified, and its key must be the one
 * the archive publishes.
 */
export function checkEntry(
  entry: ArchiveEntry,
  proof: ArchiveInclusionProof,
  publishedKey: string,
): EntryCheck {
  const leaf = leafHash(sm3, entry.leafData);
  if (leaf !== entry.leafHash || leaf !== proof.leafHash) return { ok: false, reason: 'leaf' };
  const cp = proof.checkpoint;
  if (!verifyInclusion(sm3, entry.seq, cp.treeSize, leaf, proof.path, cp.rootHash)) {
    return { ok: false, reason: 'proof' };
  }
  if (cp.publicKey !== publishedKey) return { ok: false, reason: 'key' };
  const signed = smCrypto.sm2.doVerifySignature(
    checkpointStatement(cp),
    cp.signature,
    cp.publicKey,
    {
      hash: true,
    },
  );
  if (!signed) return { ok: false, reason: 'signature' };
  return { ok: true, treeSize: cp.treeSize, time: cp.time };
}
