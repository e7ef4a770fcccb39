package io.finrelay.server.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.connectors.kafka.CloudEvent;
import io.finrelay.connectors.sandbox.ExpensePlatformClient;
import io.finrelay.connectors.sandbox.PeerEndpoint;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.bank.PaymentStatus;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.expense.ExpenseIngress;
import io.finrelay.server.expense.ExpenseSettings;
import io.finrelay.server.metrics.TenantTags;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Events in from each tenant's inbound topic: a consumer per configured tenant takes CloudEvents (structured
 * JSON) and hands each to the path its webhook takes, deduplicated in the inbox by the event's {@code id} (source
 * {@code kafka:expense-platform} or {@code kafka:bank}), so a redelivered record is a repeat and changes nothing.
 * The partition's offset is committed only after the inbox has committed the event, so a crash in between
 * delivers it again (and the inbox answers it as a repeat).
 *
 * <p>The events a tenant's topic may carry are those its webhooks take: {@code io.finrelay.expense.report.approved}
 * (data {@code reportId}, {@code userId}: the report is then read from the tenant's expense platform, as for the
 * webhook) and {@code io.finrelay.bank.payment.status} (data as the bank webhook's body). Anything else (another
 * type, a record that is not a CloudEvent, a report the platform does not know) is logged, counted as
 * {@code rejected} and passed over: it never holds back the partition. A transient failure (the platform or the
 * database unreachable, the tenant not created yet) leaves the record where it is and tries again after a pause.
 * {@code finrelay_kafka_events_consumed_total{tenant,type,outcome}} counts what each record came to.
 */
@Component
public class KafkaInbound implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(KafkaInbound.class);
    public static final String REPORT_APPROVED = "io.finrelay.expense.report.approved";
    public static final String PAYMENT_STATUS = "io.finrelay.bank.payment.status";
    private static final Duration PAUSE = Duration.ofSeconds(2);

    private final EventStreams streams;
    private final ExpenseSettings expense;
    private final ExpenseIngress ingress;
    private final WorkflowEngine engine;
    private final MeterRegistry meters;
    private final TenantTags tenantTags;
    private final ExpensePlatformClient platform = new ExpensePlatformClient();
    private final List<Worker> workers = new ArrayList<>();
    private volatile boolean running;

    /** What one record came to. */
    enum Outcome { TAKEN, REPEATED, IGNORED, PARKED, REJECTED, RETRY }

    public KafkaInbound(EventStreams streams, ExpenseSettings expense, ExpenseIngress ingress, WorkflowEngine engine,
                        MeterRegistry meters, TenantTags tenantTags) {
        this.streams = streams;
        this.expense = expense;
        this.ingress = ingress;
        this.engine = engine;
        this.meters = meters;
        this.tenantTags = tenantTags;
    }

    @Override
    public synchronized void start() {
        running = true;
        for (EventStreamProperties.Tenant tenant : streams.inbound()) {
            Worker worker = new Worker(tenant);
            workers.add(worker);
            Thread.ofPlatform().daemon().name("kafka-inbound-" + tenant.tenant()).start(worker);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        workers.forEach(Worker::wakeUp);
        workers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One tenant's consumer: polls, takes each record in order, commits what was taken. */
    private final class Worker implements Runnable {
        private final EventStreamProperties.Tenant config;
        private volatile KafkaConsumer<String, byte[]> consumer;

        Worker(EventStreamProperties.Tenant config) {
            this.config = config;
        }

        void wakeUp() {
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        @Override
        public void run() {
            while (running) {
                try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig(config), new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    consumer = c;
                    c.subscribe(List.of(config.inboundTopic()));
                    while (running) {
                        round(c);
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (KafkaException | IllegalStateException e) {
                    log.warn("Kafka consumer of {} on {} failed, starting again in {}: {}", config.tenant(),
                            config.inboundTopic(), PAUSE, e.toString());
                    pause();
                }
            }
        }

        private void round(KafkaConsumer<String, byte[]> c) {
            ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
            if (records.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>();
            boolean retry = false;
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                    if (take(record) == Outcome.RETRY) {
                        // this record and those after it in its partition are read again after the pause
                        c.seek(partition, record.offset());
                        retry = true;
                        break;
                    }
                    taken.put(partition, new OffsetAndMetadata(record.offset() + 1));
                }
            }
            if (!taken.isEmpty()) {
                c.commitSync(taken);
            }
            if (retry) {
                pause();
            }
        }

        private Outcome take(ConsumerRecord<String, byte[]> record) {
            Optional<TenantId> tenant = streams.resolve(config.tenant());
            if (tenant.isEmpty()) {
                log.warn("Kafka events for tenant {} wait: no such tenant yet", config.tenant());
                return Outcome.RETRY;
            }
            CloudEvent event = read(record.value());
            String type = event == null ? "unreadable" : known(event.type());
            Outcome outcome;
            if (event == null) {
                log.warn("Kafka record {}-{}@{} of tenant {} is not a CloudEvent (structured JSON, specversion 1.0, id, "
                        + "type, data): passed over", record.topic(), record.partition(), record.offset(), config.tenant());
                outcome = Outcome.REJECTED;
            } else {
                outcome = take(tenant.get(), event, record);
            }
            Counter.builder("finrelay.kafka.events.consumed")
                    .description("Records taken from tenants' inbound Kafka topics, by what they came to")
                    .tags("tenant", tenantTags.of(tenant.get()), "type", type, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                    .register(meters).increment();
            return outcome;
        }

        private Outcome take(TenantId tenant, CloudEvent event, ConsumerRecord<String, byte[]> record) {
            try {
                Receipt receipt = switch (event.type()) {
                    case REPORT_APPROVED -> reportApproved(tenant, event);
                    case PAYMENT_STATUS -> paymentStatus(tenant, event);
                    default -> throw new ApiProblem(org.springframework.http.HttpStatus.BAD_REQUEST, "unknown-type",
                            "Unknown event type", "this topic takes " + REPORT_APPROVED + " and " + PAYMENT_STATUS);
                };
                return switch (receipt) {
                    case Receipt.Accepted a -> Outcome.TAKEN;
                    case Receipt.Repeated r -> Outcome.REPEATED;
                    case Receipt.InFlight f -> Outcome.RETRY;
                    case Receipt.PayloadMismatch m -> rejected(tenant, event, record, "the id was used before for another event");
                    case Receipt.Failed x -> Outcome.PARKED;
                    case Receipt.Rejected r -> Outcome.IGNORED;
                };
            } catch (ApiProblem e) {
                if (e.status().is5xxServerError()) {
                    log.warn("Kafka event {} of tenant {} waits: {}", event.id(), tenant, e.getMessage());
                    return Outcome.RETRY;
                }
                return rejected(tenant, event, record, e.getMessage());
            } catch (RuntimeException e) {
                // the database or a peer unreachable: not the record's fault, so it is read again
                log.warn("Kafka event {} of tenant {} waits: {}", event.id(), tenant, e.toString());
                return Outcome.RETRY;
            }
        }

        private Outcome rejected(TenantId tenant, CloudEvent event, ConsumerRecord<String, byte[]> record, String why) {
            log.warn("Kafka event {} ({}) at {}-{}@{} of tenant {} passed over: {}", event.id(), event.type(),
                    record.topic(), record.partition(), record.offset(), tenant, why);
            return Outcome.REJECTED;
        }

        private void pause() {
            try {
                Thread.sleep(PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private Receipt reportApproved(TenantId tenant, CloudEvent event) {
        String reportId = text(event.data(), "reportId");
        PeerEndpoint endpoint = expense.endpoint(tenant, "expense-platform")
                .orElseThrow(() -> ApiProblem.invalid("tenant", null, "has no expense platform configured"));
        JsonNode report;
        try {
            String userId = event.data().path("userId").asText("");
            report = platform.fetch(endpoint, userId, reportId).orElseThrow(() -> ApiProblem.invalid("data.reportId",
                    reportId, "the expense platform does not know this report"));
        } catch (IllegalStateException e) {
            throw new ApiProblem(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "peer-unavailable",
                    "Expense platform unavailable", e.getMessage());
        }
        return ingress.submit(tenant, report, new InboxKey(tenant, "kafka:expense-platform", event.id()),
                correlation(event), "kafka:expense-platform");
    }

    private Receipt paymentStatus(TenantId tenant, CloudEvent event) {
        JsonNode data = event.data();
        String code = text(data, "status");
        PaymentStatus status = PaymentStatus.fromIsoCode(code);
        if (status == PaymentStatus.UNKNOWN || status == PaymentStatus.PARTIALLY_ACCEPTED) {
            throw ApiProblem.invalid("data.status", code, "is not an ISO 20022 status of a single payment");
        }
        String at = data.path("at").asText(null);
        Instant when;
        try {
            when = at == null ? null : Instant.parse(at);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.invalid("data.at", at, "is not an RFC 3339 time");
        }
        return engine.submit(new InboundEvent(new InboxKey(tenant, "kafka:bank", event.id()), ExpenseReimbursement.TYPE,
                text(data, "endToEndId"), new Input.Domain(new ExpenseEvent.PaymentStatusReported(
                        data.path("obligationId").asText(""), status, data.path("reasonCode").asText(null),
                        data.path("bankReference").asText(null), when)), correlation(event), "kafka:bank"));
    }

    private static String text(JsonNode data, String field) {
        String value = data.path(field).asText("");
        if (value.isBlank() || value.length() > 200) {
            throw ApiProblem.invalid("data." + field, value.isBlank() ? null : value, "is required (at most 200 characters)");
        }
        return value;
    }

    /** The event's own id, so that its trail can be found from the producer's side. */
    private static String correlation(CloudEvent event) {
        return "kafka-" + event.id();
    }

    /** A type for the counter's tag: one of ours, or "other" (a sender's made-up types must not grow the tags). */
    private static String known(String type) {
        return REPORT_APPROVED.equals(type) || PAYMENT_STATUS.equals(type) ? type : "other";
    }

    /** The record as a CloudEvent, or null when it is not one (not JSON, not 1.0, no id, type or data). */
    private static CloudEvent read(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            CloudEvent event = Json.mapper().readerFor(CloudEvent.class)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(new String(value, StandardCharsets.UTF_8));
            boolean complete = CloudEvent.SPEC_VERSION.equals(event.specversion()) && event.id() != null
                    && !event.id().isBlank() && event.id().length() <= 200 && event.type() != null
                    && event.data() != null && event.data().isObject();
            return complete ? event : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private Map<String, Object> consumerConfig(EventStreamProperties.Tenant tenant) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, tenant.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, tenant.groupId());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "finrelay-inbound-" + tenant.tenant());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        return config;
    }
}
