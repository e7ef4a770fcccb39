package io.finrelay.server.expense;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.id.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExpensePollerTest {
    private static final TenantId ACME = new TenantId(UUID.fromString("6d1f4c1e-2b7a-4a55-9f0e-3c0d9a7e1b21"));
    private static final TenantId NORDWIND = new TenantId(UUID.fromString("0b8e2f47-91c3-4d0a-8a6e-5f2c7d3e4a10"));

    /** A tenant's poll that hangs (a database going away, say) until it is interrupted. */
    private static final class HangingPolling extends ExpensePolling {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final List<TenantId> polled = new CopyOnWriteArrayList<>();

        HangingPolling() {
            super(null, null, null, null, null);
        }

        @Override
        List<TenantId> due() {
            return List.of(ACME, NORDWIND);
        }

        @Override
        public Outcome poll(TenantId tenant) {
            polled.add(tenant);
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return Outcome.skipped();
        }
    }

    @Test
    void stoppingInterruptsAPollThatHangsAfterTheGraceAndStartsNoFurtherTenant() throws InterruptedException {
        HangingPolling polling = new HangingPolling();
        ExpensePoller poller = new ExpensePoller(polling, Duration.ofMillis(1), Duration.ofMillis(200));
        poller.start();
        assertThat(polling.entered.await(30, TimeUnit.SECONDS)).as("the first tenant's poll began").isTrue();

        poller.stop();

        assertThat(polling.interrupted.await(30, TimeUnit.SECONDS)).as("the hanging poll was interrupted").isTrue();
        assertThat(poller.isRunning()).isFalse();
        assertThat(polling.polled).as("no tenant is started once the poller stops").containsExactly(ACME);
    }
}
