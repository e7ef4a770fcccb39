package io.finrelay.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.sandbox.world.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The treasury desk, through Finrelay's API: the first treasurer lists the reports that wait for
 * release and releases each (several requests at once, as a batch release would); a report that
 * still waits after it (above the four-eyes threshold) goes to the second treasurer, who gives the
 * second release. Each treasurer releases a report at most once.
 */
final class ReleaseDesk implements AutoCloseable {
    static final String FIRST = "t.berger";
    static final String SECOND = "j.roth";

    private final List<Api> apis;
    private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
    private final String tenantPath;
    private final int parallel;
    private final Set<String> releasedByFirst = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<String> forSecond = new LinkedBlockingQueue<>();
    private final AtomicLong firstReleases = new AtomicLong();
    private final AtomicLong secondReleases = new AtomicLong();
    private final AtomicLong listings = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean open = true;
    /** How long the desk waits before listing again when nothing new waits for it. */
    static final int IDLE_MILLIS = 25;

    private final List<Thread> treasurers = new ArrayList<>();

    ReleaseDesk(Api api, String tenantId, int parallel) {
        this(List.of(api), tenantId, parallel);
    }

    /** A desk whose requests go to the nodes in turn, as through a load balancer. */
    ReleaseDesk(List<Api> apis, String tenantId, int parallel) {
        this.apis = List.copyOf(apis);
        this.tenantPath = "/v1/tenants/" + tenantId;
        this.parallel = parallel;
    }

    ReleaseDesk start() {
        treasurers.add(Thread.ofPlatform().name("treasurer-" + FIRST).start(() -> guarded(this::first)));
        treasurers.add(Thread.ofPlatform().name("treasurer-" + SECOND).start(() -> guarded(this::second)));
        return this;
    }

    private void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /**
     * Lists what waits, releases what it has not released yet; when nothing new waits, lists again after
     * {@link #IDLE_MILLIS} (a desk that listed every millisecond spent the run's CPU on listings of reports
     * it had already released, waiting for their second release).
     */
    private void first() {
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel, Thread.ofVirtual().factory())) {
            while (open) {
                JsonNode waiting = next().get(tenantPath + "/workflows/instances?type=expense-reimbursement"
                        + "&state=AwaitingRelease&limit=500").require(200).body();
                listings.incrementAndGet();
                List<Future<?>> calls = new ArrayList<>();
                for (JsonNode instance : waiting) {
                    String report = instance.path("businessKey").asText();
                    if (releasedByFirst.add(report)) {
                        calls.add(pool.submit(() -> releaseFirst(report)));
                    }
                }
                if (calls.isEmpty()) {
                    idle();
                }
                for (Future<?> call : calls) {
                    join(call);
                }
            }
        }
    }

    private void releaseFirst(String report) {
        JsonNode answer = release(report, FIRST);
        firstReleases.incrementAndGet();
        if ("AwaitingRelease".equals(answer.path("state").asText())) {
            forSecond.add(report);
        }
    }

    private void second() {
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel, Thread.ofVirtual().factory())) {
            while (open || !forSecond.isEmpty()) {
                String report = forSecond.poll(10, TimeUnit.MILLISECONDS);
                if (report != null) {
                    pool.submit(() -> {
                        release(report, SECOND);
                        secondReleases.incrementAndGet();
                    });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode release(String report, String releaser) {
        Api.Answer answer = next().post(tenantPath + "/expense-reports/" + report + "/releases", Map.of("releaser", releaser));
        if (answer.status() != 202) {
            RuntimeException e = new IllegalStateException(releaser + " could not release " + report + ": HTTP "
                    + answer.status() + " " + answer.body());
            failure.compareAndSet(null, e);
            throw e;
        }
        return answer.body();
    }

    private Api next() {
        return apis.get(Math.floorMod(turn.getAndIncrement(), apis.size()));
    }

    /** The first failure of a treasurer, to stop the benchmark early. */
    RuntimeException failure() {
        return failure.get();
    }

    long firstReleases() {
        return firstReleases.get();
    }

    long secondReleases() {
        return secondReleases.get();
    }

    long listings() {
        return listings.get();
    }

    private static void join(Future<?> call) {
        try {
            call.get();
        } catch (java.util.concurrent.ExecutionException e) {
            // Recorded in failure() by release(); the benchmark stops on it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void idle() {
        try {
            Thread.sleep(IDLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            for (Thread t : treasurers) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
