package io.finrelay.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.sandbox.Sandbox;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import io.finrelay.server.ServerIT;
import io.finrelay.testkit.TestDatabase;
import io.finrelay.testkit.TestKafka;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A tenant connected to its company's Kafka (a real KRaft broker in this JVM): its expense platform announces
 * approved reports on the tenant's inbound topic as CloudEvents, Finrelay takes each in once however often it
 * is delivered (the event id is the inbox key), passes over what is not an event it takes without holding back
 * the next one; the bank's payment statuses come the same way; and each reimbursed report is announced on the
 * tenant's outbound topic, once, keyed by tenant and report. A server of its own (its own database and configuration): the other classes' shared server has no
 * Kafka.
 */
class KafkaEventsIT extends ServerIT {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    private static final String SLUG = "kafka-acme-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String OUT = "finance-events-" + SLUG;
    private static final String IN = "expense-platform-events-" + SLUG;
    private static Sandbox sandbox;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("finrelay.kafka.tenants[0].tenant", () -> SLUG);
        registry.add("finrelay.kafka.tenants[0].bootstrap-servers", () -> TestKafka.shared().bootstrapServers());
        registry.add("finrelay.kafka.tenants[0].topic", () -> OUT);
        registry.add("finrelay.kafka.tenants[0].inbound-topic", () -> IN);
        // the Kafka clients (and the broker in this JVM) log every step at INFO
        registry.add("logging.level.org.apache.kafka", () -> "WARN");
        registry.add("logging.level.kafka", () -> "WARN");
    }

    @BeforeAll
    static void ownDatabaseAndTopics() {
        ownDatabaseUrl = TestDatabase.jdbcUrl(((PGSimpleDataSource) TestDatabase.newDatabase("kafka")).getDatabaseName());
        TestKafka.shared().createTopic(OUT, 3);
        TestKafka.shared().createTopic(IN, 2);
        sandbox = Sandbox.start(Clock.systemUTC(), 0);
    }

    @AfterAll
    static void sharedDatabaseForTheOthers() {
        ownDatabaseUrl = null;
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Autowired
    MeterRegistry meters;
    @Autowired
    io.finrelay.engine.db.Database db;

    @Test
    void reportsApprovedAndPaymentsSettledOnTheTenantsTopicAreTakenInOnceAndEachReimbursementIsPublishedOnce() throws Exception {
        Map<String, String> urls = sandbox.urls();
        TestTenant tenant = newTenantWithSlug("Kafka ACME", SLUG);
        String key = post(tenant.path("/api-keys"), tenant.adminKey(), "{\"name\": \"kafka\", "
                + "\"roles\": [\"tenant-admin\", \"treasurer\"]}").body().get("secret").asText();
        Api finrelay = new Api("http://localhost:" + port, key);
        DemoData.World data = DemoData.setUp(finrelay, tenant.id(), TODAY);
        finrelay.put(tenant.path("/expense/settings"), Map.of("expensePlatformUrl",
                urls.get("expense-platform"), "erpUrl", urls.get("erp"), "treasuryUrl", urls.get("treasury"))).require(200);
        Api expense = new Api(urls.get("expense-platform"), null);
        String first = report(expense, data, "KAFKA-A-");
        String second = report(expense, data, "KAFKA-B-");

        try (KafkaProducer<String, String> producer = producer()) {
            // all on one key, so one partition and this order: the first report's event twice (the platform's
            // redelivery), a record that is no CloudEvent, an event of a type the topic does not take, the second report
            String eventId = "evt-" + UUID.randomUUID();
            String user = "u-" + data.people().getFirst().loginId();
            for (String value : List.of(approved(eventId, first, user), approved(eventId, first, user),
                    "{\"report\": \"not an event\"",
                    cloudEvent("evt-" + UUID.randomUUID(), "io.finrelay.expense.report.deleted", "{\"reportId\": \"" + first + "\"}"),
                    approved("evt-" + UUID.randomUUID(), second, user))) {
                producer.send(new ProducerRecord<>(IN, "expense-platform", value)).get(30, TimeUnit.SECONDS);
            }
        }
        awaitState(finrelay, tenant, first, "AwaitingRelease");
        awaitState(finrelay, tenant, second, "AwaitingRelease");
        Api erp = new Api(urls.get("erp"), null);
        assertThat(journalsOf(erp, first)).as("one journal though the event came twice").hasSize(1);
        assertThat(journalsOf(erp, second)).hasSize(1);
        assertThat(consumed("taken")).isEqualTo(2);
        assertThat(consumed("repeated")).isEqualTo(1);
        assertThat(consumed("rejected")).isEqualTo(2);

        // Released; the bank's statuses come by Kafka too (no bank webhook is subscribed): the first twice.
        for (String report : List.of(first, second)) {
            releaseFully(finrelay, tenant, report);
            awaitState(finrelay, tenant, report, "Paying");
        }
        try (KafkaProducer<String, String> producer = producer()) {
            String settled = "evt-" + UUID.randomUUID();
            Api treasury = new Api(urls.get("treasury"), null);
            for (String value : List.of(settled(settled, treasury, first), settled(settled, treasury, first),
                    settled("evt-" + UUID.randomUUID(), treasury, second))) {
                producer.send(new ProducerRecord<>(IN, "bank", value)).get(30, TimeUnit.SECONDS);
            }
        }
        awaitState(finrelay, tenant, first, "Reimbursed");
        awaitState(finrelay, tenant, second, "Reimbursed");
        assertThat(consumed("taken")).isEqualTo(4);
        assertThat(consumed("repeated")).isEqualTo(2);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> kafkaCommandsWaiting() == 0);
        List<ConsumerRecord<String, byte[]>> published = awaitRecords(OUT, 2);
        assertThat(published).hasSize(2);
        for (ConsumerRecord<String, byte[]> record : published) {
            JsonNode event = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
            String report = event.get("subject").asText();
            assertThat(report).isIn(first, second);
            assertThat(record.key()).isEqualTo(tenant.id() + "/expense-reimbursement/" + report);
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("type").asText()).isEqualTo("io.finrelay.expense.reimbursed");
            assertThat(event.get("source").asText()).isEqualTo("/finrelay/tenants/" + tenant.id() + "/expense-reimbursement");
            assertThat(event.get("id").asText()).matches("[0-9a-f-]{36}");
            assertThat(event.get("data").get("reportId").asText()).isEqualTo(report);
            assertThat(event.get("data").get("currency").asText()).isEqualTo("EUR");
            assertThat(event.get("data").get("amount").asText()).matches("\\d+\\.\\d{2}");
            assertThat(event.toString()).as("no bank account in an event").doesNotContainPattern("[A-Z]{2}\\d{2}[A-Z0-9]{12,30}");
        }
        assertThat(published.stream().map(r -> r.key()).distinct()).hasSize(2);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private TestTenant newTenantWithSlug(String name, String slug) {
        String partner = get("/v1/me", BOOTSTRAP_KEY).body().get("partnerId").asText();
        Answer created = post("/v1/partners/" + partner + "/tenants", BOOTSTRAP_KEY, json("name", name, "slug", slug));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        TestTenant tenant = new TestTenant(created.body().get("id").asText(), null, slug);
        return new TestTenant(tenant.id(), keyFor(tenant, BOOTSTRAP_KEY, "tenant-admin"), slug);
    }

    private static String report(Api expense, DemoData.World data, String prefix) {
        String id = prefix + UUID.randomUUID().toString().substring(0, 8);
        DemoData.Person person = data.people().getFirst();
        ObjectNode report = DemoData.report(id, person, "Kundentermin Hamburg", "EUR",
                DemoData.expenses(new Random(id.hashCode()), data, person, TODAY), Instant.now());
        expense.post("/_sandbox/reports", report).require(202);
        return id;
    }

    /** The expense platform's announcement, with what its webhook carries: the report and its owner. */
    private static String approved(String id, String reportId, String userId) {
        return cloudEvent(id, "io.finrelay.expense.report.approved", "{\"reportId\": \"" + reportId + "\", \"userId\": \""
                + userId + "\"}");
    }

    private static String cloudEvent(String id, String type, String data) {
        return "{\"specversion\": \"1.0\", \"id\": \"" + id + "\", \"source\": \"/concur/expense\", \"type\": \"" + type
                + "\", \"time\": \"" + Instant.now() + "\", \"datacontenttype\": \"application/json\", \"data\": " + data + "}";
    }

    private long kafkaCommandsWaiting() {
        return asOwner(db, c -> {
            try (var s = c.prepareStatement("select count(*) from outbox where connector = 'kafka'"); var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.shared().bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    /** The bank's "settled" (ACSC) for the report's current payment, as its webhook would say it. */
    private static String settled(String id, Api treasury, String report) {
        String obligation = StreamSupport.stream(treasury.get("/_sandbox/state").body().path("obligations").spliterator(), false)
                .filter(o -> o.path("reportId").asText().equals(report)).findFirst().orElseThrow()
                .get("obligationId").asText();
        return cloudEvent(id, "io.finrelay.bank.payment.status", "{\"status\": \"ACSC\", \"endToEndId\": \"" + report
                + "\", \"obligationId\": \"" + obligation + "\", \"bankReference\": \"BANK-" + report + "\"}");
    }

    private double consumed(String outcome) {
        return meters.find("finrelay.kafka.events.consumed").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static void awaitState(Api finrelay, TestTenant tenant, String id, String wanted) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Api.Answer answer = finrelay.get(tenant.path("/expense-reports/" + id));
                    return answer.status() == 200 ? answer.body().get("state").asText() : "none";
                }, wanted::equals);
    }

    /** Releases as t.berger, and as j.roth too when the amount needs four eyes. */
    private static void releaseFully(Api finrelay, TestTenant tenant, String id) {
        assertThat(finrelay.post(tenant.path("/expense-reports/" + id + "/releases"), Map.of("releaser", "t.berger"))
                .status()).isEqualTo(202);
        if (finrelay.get(tenant.path("/expense-reports/" + id)).body().get("state").asText().equals("AwaitingRelease")) {
            assertThat(finrelay.post(tenant.path("/expense-reports/" + id + "/releases"), Map.of("releaser", "j.roth"))
                    .status()).isEqualTo(202);
        }
    }

    private static List<JsonNode> journalsOf(Api erp, String reportId) {
        return StreamSupport.stream(erp.get("/_sandbox/state").body().path("journals").spliterator(), false)
                .filter(j -> j.toString().contains(reportId)).toList();
    }

    /** The topic's records once it holds {@code count} (and a moment's more, for any duplicate to show). */
    private static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, int count) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.shared().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
            });
            // the outbox holds no publish command any more: anything published twice is on the topic by now
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return records;
        }
    }
}
