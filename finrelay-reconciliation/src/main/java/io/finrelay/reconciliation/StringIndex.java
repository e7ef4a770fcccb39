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
        return 1L << Math.min(key.length(), 63);
    }

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
