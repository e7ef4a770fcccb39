package io.finrelay.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The index under the matcher: every value found under its key, in the order added, across growth. */
class LongIntMultiMapTest {

    @Test
    void valuesComeBackUnderTheirKeyInTheOrderAddedAfterTheTableGrewManyTimes() {
        int values = 100_000;
        LongIntMultiMap map = new LongIntMultiMap(values, 4);
        for (int v = 0; v < values; v++) {
            map.put(v % 30_011 * 7_919L, v); // 30,011 keys, three or four values each
        }
        for (long k : new long[] {0, 17 * 7_919L, 30_010 * 7_919L}) {
            List<Integer> found = new ArrayList<>();
            for (int v = map.first(k); v >= 0; v = map.next(v)) {
                found.add(v);
            }
            long key = k / 7_919L;
            List<Integer> expected = new ArrayList<>();
            for (int v = (int) key; v < values; v += 30_011) {
                expected.add(v);
            }
            assertThat(found).isEqualTo(expected);
        }
    }

    @Test
    void aKeyNeverAddedFindsNothingAndZeroIsAKeyLikeAnyOther() {
        LongIntMultiMap map = new LongIntMultiMap(3, 2);
        map.put(0L, 0);
        map.put(-1L, 1);
        map.put(Long.MIN_VALUE, 2);
        assertThat(map.first(0L)).isZero();
        assertThat(map.first(-1L)).isEqualTo(1);
        assertThat(map.first(Long.MIN_VALUE)).isEqualTo(2);
        assertThat(map.first(42L)).isEqualTo(-1);
        assertThat(map.next(0)).isEqualTo(-1);
    }
}
