package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static io.finrelay.engine.fixtures.EngineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.exception.ExceptionRecord;
import io.finrelay.engine.exception.OperatorAction;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.Migrations;
import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.fixtures.PaymentFlowV3;
import io.finrelay.engine.fixtures.RecordingPeer.Fault;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.InstanceView;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.testkit.StepClock;
import io.finrelay.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A workflow changed while its instances are in flight, on real PostgreSQL: instances the first version of
 * {@link PaymentFlow} left in every waiting state (a due-date timer, a journal being posted, a payment being
 * retried, a blocked vendor), and rows a second version stored, are carried to their end by the third version
 * ({@link PaymentFlowV3}), through its upcasters; a state or timer event stored by newer code than the node's is
 * refused and parked, never overwritten.
 */
class WorkflowVersioningIT {
    private static final Instant DUE = Instant.parse("2026-11-05T09:00:00Z");

    @Test
    void invoicesInFlightUnderTheFirstVersionEndUnderTheThirdFromTheStatesTheyStored() {
        try (EngineFixture f = new EngineFixture("versioning-v1-to-v3")) {
            f.submit(approved(ACME, "k-101", "INV-2026-0101", "1250.00", DUE));
            f.bank.failNext(Fault.TRANSIENT);
            f.submit(approved(ACME, "k-103", "INV-2026-0103", "4312.75", null));
            f.drain();
            f.submit(approved(ACME, "k-102", "INV-2026-0102", "980.40", null));
            f.submit(event(ACME, "k-104", "INV-2026-0104",
                    new PaymentFlow.InvoiceApproved("INV-2026-0104", "BLOCKED", "310.00", null)));

            JsonNode v1 = fixture("test-payment-v1.json");
            assertThat(v1.path("states").size()).isEqualTo(4);
            v1.path("states").properties().forEach(e -> {
                Stored row = stored(f, e.getKey());
                assertThat(row.format()).as(e.getKey()).isEqualTo(1);
                assertThat(row.name()).as(e.getKey()).isEqualTo(e.getValue().path("name").asText());
                assertThat(withoutPeerReferences(row.json())).as(e.getKey()).isEqualTo(e.getValue().path("json"));
            });
            JsonNode timer = v1.path("timers").path("INV-2026-0101");
            assertThat(f.string("select event_type || ' ' || event::text || ' ' || event_format from timer where name = ?",
                    timer.path("name").asText()))
                    .isEqualTo(timer.path("event").asText() + " " + timer.path("json") + " 1");

            // Version 3 is deployed while all four wait.
            f.workflows = List.of(new PaymentFlowV3());
            f.restart();
            InstanceView onHold = f.engine.instances().findByBusinessKey(ACME, PaymentFlow.TYPE, "INV-2026-0104").orElseThrow();
            assertThat(onHold.state()).as("read as version 3 names it").isEqualTo("OnHold");
            assertThat(onHold.storedFormat()).as("still stored as version 1 until it moves").isEqualTo(1);
            assertThat(Json.read(onHold.stateJson(), JsonNode.class).path("holdReason").asText()).isEqualTo("vendor blocked");

            f.clock.advance(Duration.ofDays(3));
            assertThat(f.engine.fireDueTimers()).as("the timer version 1 set, with its version-1 event").isEqualTo(1);
            Stored posting = stored(f, "INV-2026-0101");
            assertThat(posting.name()).isEqualTo("Posting");
            assertThat(posting.format()).as("the next write stores the current version").isEqualTo(3);
            assertThat(posting.json()).isEqualTo(Json.read(
                    "{\"invoice\":\"INV-2026-0101\",\"amount\":{\"value\":\"1250.00\",\"currency\":\"EUR\"}}", JsonNode.class));

            ExceptionRecord blocked = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).stream()
                    .filter(x -> x.code().equals("vendor-blocked")).findFirst().orElseThrow();
            f.engine.exceptions().act(ACME, blocked.id(), OperatorAction.RETRY, "ops:anna", "vendor released", "corr-op");
            f.drain();

            for (String invoice : List.of("INV-2026-0101", "INV-2026-0102", "INV-2026-0103", "INV-2026-0104")) {
                Stored paid = stored(f, invoice);
                assertThat(paid.name()).as(invoice).isEqualTo("Paid");
                assertThat(paid.format()).as(invoice).isEqualTo(3);
                assertThat(f.bank.receivedForInvoice(invoice)).as("paid once: " + invoice).isEqualTo(1);
                assertThat(f.erp.receivedForInvoice(invoice)).as("posted once: " + invoice).isEqualTo(1);
            }
            assertThat(f.string("select payload::jsonb->>'amount' from peer_receipt where peer = 'bank' "
                    + "and payload::jsonb->>'invoice' = ?", "INV-2026-0102"))
                    .as("the peer's wire format did not change with the states").isEqualTo("980.40");
            assertThat(f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10)).isEmpty();
            assertThat(f.engine.verifyAudit(ACME).intact()).isTrue();
        }
    }

    @Test
    void statesAndTimerEventsStoredByTheSecondVersionEndUnderTheThird() {
        try (EngineFixture f = new EngineFixture("versioning-v2-to-v3")) {
            f.workflows = List.of(new PaymentFlowV3());
            f.restart();
            JsonNode v2 = fixture("test-payment-v2.json");
            v2.path("states").properties().forEach(e -> insertInstance(f, e.getKey(), e.getValue().path("name").asText(),
                    e.getValue().path("json"), 2));
            v2.path("timers").properties().forEach(e -> insertTimer(f, e.getKey(), e.getValue(), 2));

            f.clock.advance(Duration.ofDays(2));
            assertThat(f.engine.fireDueTimers()).isEqualTo(1);
            assertThat(stored(f, "INV-2026-0111").json().path("amount").path("currency").asText())
                    .as("the currency version 2 stored, not version 1's default").isEqualTo("CHF");
            Receipt unblocked = f.submit(v3("k-112", "INV-2026-0112", new PaymentFlowV3.VendorUnblocked()));
            assertThat(unblocked).isInstanceOf(Receipt.Accepted.class);
            f.drain();

            assertThat(stored(f, "INV-2026-0111").name()).isEqualTo("Paid");
            assertThat(stored(f, "INV-2026-0112").name()).isEqualTo("Paid");
            assertThat(stored(f, "INV-2026-0112").format()).isEqualTo(3);
            assertThat(f.bank.receivedForInvoice("INV-2026-0111")).isEqualTo(1);
        }
    }

    @Test
    void aStateStoredByNewerCodeParksItsEventAndStaysAsItWasUntilANodeThatReadsItTakesOver() {
        try (EngineFixture f = new EngineFixture("versioning-unknown-state")) {
            f.workflows = List.of(new PaymentFlowV3());
            f.restart();
            f.submit(v3Approved("k-201", "INV-2026-0201", "BLOCKED", "1890.00", null));
            Stored before = stored(f, "INV-2026-0201");
            assertThat(before.format()).isEqualTo(3);

            // A node still on version 1 (a rolling deploy) meets the instance.
            f.workflows = List.of(new PaymentFlow());
            f.restart();
            Receipt receipt = f.submit(event(ACME, "k-201-unblock", "INV-2026-0201", new PaymentFlow.VendorUnblocked()));

            assertThat(receipt).isInstanceOfSatisfying(Receipt.Failed.class, failed ->
                    assertThat(failed.reason()).contains("format version 3").contains("reads versions 1 to 1"));
            ExceptionRecord parked = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).stream()
                    .filter(x -> x.code().equals("state-format-unknown")).findFirst().orElseThrow();
            assertThat(parked.instanceId()).isEqualTo(f.instanceId(ACME, "INV-2026-0201"));
            assertThat(parked.context()).containsEntry("storedFormat", "3").containsEntry("currentFormat", "1")
                    .containsEntry("state", "OnHold").containsEntry("input", "VendorUnblocked");
            assertThat(stored(f, "INV-2026-0201")).as("not overwritten by the older code").isEqualTo(before);
            assertThat(f.count("select count(*) from outbox where instance_id = ?", parked.instanceId())).isZero();

            // The node with version 3 takes over; the operator retries what was parked.
            f.workflows = List.of(new PaymentFlowV3());
            f.restart();
            f.engine.exceptions().act(ACME, parked.id(), OperatorAction.RETRY, "ops:anna", "node upgraded", "corr-op");
            f.drain();
            assertThat(stored(f, "INV-2026-0201").name()).isEqualTo("Paid");
            assertThat(f.bank.receivedForInvoice("INV-2026-0201")).isEqualTo(1);
        }
    }

    @Test
    void anOutcomeForAStateStoredByNewerCodeIsParkedAndDeliveredAgainWhenRetriedSoTheJournalIsNotPostedTwice() {
        try (EngineFixture f = new EngineFixture("versioning-unknown-outcome")) {
            f.workflows = List.of(new PaymentFlowV3());
            f.restart();
            f.submit(v3Approved("k-401", "INV-2026-0401", "Müller Bürobedarf GmbH", "5400.00", null));
            assertThat(stored(f, "INV-2026-0401").format()).isEqualTo(3);

            // A node on version 1 delivers the journal; the ERP's answer meets a state it cannot read.
            f.workflows = List.of(new PaymentFlow());
            f.restart();
            f.drain();
            assertThat(f.erp.receivedForInvoice("INV-2026-0401")).isEqualTo(1);
            assertThat(stored(f, "INV-2026-0401").name()).isEqualTo("Posting");
            ExceptionRecord parked = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, null, 10).getFirst();
            assertThat(parked.code()).isEqualTo("state-format-unknown");
            assertThat(parked.context()).containsEntry("outcome", "Succeeded").containsEntry("commandType", "post-journal")
                    .containsKey("command");

            f.workflows = List.of(new PaymentFlowV3());
            f.restart();
            assertThat(f.engine.exceptions().dryRunEach(ACME, List.of(parked.id()), OperatorAction.RETRY, "ops:anna"))
                    .singleElement().satisfies(run -> {
                        assertThat(run.stateAfter()).isEqualTo("Paying");
                        assertThat(run.explanation()).isEqualTo("the parked outcome of command "
                                + parked.context().get("command") + " is delivered again");
                    });
            assertThat(stored(f, "INV-2026-0401").name()).as("a dry run keeps nothing").isEqualTo("Posting");
            f.engine.exceptions().act(ACME, parked.id(), OperatorAction.RETRY, "ops:anna", "node upgraded", "corr-op");
            Stored paying = stored(f, "INV-2026-0401");
            assertThat(paying.name()).isEqualTo("Paying");
            assertThat(paying.json().path("journalRef").asText()).as("the ERP's own reference, delivered again")
                    .isEqualTo("erp-" + parked.context().get("command"));
            f.drain();
            assertThat(stored(f, "INV-2026-0401").name()).isEqualTo("Paid");
            assertThat(f.erp.receivedForInvoice("INV-2026-0401")).as("posted once").isEqualTo(1);
            assertThat(f.bank.receivedForInvoice("INV-2026-0401")).isEqualTo(1);
        }
    }

    @Test
    void aTimerWhoseEventIsInAnUnknownVersionIsParkedWithAnExceptionWhileTheOthersFireAndFiresOnceRetried() {
        try (EngineFixture f = new EngineFixture("versioning-unknown-timer")) {
            f.submit(approved(ACME, "k-302", "INV-2026-0302", "88.20", DUE));
            f.workflows = List.of(new PaymentFlowV3());
            f.restart();
            f.submit(v3Approved("k-301", "INV-2026-0301", "Müller Bürobedarf GmbH", "720.00", DUE));
            UUID newer = f.instanceId(ACME, "INV-2026-0301");
            assertThat(f.string("select event::text || ' ' || event_format from timer where instance_id = ?", newer))
                    .isEqualTo("{\"calendar\": \"TARGET2\"} 3");

            // A node still on version 1 fires both: it reads its own timer and parks the one version 3 wrote.
            f.workflows = List.of(new PaymentFlow());
            f.restart();
            f.clock.advance(Duration.ofDays(3));
            assertThat(f.engine.fireDueTimers()).isEqualTo(2);

            assertThat(stored(f, "INV-2026-0302").name()).isEqualTo("Posting");
            assertThat(stored(f, "INV-2026-0301").name()).isEqualTo("Scheduled");
            ExceptionRecord parked = f.engine.exceptions().list(ACME, ExceptionRecord.Status.OPEN, newer, 10).getFirst();
            assertThat(parked.code()).isEqualTo("timer-format-unknown");
            assertThat(parked.reason()).contains("format version 3").contains("reads versions 1 to 1");
            assertThat(parked.context()).containsEntry("timer", "due-date").containsEntry("event", "DueDateReached")
                    .containsEntry("storedFormat", "3").containsEntry("currentFormat", "1")
                    .containsEntry("payload", "{\"calendar\": \"TARGET2\"}");
            assertThat(f.string("select due_at::text || ' ' || event::text || ' ' || event_format from timer "
                    + "where instance_id = ?", newer)).as("kept with its event as stored, parked")
                    .isEqualTo("9999-12-31 00:00:00+00 {\"calendar\": \"TARGET2\"} 3");
            f.clock.advance(Duration.ofDays(30));
            assertThat(f.engine.fireDueTimers()).as("a parked timer waits for the operator").isZero();

            // Version 3 everywhere; the operator retries, and the timer fires with its own event.
            f.workflows = List.of(new PaymentFlowV3());
            f.restart();
            f.engine.exceptions().act(ACME, parked.id(), OperatorAction.RETRY, "ops:anna", "all nodes on 3", "corr-op");
            assertThat(f.engine.fireDueTimers()).isEqualTo(1);
            f.drain();
            assertThat(stored(f, "INV-2026-0301").name()).isEqualTo("Paid");
            assertThat(stored(f, "INV-2026-0302").name()).isEqualTo("Paid");
            assertThat(f.bank.receivedForInvoice("INV-2026-0301")).isEqualTo(1);
            assertThat(f.count("select count(*) from timer")).isZero();
        }
    }

    @Test
    void rowsStoredBeforeTheMigrationAreReadAsTheFirstVersion() throws SQLException {
        DataSource dataSource = TestDatabase.newDatabase("versioning-upgrade");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/callback")
                .target("1.10").load().migrate();
        UUID blocked = UUID.randomUUID();
        UUID scheduled = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "insert into workflow_instance (tenant_id, id, workflow_type, business_key, state_name, state, ended, "
                        + "version, next_seq, correlation_id, created_at, updated_at) "
                        + "values (?, ?, 'test-payment', ?, ?, ?::jsonb, false, 1, 1, 'corr-upgrade', now(), now())")) {
            insert.setObject(1, ACME.value());
            insert.setObject(2, blocked);
            insert.setString(3, "INV-2026-0501");
            insert.setString(4, "Blocked");
            insert.setString(5, "{\"invoice\":\"INV-2026-0501\",\"amount\":\"42.00\"}");
            insert.executeUpdate();
            insert.setObject(2, scheduled);
            insert.setString(3, "INV-2026-0502");
            insert.setString(4, "Scheduled");
            insert.setString(5, "{\"invoice\":\"INV-2026-0502\",\"amount\":\"17.50\",\"dueAt\":\"2026-11-02T08:00:00Z\"}");
            insert.executeUpdate();
            try (PreparedStatement timer = c.prepareStatement("insert into timer (tenant_id, instance_id, name, due_at, "
                    + "event_type, event) values (?, ?, 'due-date', '2026-11-02T08:00:00Z', 'DueDateReached', '{}')")) {
                timer.setObject(1, ACME.value());
                timer.setObject(2, scheduled);
                timer.executeUpdate();
            }
        }

        // V1_11 and every engine migration after it, on a database in use.
        assertThat(Migrations.migrate(dataSource)).as("migrations applied after V1_10").isPositive();
        try (Connection c = dataSource.getConnection(); PreparedStatement applied = c.prepareStatement(
                "select count(*) from flyway_schema_history where version = '1.11' and success");
             java.sql.ResultSet rs = applied.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1)).as("V1_11 applied").isEqualTo(1);
        }
        StepClock clock = StepClock.at("2026-11-02T09:00:00Z");
        try (WorkflowEngine engine = WorkflowEngine.builder(new Database(dataSource),
                new WorkflowRegistry(List.of(new PaymentFlowV3()))).clock(clock).build()) {
            assertThat(engine.submit(v3("k-501", "INV-2026-0501", new PaymentFlowV3.VendorUnblocked())))
                    .isInstanceOf(Receipt.Accepted.class);
            assertThat(engine.fireDueTimers()).isEqualTo(1);
            for (String invoice : List.of("INV-2026-0501", "INV-2026-0502")) {
                InstanceView view = engine.instances().findByBusinessKey(ACME, PaymentFlowV3.TYPE, invoice).orElseThrow();
                assertThat(view.state()).as(invoice).isEqualTo("Posting");
                assertThat(view.storedFormat()).as(invoice).isEqualTo(3);
                assertThat(Json.read(view.stateJson(), JsonNode.class).path("amount").path("currency").asText())
                        .isEqualTo("EUR");
            }
        }
    }

    private record Stored(String name, JsonNode json, int format, long version) {}

    private static Stored stored(EngineFixture f, String invoice) {
        try (Connection c = f.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select state_name, state::text, state_format, version from workflow_instance where business_key = ?")) {
            s.setString(1, invoice);
            try (var rs = s.executeQuery()) {
                assertThat(rs.next()).as("instance of " + invoice).isTrue();
                return new Stored(rs.getString(1), Json.read(rs.getString(2), JsonNode.class), rs.getInt(3), rs.getLong(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reference the peer made up (it carries a command id) is compared as its prefix. */
    private static JsonNode withoutPeerReferences(JsonNode json) {
        ObjectNode copy = json.deepCopy();
        copy.properties().forEach(e -> {
            if (e.getValue().isTextual() && e.getValue().asText().matches("erp-[0-9a-f-]{36}")) {
                e.setValue(copy.textNode("erp-*"));
            }
        });
        return copy;
    }

    private static void insertInstance(EngineFixture f, String invoice, String name, JsonNode json, int format) {
        execute(f, "insert into workflow_instance (tenant_id, id, workflow_type, business_key, state_name, state, ended, "
                + "version, next_seq, correlation_id, created_at, updated_at, state_format) "
                + "values (?, ?, ?, ?, ?, ?::jsonb, false, 2, 1, ?, now(), now(), ?)",
                ACME.value(), UUID.randomUUID(), PaymentFlow.TYPE, invoice, name, json.toString(), "corr-" + invoice, format);
    }

    private static void insertTimer(EngineFixture f, String invoice, JsonNode timer, int format) {
        execute(f, "insert into timer (tenant_id, instance_id, name, due_at, event_type, event, event_format) "
                + "select tenant_id, id, ?, ?::timestamptz, ?, ?::jsonb, ? from workflow_instance where business_key = ?",
                timer.path("name").asText(), "2026-11-04T09:00:00Z", timer.path("event").asText(), timer.path("json").toString(),
                format, invoice);
    }

    private static void execute(EngineFixture f, String sql, Object... args) {
        try (Connection c = f.dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            assertThat(s.executeUpdate()).as(sql).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = WorkflowVersioningIT.class.getResourceAsStream("/stored-format/" + name)) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An event for an engine that runs version 3 (its own event records). */
    private static InboundEvent v3(String key, String invoice, PaymentFlowV3.Event event) {
        return new InboundEvent(new InboxKey(ACME, "api", key), PaymentFlowV3.TYPE, invoice, new Input.Domain(event),
                "corr-" + key, "test-client");
    }

    private static InboundEvent v3Approved(String key, String invoice, String vendor, String amount, Instant dueAt) {
        return v3(key, invoice, new PaymentFlowV3.InvoiceApproved(invoice, vendor, amount, dueAt));
    }
}
