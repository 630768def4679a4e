import { createHash } from 'node:crypto';
import { emptyRoot, leafHash, nodeHash, type HashFn } from '@tongxin/contract';

/*
 * The archive's Merkle tree, RFC 9162 §2.1 with SM3: MTH over leaf hashes, inclusion paths
 * (PATH) and consistency proofs (PROOF/SUBPROOF), plus an accumulator that yields the root of
 * every prefix while leaves are appended, for verifying many checkpoints in one pass.
 * Verification of proofs is in the contract, shared with the browser and offline verifier.
 */

export const sm3: HashFn = (data) => new Uint8Array(createHash('sm3').update(data).digest());

export const sm3Hex = (data: Uint8Array | string): string =>
  createHash('sm3').update(data).digest('hex');

export const leafOf = (data: Uint8Array | string): string => leafHash(sm3, data);

/** Largest power of two strictly below n (n ≥ 2): RFC 9162's split point. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A tree over a list of leaf hashes. Subtree hashes are memoised by range, so the proofs of m
 * leaves in a tree of n cost O(n + m log n) hashes rather than O(m n).
 */
export class MerkleTree {
  private readonly memo = new Map<string, string>();

  constructor(private readonly leaves: readonly string[]) {}

  get size(): number {
    return this.leaves.length;
  }

  /** MTH(D[start:end]). */
  hash(start = 0, end = this.leaves.length): string {
    const n = end - start;
    if (n === 0) return emptyRoot(sm3);
    if (n === 1) return this.leaves[start] as string;
    const key = `${start}:${end}`;
    const known = this.memo.get(key);
    if (known) return known;
    const k = splitPoint(n);
    const value = nodeHash(sm3, this.hash(start, start + k), this.hash(start + k, end));
    this.memo.set(key, value);
    return value;
  }

  /** PATH(m, D[0:size]): the inclusion path of leaf m in the tree of the first `size` leaves. */
  inclusionPath(m: number, size = this.leaves.length): string[] {
    if (m < 0 || m >= size || size > this.leaves.length) throw new RangeError('leaf out of range');
    const path: string[] = [];
    const walk = (m: number, start: number, end: number): void => {
      const n = end - start;
      if (n <= 1) return;
      const k = splitPoint(n);
      if (m < k) {
        walk(m, start, start + k);
        path.push(this.hash(start + k, end));
      } else {
        walk(m - k, start + k, end);
        path.push(this.hash(start, start + k));
      }
    };
    walk(m, 0, size);
    return path;
  }

  /** PROOF(m, D[0:size]): the consistency proof from the tree of m leaves to that of `size`. */
  consistencyProof(m: number, size = this.leaves.length): string[] {
    if (m < 0 || m > size || size > this.leaves.length) throw new RangeError('size out of range');
    if (m === 0 || m === size) return [];
    const proof: string[] = [];
    const sub = (m: number, start: number, end: number, b: boolean): void => {
      const n = end - start;
      if (m === n) {
        if (!b) proof.push(this.hash(start, end));
        return;
      }
      const k = splitPoint(n);
      if (m <= k) {
        sub(m, start, start + k, b);
        proof.push(this.hash(start + k, end));
      } else {
        sub(m - k, start + k, end, false);
        proof.push(this.hash(start, start + k));
      }
    };
    sub(m, 0, size, true);
    return proof;
  }
}

/**
 * Appends leaves and answers the root of the tree so far in O(log n): the roots of the perfect
 * subtrees ("peaks", largest first) folded from the right, which is exactly MTH for the RFC's
 * left-heavy split.
 */
export class MerkleAccumulator {
  private readonly peaks: { size: number; hash: string }[] = [];
  size = 0;

  push(leaf: string): void {
    let node = { size: 1, hash: leaf };
    for (let top = this.peaks.at(-1); top && top.size === node.size; top = this.peaks.at(-1)) {
      this.peaks.pop();
      node = { size: node.size * 2, hash: nodeHash(sm3, top.hash, node.hash) };
    }
    this.peaks.push(node);
    this.size += 1;
  }

  root(): string {
    if (this.peaks.length === 0) return emptyRoot(sm3);
    let acc = (this.peaks.at(-1) as { hash: string }).hash;
    for (let i = this.peaks.length - 2; i >= 0; i -= 1) {
      acc = nodeHash(sm3, (this.peaks[i] as { hash: string }).hash, acc);
    }
    return acc;
  }
}
