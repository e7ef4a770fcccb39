package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.runtime.InboundEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a trace travels through the engine: the traceparent current where an event is submitted becomes
 * the parent of its transition's span; the commands the transition writes store that span's traceparent
 * in the outbox, so that their delivery, by another node after a restart, is its child and is current
 * while the connector runs; the outcome the delivery brings back continues the trace into the next
 * transition. A tracer that throws changes nothing the engine does.
 */
class EngineTracingIT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER = "00-" + TRACE + "-00f067aa0ba902b7-01";

    EngineFixture f;

    @BeforeEach
    void start() {
        f = new EngineFixture("engine_tracing");
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aCommandKeepsTheTraceOfItsTransitionAndItsDeliveryOnAnotherNodeContinuesIt() throws Exception {
        Recording tracer = new Recording();
        f.tracing = tracer;
        f.restart();

        tracer.current.set(CALLER);
        try {
            f.submit(approved(ACME, "k1", "INV-2026-1201", "1250.00", null));
        } finally {
            tracer.current.remove();
        }
        Recording.Started first = tracer.started.getFirst();
        assertThat(first.name()).isEqualTo("transition test-payment");
        assertThat(first.parent()).isEqualTo(CALLER);
        assertThat(first.outcome()).isEqualTo("accepted");
        assertThat(storedTraceParents()).containsExactly(first.traceParent());

        f.restart(); // the delivery is another node's: only the outbox row knows the trace
        f.drain();

        List<Recording.Started> spans = tracer.started;
        assertThat(spans).allSatisfy(s -> assertThat(s.traceParent()).contains(TRACE));
        Recording.Started post = spans.stream().filter(s -> s.name().equals("delivery erp/post-journal")).findFirst().orElseThrow();
        assertThat(post.parent()).isEqualTo(first.traceParent());
        assertThat(post.outcome()).isEqualTo("done");
        assertThat(post.opened()[0]).as("current while the connector ran").isTrue();
        Recording.Started next = spans.stream().filter(s -> s.name().equals("transition test-payment")
                && post.traceParent().equals(s.parent())).findFirst().orElseThrow();
        Recording.Started pay = spans.stream().filter(s -> s.name().equals("delivery bank/pay")).findFirst().orElseThrow();
        assertThat(pay.parent()).isEqualTo(next.traceParent());
        assertThat(f.stateOf(ACME, "INV-2026-1201")).isEqualTo("Paid");
    }

    @Test
    void aTracerThatThrowsChangesNothingTheEngineDoes() {
        f.tracing = new EngineTracing() {
            @Override
            public String currentTraceParent() {
                throw new IllegalStateException("tracing backend down");
            }

            @Override
            public Span delivery(CommandEnvelope command, String storedTraceParent) {
                throw new IllegalStateException("tracing backend down");
            }
        };
        f.restart();

        f.submit(approved(ACME, "k1", "INV-2026-1202", "80.00", null));
        f.drain();

        assertThat(f.stateOf(ACME, "INV-2026-1202")).isEqualTo("Paid");
        assertThat(f.erp.receivedForInvoice("INV-2026-1202")).isEqualTo(1);
    }

    private List<String> storedTraceParents() throws Exception {
        try (var c = f.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select trace_parent from outbox union all select trace_parent from outbox_done");
             ResultSet r = s.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out;
        }
    }

    /** Spans as traceparents of the trace they continue; the current one per thread. */
    private static final class Recording implements EngineTracing {
        record Started(String name, String parent, String traceParent, String[] ended, boolean[] opened) {
            String outcome() {
                return ended[0];
            }
        }

        final ThreadLocal<String> current = new ThreadLocal<>();
        final List<Started> started = new CopyOnWriteArrayList<>();
        private final AtomicInteger ids = new AtomicInteger();

        @Override
        public String currentTraceParent() {
            return current.get();
        }

        @Override
        public Span transition(InboundEvent event) {
            return start("transition " + event.workflowType(), event.traceParent());
        }

        @Override
        public Span delivery(CommandEnvelope command, String storedTraceParent) {
            return start("delivery " + command.connector() + "/" + command.type(), storedTraceParent);
        }

        private Span start(String name, String parent) {
            String trace = parent == null ? "%032x".formatted(ids.incrementAndGet() + 1000) : parent.split("-")[1];
            String self = "00-" + trace + "-" + "%016x".formatted(ids.incrementAndGet()) + "-01";
            Started s = new Started(name, parent, self, new String[1], new boolean[1]);
            started.add(s);
            return new Span() {
                @Override
                public String traceParent() {
                    return self;
                }

                @Override
                public Scope open() {
                    String before = current.get();
                    current.set(self);
                    s.opened()[0] = true;
                    return () -> current.set(before);
                }

                @Override
                public void end(String outcome, String state) {
                    s.ended()[0] = outcome;
                }
            };
        }
    }
}
