package io.finrelay.reconciliation;

/**
 * A hash index from a string key (one per value, or none) to values 0..n-1: a 64-bit hash of the key
 * in a {@link LongIntMultiMap}, each hit checked against the value's own key.
 */
final class StringIndex {
    private final String[] keys;
    private final LongIntMultiMap map;

    StringIndex(String[] keys) {
        this.keys = keys;
        int count = 0;
        for (String k : keys) {
            if (k != null) {
                count++;
            }
        }
        // many values share a key (a customer's IBAN): start small, the table grows to the keys there are
        map = new LongIntMultiMap(keys.length, Math.min(count, 1 << 16));
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
        if (key == null) {
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

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
