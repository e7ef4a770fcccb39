package io.finrelay.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Migrations;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.testkit.TestDatabase;
import io.finrelay.testkit.TestKafka;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Business events relayed from the outbox to a real Kafka broker (KRaft, in this JVM): each reimbursed report
 * is one CloudEvent on the topic, keyed by tenant and report, across a lost acknowledgement, a node killed
 * between the broker's acknowledgement and its own commit, and the broker going away and coming back.
 */
class KafkaEventRelayIT {
    private static final String TENANT_KEY = RelayNode.TENANT + "/" + ReportFlow.TYPE + "/";

    @Test
    void eachReimbursedReportIsPublishedOnceAsACloudEventKeyedByTenantAndReport() throws Exception {
        DataSource ds = database("kafka_publish");
        TestKafka kafka = TestKafka.shared();
        kafka.createTopic("expense-events-publish", 3);
        try (WorkflowEngine engine = RelayNode.start(ds, "node-1", RelayNode.connector(kafka.bootstrapServers(),
                "expense-events-publish", Duration.ofSeconds(10)))) {
            for (int i = 1; i <= 5; i++) {
                settle(engine, "ER-2026-0" + (100 + i), "emp-4471", (200 + i) + ".40");
            }
            // the platform's redelivery of one report's settlement is a repeat: no second event
            assertThat(settle(engine, "ER-2026-0101", "emp-4471", "201.40")).isInstanceOf(Receipt.Repeated.class);
            awaitOutboxEmpty(ds);
        }
        List<ConsumerRecord<String, byte[]>> records = readAll(kafka, "expense-events-publish");
        assertThat(records).hasSize(5);
        Set<String> published = commandIds(ds);
        assertThat(published).hasSize(5);
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode event = Json.read(new String(record.value(), StandardCharsets.UTF_8), JsonNode.class);
            String report = event.path("subject").asText();
            assertThat(record.key()).isEqualTo(TENANT_KEY + report);
            assertThat(record.partition()).isEqualTo(KafkaEventConnector.partitionOf(record.key(), partitions(3)));
            assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("application/cloudevents+json; charset=UTF-8");
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("type").asText()).isEqualTo("io.finrelay.expense.reimbursed");
            assertThat(event.path("source").asText()).isEqualTo("/finrelay/tenants/" + RelayNode.TENANT + "/" + ReportFlow.TYPE);
            assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(event.path("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            assertThat(event.path("data").path("reportId").asText()).isEqualTo(report);
            assertThat(event.path("data").path("amount").asText()).isEqualTo((200 + Integer.parseInt(report.substring(9)) - 100) + ".40");
            assertThat(event.path("data").path("currency").asText()).isEqualTo("EUR");
            assertThat(published).contains(event.path("id").asText());
        }
        assertThat(records.stream().map(r -> r.key()).distinct()).hasSize(5);
        assertThat(count(ds, "select count(*) from exception")).isZero();
    }

    @Test
    void anAcknowledgementLostAfterTheSendIsLookedUpAndTheEventIsNotPublishedAgain() throws Exception {
        DataSource ds = database("kafka_lost_ack");
        TestKafka kafka = TestKafka.shared();
        kafka.createTopic("expense-events-lost-ack", 2);
        AtomicInteger sends = new AtomicInteger();
        KafkaEventConnector real = RelayNode.connector(kafka.bootstrapServers(), "expense-events-lost-ack", Duration.ofSeconds(10));
        try (WorkflowEngine engine = RelayNode.start(ds, "node-1", RelayNode.around(real, delivery ->
                // written and acknowledged, but the answer is lost on the way back: the outcome is unknown
                sends.incrementAndGet() == 1 ? new Delivery.Unknown("connection reset after the send") : delivery))) {
            settle(engine, "ER-2026-0311", "emp-2290", "1280.00");
            awaitOutboxEmpty(ds);
        }
        assertThat(sends).hasValue(1);
        List<ConsumerRecord<String, byte[]>> records = readAll(kafka, "expense-events-lost-ack");
        assertThat(records).hasSize(1);
        assertThat(idOf(records.get(0))).isEqualTo(commandIds(ds).iterator().next());
        assertThat(count(ds, "select count(*) from outbox_done where outcome = 'DONE' and attempts = 2 "
                + "and result->>'published' = 'true'")).isEqualTo(1);
    }

    @Test
    void aNodeKilledBetweenTheBrokersAcknowledgementAndItsCommitPublishesNothingTwiceAfterItsRestart() throws Exception {
        DataSource ds = database("kafka_kill");
        TestKafka kafka = TestKafka.shared();
        kafka.createTopic("expense-events-kill", 2);
        Path log = Files.createTempFile("relay-node", ".log");
        // The node in its own JVM: it relays the event and halts the moment the broker acknowledges it.
        Process node = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RelayNode.class.getName(),
                TestDatabase.jdbcUrl(catalog(ds)), kafka.bootstrapServers(), "expense-events-kill", "relay-node",
                "ER-2026-0522")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("the relay node died; log " + log).isTrue();
        assertThat(node.exitValue()).as("halted after the acknowledgement; log " + log).isEqualTo(137);
        assertThat(count(ds, "select count(*) from outbox where status = 'SENDING' and claimed_by = 'relay-node'"))
                .as("the send is committed as an intent only").isEqualTo(1);
        assertThat(readAll(kafka, "expense-events-kill")).hasSize(1);

        AtomicInteger sends = new AtomicInteger();
        KafkaEventConnector real = RelayNode.connector(kafka.bootstrapServers(), "expense-events-kill", Duration.ofSeconds(10));
        // the same node restarted: it takes its own claims for unknown outcomes at once and asks Kafka first
        WorkflowEngine restarted = RelayNode.start(ds, "relay-node", RelayNode.around(real, d -> {
            sends.incrementAndGet();
            return d;
        }));
        try {
            awaitOutboxEmpty(ds);
        } finally {
            restarted.close();
        }
        assertThat(sends).as("found by the lookup, never sent again").hasValue(0);
        List<ConsumerRecord<String, byte[]>> records = readAll(kafka, "expense-events-kill");
        assertThat(records).hasSize(1);
        assertThat(idOf(records.get(0))).isEqualTo(commandIds(ds).iterator().next());
        assertThat(count(ds, "select count(*) from audit_event where kind = 'transition' "
                + "and detail->>'foundByLookup' = 'true'")).isEqualTo(1);
    }

    @Test
    void eventsWaitInTheOutboxWhileTheBrokerIsAwayAndArePublishedOnceWhenItComesBack() throws Exception {
        DataSource ds = database("kafka_outage");
        try (TestKafka kafka = TestKafka.startNew()) {
            kafka.createTopic("expense-events-outage", 2);
            kafka.stop();
            try (WorkflowEngine engine = RelayNode.start(ds, "node-1", RelayNode.connector(kafka.bootstrapServers(),
                    "expense-events-outage", Duration.ofSeconds(2)))) {
                for (int i = 1; i <= 4; i++) {
                    settle(engine, "ER-2026-07" + (10 + i), "emp-1180", "96." + (10 + i));
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> count(ds,
                        "select count(*) from outbox where attempts >= 1 and last_error is not null") == 4);
                assertThat(count(ds, "select count(*) from outbox_done")).isZero();

                kafka.restart();
                awaitOutboxEmpty(ds);
            }
            List<ConsumerRecord<String, byte[]>> records = readAll(kafka, "expense-events-outage");
            assertThat(records).hasSize(4);
            assertThat(records.stream().map(KafkaEventRelayIT::idOf).distinct()).hasSize(4);
            assertThat(records.stream().map(KafkaEventRelayIT::idOf).toList()).containsExactlyInAnyOrderElementsOf(commandIds(ds));
            assertThat(count(ds, "select count(*) from exception")).isZero();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Receipt settle(WorkflowEngine engine, String report, String employee, String amount) {
        return RelayNode.settle(engine, report, employee, amount);
    }

    private static DataSource database(String name) {
        DataSource ds = TestDatabase.newDatabase(name);
        Migrations.migrate(ds);
        return ds;
    }

    private static void awaitOutboxEmpty(DataSource ds) {
        await().atMost(Duration.ofSeconds(90)).until(() -> count(ds, "select count(*) from outbox") == 0
                && count(ds, "select count(*) from outbox_done") > 0);
    }

    private static Set<String> commandIds(DataSource ds) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(
                "select command_id from outbox_done where command_type = 'publish-event' and outcome = 'DONE'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static String idOf(ConsumerRecord<String, byte[]> record) {
        return Json.read(new String(record.value(), StandardCharsets.UTF_8), JsonNode.class).path("id").asText();
    }

    private static List<PartitionInfo> partitions(int n) {
        List<PartitionInfo> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new PartitionInfo("t", i, null, null, null));
        }
        return list;
    }

    /** Every record of the topic, as a consumer reading committed data sees them. */
    static List<ConsumerRecord<String, byte[]>> readAll(TestKafka kafka, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return records;
        }
    }

    private static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String catalog(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return c.getCatalog();
        }
    }

    static {
        if (!System.getProperty("java.class.path").contains(File.pathSeparator)) {
            throw new IllegalStateException("test classpath not visible: " + System.getProperty("java.class.path"));
        }
    }
}
