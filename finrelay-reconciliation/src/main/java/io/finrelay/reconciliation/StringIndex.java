package io.finrelay.reconciliation;

/**
 * A hash index from a string key (one per value, or none) to values 0..n-1: a 64-bit hash of the key
 * in a {@link LongIntMultiMap}, each hit checked against the value's own key.
 */
final class StringIndex {
    private final String[] keys;
    private final LongIntMultiMap map;
    /** Bit k set when some key has length k (64 and longer share bit 63): most tokens of a text skip the table. */
    private final long lengths;

    /** {@code mostlyDistinct}: nearly every value has a key of its own, so the table is sized for all of them at once. */
    StringIndex(String[] keys, boolean mostlyDistinct) {
        this.keys = keys;
        int count = 0;
        long seen = 0;
        for (String k : keys) {
            if (k != null) {
                count++;
                seen |= lengthBit(k);
            }
        }
        lengths = seen;
        // when many values share a key (a customer's IBAN), start small: the table grows to the keys there are
        map = new LongIntMultiMap(keys.length, mostlyDistinct ? count : Math.min(count, 1 << 16));
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                map.put(hash(keys[i]), i);
            }
        }
    }

    String key(int value) {
        return keys[value];
    }

    /** The first value with this key, or -1; further ones through {@link #next(int, String)}. */
    int first(String key) {
        if (key == null || (lengths & lengthBit(key)) == 0) {
            return -1;
        }
        int v = map.first(hash(key));
        return v < 0 || key.equals(keys[v]) ? v : next(v, key);
    }

    int next(int value, String key) {
        int v = map.next(value);
        while (v >= 0 && !key.equals(keys[v])) {
            v = map.next(v);
        }
        return v;
    }

    private static long lengthBit(String key) {
        return lengthBit(key.length());
    }

    /** The first value whose key is {@code text[from, from + length)} with this {@link #hash}, or -1. */
    int first(char[] text, int from, int length, long hash) {
        if ((lengths & lengthBit(length)) == 0) {
            return -1;
        }
        int v = map.first(hash);
        return v < 0 || same(keys[v], text, from, length) ? v : next(v, text, from, length);
    }

    int next(int value, char[] text, int from, int length) {
        int v = map.next(value);
        while (v >= 0 && !same(keys[v], text, from, length)) {
            v = map.next(v);
        }
        return v;
    }

    private static boolean same(String key, char[] text, int from, int length) {
        if (key.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != text[from + i]) {
                return false;
            }
        }
        return true;
    }

    private static long lengthBit(int length) {
        return 1L << Math.min(length, 63);
    }

    /** FNV-1a over the characters: {@link #HASH_START}, then {@link #hashStep} for each. */
    static final long HASH_START = 0xcbf29ce484222325L;

    static long hashStep(long h, char c) {
        return (h ^ c) * 0x100000001b3L;
    }

    static long hash(String s) {
        long h = HASH_START;
        for (int i = 0; i < s.length(); i++) {
            h = hashStep(h, s.charAt(i));
        }
        return h;
    }

    static long hash(char[] text, int from, int length) {
        long h = HASH_START;
        for (int i = from; i < from + length; i++) {
            h = hashStep(h, text[i]);
        }
        return h;
    }
}
