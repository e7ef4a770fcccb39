package io.finrelay.reconciliation;

import java.util.Arrays;

/**
 * A hash index from a long key to values 0..n-1, with no boxing: open addressing for the keys, each
 * key's values chained through one int array. Values come out in the order they were added.
 *
 * <p>A slot's key and its first value sit side by side in one array, so a look-up (most of them miss
 * the CPU caches on a million items) touches one cache line per probe, not two.
 */
final class LongIntMultiMap {
    private static final int NONE = -1;
    /** Slot s: its key at 2s, its first value at 2s + 1 (NONE when the slot is empty). */
    private long[] table;
    private int[] tails;
    private final int[] next;
    private int size;

    /** For values 0..values-1; the table starts for {@code expectedKeys} keys and grows when there are more. */
    LongIntMultiMap(int values, int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(4, expectedKeys) * 2 - 1) << 1;
        table = emptyTable(capacity);
        tails = new int[capacity];
        next = new int[Math.max(1, values)];
        Arrays.fill(next, NONE);
    }

    void put(long key, int value) {
        if ((size + 1) * 2 > tails.length) {
            grow();
        }
        int slot = slot(key, table);
        if (table[2 * slot + 1] == NONE) {
            table[2 * slot] = key;
            table[2 * slot + 1] = value;
            size++;
        } else {
            next[tails[slot]] = value;
        }
        tails[slot] = value;
    }

    /** The first value under the key, or -1; the others follow through {@link #next(int)}. */
    int first(long key) {
        return (int) table[2 * slot(key, table) + 1];
    }

    int next(int value) {
        return next[value];
    }

    private static long[] emptyTable(int capacity) {
        long[] t = new long[capacity * 2];
        for (int s = 1; s < t.length; s += 2) {
            t[s] = NONE;
        }
        return t;
    }

    private static int slot(long key, long[] table) {
        int mask = (table.length >>> 1) - 1;
        int slot = (int) mix(key) & mask;
        while (table[2 * slot + 1] != NONE && table[2 * slot] != key) {
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
        long[] old = table;
        int[] oldTails = tails;
        table = emptyTable(oldTails.length * 2);
        tails = new int[oldTails.length * 2];
        for (int s = 0; s < oldTails.length; s++) {
            if (old[2 * s + 1] != NONE) {
                int slot = slot(old[2 * s], table);
                table[2 * slot] = old[2 * s];
                table[2 * slot + 1] = old[2 * s + 1];
                tails[slot] = oldTails[s];
            }
        }
    }
}
