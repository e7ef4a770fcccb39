package io.finrelay.connectors.kafka;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.ConnectorRegistry;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.engine.outbox.RetryPolicy;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.model.id.TenantId;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An engine node that relays {@link ReportFlow}'s business events to Kafka, for the tests; {@link #main} runs one
 * in a JVM of its own that dies (halt, as kill -9: no shutdown hook, no commit) the moment the broker has
 * acknowledged its first record, before the engine records the delivery.
 *
 * <p>Arguments of {@link #main}: JDBC URL, bootstrap servers, topic, node name, the report it settles.
 */
public final class RelayNode {
    public static final TenantId TENANT = TenantId.of("c0000000-0000-4000-8000-0000000000a1");
    /** Short retries and a breaker that waits one second, so a test's broker outage ends in seconds. */
    static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 1_000);
    static final CircuitBreakerConfig SHORT_BREAKER = CircuitBreakerConfig.custom().minimumNumberOfCalls(5)
            .slidingWindowSize(10).waitDurationInOpenState(Duration.ofSeconds(1)).build();

    private RelayNode() {}

    static WorkflowEngine start(DataSource ds, String node, Connector kafka) {
        return WorkflowEngine.builder(new Database(ds), new WorkflowRegistry(List.of(new ReportFlow())))
                .connectors(new ConnectorRegistry(SHORT_BREAKER).register(kafka, FAST))
                .transitionHook(ReportFlow.ANNOUNCE)
                .config(WorkflowEngine.Config.defaults(node).withIdlePoll(Duration.ofMillis(50)))
                .build()
                .start();
    }

    static KafkaEventConnector connector(String bootstrapServers, String topic, Duration timeout) {
        EventStream stream = new EventStream(bootstrapServers, topic);
        return new KafkaEventConnector(t -> t.equals(TENANT) ? Optional.of(stream) : Optional.empty(), timeout);
    }

    /** The bank's settlement of a report's payment, as the workflow takes it in. */
    static Receipt settle(WorkflowEngine engine, String report, String employee, String amount) {
        return engine.submit(new InboundEvent(new InboxKey(TENANT, "webhook:bank", "settled-" + report),
                ReportFlow.TYPE, report, new Input.Domain(new ReportFlow.PaymentSettled(employee, amount, "EUR")),
                "corr-" + report, "webhook:bank"));
    }

    /** A connector that does what {@code kafka} does and then {@code after} to the delivery. */
    static Connector around(Connector kafka, UnaryOperator<Delivery> after) {
        return new Connector() {
            @Override
            public String name() {
                return kafka.name();
            }

            @Override
            public Delivery deliver(CommandEnvelope command) {
                return after.apply(kafka.deliver(command));
            }

            @Override
            public Lookup lookup(CommandEnvelope command) {
                return kafka.lookup(command);
            }
        };
    }

    public static void main(String[] args) throws InterruptedException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        KafkaEventConnector kafka = connector(args[1], args[2], Duration.ofSeconds(10));
        WorkflowEngine engine = start(ds, args[3], around(kafka, delivery -> {
            if (delivery instanceof Delivery.Done) {
                System.out.println("acknowledged by the broker; dying before the commit: " + delivery);
                System.out.flush();
                Runtime.getRuntime().halt(137);
            }
            return delivery;
        }));
        settle(engine, args[4], "emp-3302", "412.75");
        // the engine's workers are daemon threads: the node lives until the delivery halts it
        new java.util.concurrent.CountDownLatch(1).await();
    }
}
