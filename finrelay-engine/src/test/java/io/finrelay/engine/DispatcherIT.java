package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.RecordingPeer.Fault;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.outbox.RetryPolicy;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DispatcherIT {
    EngineFixture f;

    @BeforeEach
    void start() {
        f = new EngineFixture("dispatcher");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aWorkflowRunsToItsEndWithEachCommandDeliveredOnce() {
        f.submit(approved(ACME, "k1", "INV-2026-0301", "1250.00", null));
        f.drain();

        assertThat(f.stateOf(ACME, "INV-2026-0301")).isEqualTo("Paid");
        assertThat(f.erp.receivedForInvoice("INV-2026-0301")).isEqualTo(1);
        assertThat(f.bank.receivedForInvoice("INV-2026-0301")).isEqualTo(1);
        assertThat(f.count("select count(*) from outbox")).isZero();
        assertThat(f.count("select count(*) from outbox_done where outcome = 'DONE'")).isEqualTo(2);
    }

    @Test
    void aWorkerLooksForCommandsOncePerRoundAndNotAgainWhenItsRoundFoundNone() throws Exception {
        AtomicInteger claims = new AtomicInteger();
        // One worker, no idle poll within the test: every claim is one the loop chose to make.
        WorkflowEngine.Config oneWorker = new WorkflowEngine.Config("test-node", 1, 256, 1, 64, Duration.ofMinutes(2),
                Duration.ofHours(1));
        try (WorkflowEngine engine = WorkflowEngine.builder(new io.finrelay.engine.db.Database(countingClaims(f.dataSource,
                        claims)), new WorkflowRegistry(List.of(new PaymentFlow())))
                .connectors(new ConnectorRegistry().register(f.erp, EngineFixture.THREE_TRIES)
                        .register(f.bank, EngineFixture.THREE_TRIES))
                .clock(f.clock).random(new Random(42)).config(oneWorker).build().start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> claims.get() >= 1); // its first look, at an empty queue
            int atStart = claims.get();
            for (int i = 1; i <= 3; i++) {
                String invoice = "INV-2026-040" + i;
                engine.submit(approved(ACME, "k" + i, invoice, "310.00", null));
                await().atMost(Duration.ofSeconds(30)).until(() -> "Paid".equals(f.stateOf(ACME, invoice)));
                // Woken by the approval: one claim takes the ERP command; the round that records its outcome claims
                // the bank command the transition wrote; the round that records the bank's finds nothing and waits.
                assertThat(claims.get() - atStart).as("claims after invoice " + i).isEqualTo(3 * i);
            }
        }
        assertThat(f.erp.receivedForInvoice("INV-2026-0403")).isEqualTo(1);
    }

    /** {@code dataSource} counting the outbox claims run on it. */
    private static javax.sql.DataSource countingClaims(javax.sql.DataSource dataSource, AtomicInteger claims) {
        return (javax.sql.DataSource) Proxy.newProxyInstance(DispatcherIT.class.getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(method, dataSource, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(DispatcherIT.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql
                                        && sql.startsWith("with next as (select o.tenant_id, o.command_id from outbox o")) {
                                    claims.incrementAndGet();
                                }
                                return invoke(m, connection, a);
                            });
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void theCommandIdIsTheIdempotencyKeyOnEveryAttempt() {
        f.erp.failNext(Fault.TRANSIENT, Fault.TRANSIENT);
        f.submit(approved(ACME, "k1", "INV-2026-0302", "80.00", null));
        String commandId = f.string("select command_id::text from outbox");
        for (int i = 0; i < 3; i++) {
            f.drain();
            f.clock.advance(Duration.ofMinutes(2));
        }
        assertThat(f.erp.received(commandId)).isEqualTo(1);
        assertThat(f.string("select attempts::text from outbox_done where command_id = ?::uuid", commandId)).isEqualTo("3");
    }

    @Test
    void commandsOfOneBusinessObjectGoInOrderWhileOthersProceed() {
        f.erp.failNext(Fault.TRANSIENT);
        f.submit(approved(ACME, "k1", "INV-2026-0303", "10.00", null));
        f.drain();
        f.submit(approved(ACME, "k2", "INV-2026-0304", "20.00", null));
        f.drain();
        // The first invoice's journal failed once and waits for its backoff; the second went through.
        assertThat(f.stateOf(ACME, "INV-2026-0303")).isEqualTo("Posting");
        assertThat(f.stateOf(ACME, "INV-2026-0304")).isEqualTo("Paid");
        f.clock.advance(Duration.ofMinutes(2));
        f.drain();
        assertThat(f.stateOf(ACME, "INV-2026-0303")).isEqualTo("Paid");
        long journalSeq = f.count("select seq from outbox_done where command_type = 'post-journal' "
                + "and payload->>'invoice' = 'INV-2026-0303'");
        long paySeq = f.count("select seq from outbox_done where command_type = 'pay' and payload->>'invoice' = 'INV-2026-0303'");
        assertThat(journalSeq).isLessThan(paySeq);
    }

    @Test
    void retryAfterFromThePeerIsHonoured() {
        f.erp.failNext(Fault.THROTTLED);
        f.submit(approved(ACME, "k1", "INV-2026-0305", "10.00", null));
        f.drain();
        Instant next = Instant.parse(f.string("select to_char(next_attempt_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') from outbox"));
        assertThat(next).isEqualTo(f.clock.instant().plusSeconds(120));
        f.clock.advance(Duration.ofSeconds(119));
        assertThat(f.drain()).isZero();
        f.clock.advance(Duration.ofSeconds(1));
        f.drain();
        assertThat(f.stateOf(ACME, "INV-2026-0305")).isEqualTo("Paid");
    }

    @Test
    void aTimeoutAfterThePeerActedIsSettledByAskingThePeerNotByResending() {
        f.erp.failNext(Fault.TIMEOUT_AFTER_ACTING);
        f.submit(approved(ACME, "k1", "INV-2026-0306", "640.00", null));
        f.drain();
        assertThat(f.string("select status from outbox")).isEqualTo("UNKNOWN");

        f.clock.advance(Duration.ofMinutes(2));
        f.drain();

        assertThat(f.erp.receivedForInvoice("INV-2026-0306")).isEqualTo(1);
        assertThat(f.erp.lookups()).isEqualTo(1);
        assertThat(f.stateOf(ACME, "INV-2026-0306")).isEqualTo("Paid");
        assertThat(f.count("select count(*) from audit_event where kind = 'transition' and detail->>'foundByLookup' = 'true'"))
                .isEqualTo(1);
    }

    @Test
    void aTimeoutBeforeThePeerActedIsSentAgainOnlyAfterThePeerSaysItHasNothing() {
        f.erp.failNext(Fault.TIMEOUT_BEFORE_ACTING);
        f.erp.lookupDown(true);
        f.submit(approved(ACME, "k1", "INV-2026-0307", "640.00", null));
        f.drain();
        f.clock.advance(Duration.ofMinutes(2));
        f.drain(); // the lookup cannot reach the peer: nothing is sent
        assertThat(f.erp.receivedForInvoice("INV-2026-0307")).isZero();
        assertThat(f.string("select status from outbox")).isEqualTo("UNKNOWN");

        f.erp.lookupDown(false);
        f.clock.advance(Duration.ofMinutes(2));
        f.drain();
        assertThat(f.erp.receivedForInvoice("INV-2026-0307")).isEqualTo(1);
        assertThat(f.stateOf(ACME, "INV-2026-0307")).isEqualTo("Paid");
    }

    @Test
    void aConnectorThatThrowsLeavesTheOutcomeUnknown() {
        f.erp.failNext(Fault.CONNECTOR_THROWS);
        f.submit(approved(ACME, "k1", "INV-2026-0308", "1.00", null));
        f.drain();
        assertThat(f.string("select status from outbox")).isEqualTo("UNKNOWN");
        assertThat(f.string("select last_error from outbox")).contains("connector bug");
    }

    @Test
    void anOpenCircuitBreakerKeepsCallsAwayFromAFailingPeer() {
        f.engine.close();
        CircuitBreakerConfig tight = CircuitBreakerConfig.custom().minimumNumberOfCalls(2).slidingWindowSize(2)
                .failureRateThreshold(50).waitDurationInOpenState(Duration.ofHours(1)).build();
        var policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 100);
        f.engine = WorkflowEngine.builder(f.db, new WorkflowRegistry(List.of(new PaymentFlow())))
                .connectors(new ConnectorRegistry(tight).register(f.erp, policy).register(f.bank, policy))
                .clock(f.clock).random(new Random(1)).config(WorkflowEngine.Config.defaults("test-node")).build();
        f.erp.failAlways(Fault.TRANSIENT);
        f.submit(approved(ACME, "k1", "INV-2026-0309", "1.00", null));
        for (int i = 0; i < 5; i++) {
            f.drain();
            f.clock.advance(Duration.ofSeconds(10));
        }
        assertThat(f.count("select attempts from outbox")).isEqualTo(2);
        assertThat(f.string("select last_error from outbox")).contains("circuit breaker open");
    }
}
