package io.finrelay.connectors.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    @Test
    void concurrentCallersShareBatchesAndEachGetsItsOwnResult() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("t", 20, Duration.ofMillis(5), items -> {
            sizes.add(items.size());
            return items.stream().map(i -> i * 10).toList();
        }); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                futures.add(threads.submit(() -> batcher.submit(n)));
            }
            for (int i = 0; i < 64; i++) {
                assertThat(futures.get(i).get()).isEqualTo(i * 10);
            }
        }
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(64);
        assertThat(sizes).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(20));
        assertThat(sizes.size()).isLessThanOrEqualTo(16);
    }

    @Test
    void aFailingBatchCallFailsEveryCallerOfThatBatch() {
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>("t", 20, Duration.ZERO, items -> {
            throw new IllegalStateException("boom");
        })) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> batcher.submit(1)).hasMessage("boom");
        }
    }
}
