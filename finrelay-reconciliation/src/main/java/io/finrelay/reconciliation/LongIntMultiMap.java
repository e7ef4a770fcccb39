package io.finrelay.reconciliation;

import java.util.Arrays;

/**
 * A hash index from a long key to values 0..n-1, with no boxing: open addressing for the keys, each
 * key's values chained through one int array. Values come out in the order they were added.
 */
final class LongIntMultiMap {
    private static final int NONE = -1;
    private long[] keys;
    private int[] heads;
    private int[] tails;
    private final int[] next;
    private int size;

    /** For values 0..values-1; the table starts for {@code expectedKeys} keys and grows when there are more. */
    LongIntMultiMap(int values, int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(4, expectedKeys) * 2 - 1) << 1;
        keys = new long[capacity];
        heads = new int[capacity];
        tails = new int[capacity];
        Arrays.fill(heads, NONE);
        next = new int[Math.max(1, values)];
        Arrays.fill(next, NONE);
    }

    void put(long key, int value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        int slot = slot(key, keys, heads);
        if (heads[slot] == NONE) {
            keys[slot] = key;
            heads[slot] = value;
            size++;
        } else {
            next[tails[slot]] = value;
        }
        tails[slot] = value;
    }

    /** The first value under the key, or -1; the others follow through {@link #next(int)}. */
    int first(long key) {
        return heads[slot(key, keys, heads)];
    }

    int next(int value) {
        return next[value];
    }

    private static int slot(long key, long[] keys, int[] heads) {
        int mask = keys.length - 1;
        int slot = (int) mix(key) & mask;
        while (heads[slot] != NONE && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        // MurmurHash3's finaliser: every key bit reaches the low bits the table uses
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldHeads = heads;
        int[] oldTails = tails;
        keys = new long[oldKeys.length * 2];
        heads = new int[keys.length];
        tails = new int[keys.length];
        Arrays.fill(heads, NONE);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldHeads[i] != NONE) {
                int slot = slot(oldKeys[i], keys, heads);
                keys[slot] = oldKeys[i];
                heads[slot] = oldHeads[i];
                tails[slot] = oldTails[i];
            }
        }
    }
}
