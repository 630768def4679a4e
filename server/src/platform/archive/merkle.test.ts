import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  emptyRoot,
  leafHash,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from '@tongxin/contract';
import { MerkleAccumulator, MerkleTree, sm3, sm3Hex } from './merkle.ts';

/*
 * The RFC 9162 algorithms against brute force: the tree hash straight from the definition
 * (§2.1.1) over every size up to 40, every inclusion proof of every leaf, and every
 * consistency proof between every pair of sizes, each checked and each tampered with.
 */

const N = 40;
const leaves = Array.from({ length: N }, (_, i) => leafHash(sm3, `leaf ${i} 三会一课`));

/** MTH exactly as the RFC writes it, with no memo and no cleverness. */
function mth(d: readonly string[]): string {
  if (d.length === 0) return emptyRoot(sm3);
  if (d.length === 1) return d[0] as string;
  let k = 1;
  while (k * 2 < d.length) k *= 2;
  return nodeHash(sm3, mth(d.slice(0, k)), mth(d.slice(k)));
}

const flip = (hex: string): string => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

describe('archive Merkle tree (RFC 9162, SM3)', () => {
  it('hashes leaves and nodes with the 0x00 / 0x01 prefixes and SM3', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(leafHash(sm3, 'abc')).toBe(
      sm3Hex(Buffer.concat([Buffer.from([0]), Buffer.from('abc')])),
    );
    const [a, b] = [leaves[0] as string, leaves[1] as string];
    expect(nodeHash(sm3, a, b)).toBe(
      sm3Hex(Buffer.concat([Buffer.from([1]), Buffer.from(a, 'hex'), Buffer.from(b, 'hex')])),
    );
    expect(emptyRoot(sm3)).toBe(sm3Hex(''));
  });

  it('computes the root of every size like the definition, memoised and incrementally', () => {
    const acc = new MerkleAccumulator();
    expect(acc.root()).toBe(mth([]));
    for (let n = 1; n <= N; n += 1) {
      acc.push(leaves[n - 1] as string);
      const expected = mth(leaves.slice(0, n));
      expect(new MerkleTree(leaves.slice(0, n)).hash()).toBe(expected);
      expect(new MerkleTree(leaves).hash(0, n)).toBe(expected);
      expect(acc.root()).toBe(expected);
    }
  });

  it('proves every leaf of every tree, and refuses tampered proofs', () => {
    const tree = new MerkleTree(leaves);
    for (let n = 1; n <= N; n += 1) {
      const root = mth(leaves.slice(0, n));
      for (let m = 0; m < n; m += 1) {
        const leaf = leaves[m] as string;
        const path = tree.inclusionPath(m, n);
        expect(verifyInclusion(sm3, m, n, leaf, path, root), `leaf ${m} of ${n}`).toBe(true);
        expect(verifyInclusion(sm3, m, n, flip(leaf), path, root)).toBe(false);
        expect(verifyInclusion(sm3, m, n, leaf, path, flip(root))).toBe(false);
        if (n > 1) expect(verifyInclusion(sm3, (m + 1) % n, n, leaf, path, root)).toBe(false);
        if (path.length > 0) {
          const bad = [...path];
          bad[bad.length - 1] = flip(bad[bad.length - 1] as string);
          expect(verifyInclusion(sm3, m, n, leaf, bad, root)).toBe(false);
          expect(verifyInclusion(sm3, m, n, leaf, path.slice(0, -1), root)).toBe(false);
        }
      }
      expect(verifyInclusion(sm3, n, n, leaves[0] as string, [], root)).toBe(false);
    }
  });

  it('proves every smaller tree a prefix of every larger one, and refuses forgeries', () => {
    const tree = new MerkleTree(leaves);
    for (let second = 1; second <= N; second += 1) {
      const secondRoot = mth(leaves.slice(0, second));
      for (let first = 1; first <= second; first += 1) {
        const firstRoot = mth(leaves.slice(0, first));
        const proof = tree.consistencyProof(first, second);
        expect(
          verifyConsistency(sm3, first, second, firstRoot, secondRoot, proof),
          `${first} → ${second}`,
        ).toBe(true);
        if (first < second) {
          expect(verifyConsistency(sm3, first, second, flip(firstRoot), secondRoot, proof)).toBe(
            false,
          );
          expect(verifyConsistency(sm3, first, second, firstRoot, flip(secondRoot), proof)).toBe(
            false,
          );
          const bad = [...proof];
          bad[0] = flip(bad[0] as string);
          expect(verifyConsistency(sm3, first, second, firstRoot, secondRoot, bad)).toBe(false);
          // A history rewritten below `first` is not consistent with it.
          const rewritten = [...leaves];
          rewritten[first - 1] = flip(rewritten[first - 1] as string);
          const forged = new MerkleTree(rewritten);
          expect(
            verifyConsistency(
              sm3,
              first,
              second,
              firstRoot,
              forged.hash(0, second),
              forged.consistencyProof(first, second),
            ),
          ).toBe(false);
        }
      }
    }
  });

  it('writes canonical JSON: sorted keys at every level, one text for one value', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: true, y: null }], c: '党' } })).toBe(
      '{"a":{"c":"党","d":[2,{"y":null,"z":true}]},"b":1}',
    );
    expect(() => canonicalJson({ a: undefined })).toThrow();
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: new Date() })).toThrow();
  });
});
