package io.finrelay.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class GroupedCountsTest {

    @Test
    void callsThatArriveWhileAWriteRunsAreWrittenTogetherInTheNextAndNoneReturnsBeforeItsWrite() throws Exception {
        CountDownLatch firstRuns = new CountDownLatch(1);
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        List<Map<String, Long>> written = new CopyOnWriteArrayList<>();
        GroupedCounts<String> counts = new GroupedCounts<>(group -> {
            if (firstRuns.getCount() > 0) {
                firstRuns.countDown();
                await(firstMayEnd);
            }
            written.add(new TreeMap<>(group));
        });
        try (ExecutorService callers = Executors.newFixedThreadPool(4)) {
            // Each caller answers how many writes had ended when it returned.
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> add(counts, "acme", written), callers);
            await(firstRuns);
            List<CompletableFuture<Integer>> queued = List.of("acme", "globex", "acme").stream()
                    .map(t -> CompletableFuture.supplyAsync(() -> add(counts, t, written), callers)).toList();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> counts.waiting() == 3);
            assertThat(written).as("the first write still runs; the three wait behind it").isEmpty();
            assertThat(first).isNotDone();

            firstMayEnd.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
            for (CompletableFuture<Integer> call : queued) {
                assertThat(call.get(10, TimeUnit.SECONDS)).as("returned after the write that holds its count").isEqualTo(2);
            }
        }
        assertThat(written).containsExactly(Map.of("acme", 1L), Map.of("acme", 2L, "globex", 1L));
        assertThat(counts.waiting()).isZero();
    }

    @Test
    void aWriterThatThrowsFailsTheCallThatMadeTheWriteAndTheNextCallIsWrittenAgain() {
        List<SortedMap<String, Long>> tried = new CopyOnWriteArrayList<>();
        GroupedCounts<String> counts = new GroupedCounts<>(group -> {
            tried.add(new TreeMap<>(group));
            if (tried.size() == 1) {
                throw new IllegalStateException("database away");
            }
        });
        assertThatThrownBy(() -> counts.add("acme")).hasMessage("database away");
        counts.add("acme");
        assertThat(tried).containsExactly(new TreeMap<>(Map.of("acme", 1L)), new TreeMap<>(Map.of("acme", 1L)));
        assertThat(counts.waiting()).isZero();
    }

    private static int add(GroupedCounts<String> counts, String key, List<Map<String, Long>> written) {
        counts.add(key);
        return written.size();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
