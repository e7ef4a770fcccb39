package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.GLOBEX;
import static io.finrelay.engine.fixtures.EngineFixture.approved;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.engine.inbox.Claim;
import io.finrelay.engine.inbox.Inbox;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Receipt;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuplicateDeliveryIT {
    static EngineFixture f;

    @BeforeAll
    static void start() {
        f = new EngineFixture("duplicates");
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @ParameterizedTest(name = "{0} concurrent deliveries of the same events, in shuffled order, have one effect each")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void theSameEventDeliveredManyTimesInAnyOrderHasOneEffect(int times) {
        String invoice = "INV-2026-10" + times;
        List<InboundEvent> deliveries = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            deliveries.add(approved(ACME, "approval-" + invoice, invoice, "1250.00", null));
            deliveries.add(EngineFixture.event(ACME, "journal-" + invoice, invoice, new PaymentFlow.JournalPosted("JE-" + invoice)));
        }
        Collections.shuffle(deliveries, new Random(times));
        List<Receipt> receipts = deliveries.stream().map(f.engine::submitAsync).toList().stream()
                .map(CompletableFuture::join).toList();
        // A sender told 409 (in flight) delivers again later, as a real one would.
        for (InboundEvent event : deliveries) {
            f.submit(event);
        }
        f.drain();

        assertThat(receipts).noneMatch(r -> r instanceof Receipt.PayloadMismatch);
        assertThat(f.count("select count(*) from workflow_instance where business_key = ?", invoice)).isEqualTo(1);
        assertThat(f.count("select count(*) from audit_event a join workflow_instance w on w.id = a.instance_id "
                + "where w.business_key = ? and a.kind = 'transition' and a.detail->>'event' = 'InvoiceApproved'", invoice))
                .isEqualTo(1);
        assertThat(f.count("select count(*) from inbox where source = 'api' and dedup_key in (?, ?)",
                "approval-" + invoice, "journal-" + invoice)).isEqualTo(2);
        assertThat(f.erp.receivedForInvoice(invoice)).isLessThanOrEqualTo(1);
        assertThat(f.bank.receivedForInvoice(invoice)).isEqualTo(1);
        assertThat(f.stateOf(ACME, invoice)).isEqualTo("Paid");
    }

    @Test
    void aRepeatAnswersWithTheFirstResult() {
        Receipt first = f.submit(approved(ACME, "approval-INV-2026-0201", "INV-2026-0201", "99.90", null));
        Receipt second = f.submit(approved(ACME, "approval-INV-2026-0201", "INV-2026-0201", "99.90", null));

        assertThat(first).isInstanceOf(Receipt.Accepted.class);
        assertThat(second).isEqualTo(new Receipt.Repeated(first));
    }

    @Test
    void theSameKeyWithAnotherPayloadIsRefusedAndChangesNothing() {
        f.submit(approved(ACME, "approval-INV-2026-0202", "INV-2026-0202", "480.00", null));
        Receipt changed = f.submit(approved(ACME, "approval-INV-2026-0202", "INV-2026-0202", "4800.00", null));

        assertThat(changed).isInstanceOf(Receipt.PayloadMismatch.class);
        assertThat(f.string("select state->>'amount' from workflow_instance where business_key = 'INV-2026-0202'"))
                .isEqualTo("480.00");
    }

    @Test
    void theSameKeyAddressedToAnotherBusinessObjectIsRefused() {
        f.submit(approved(ACME, "approval-shared-key", "INV-2026-0208", "480.00", null));
        Receipt other = f.submit(EngineFixture.event(ACME, "approval-shared-key", "INV-2026-0209",
                new PaymentFlow.InvoiceApproved("INV-2026-0208", "Müller Bürobedarf GmbH", "480.00", null)));

        assertThat(other).isInstanceOf(Receipt.PayloadMismatch.class);
        assertThat(f.count("select count(*) from workflow_instance where business_key = 'INV-2026-0209'")).isZero();
    }

    @Test
    void aDuplicateArrivingWhileTheFirstIsInFlightIsToldSo() throws Exception {
        InboundEvent event = approved(ACME, "approval-INV-2026-0203", "INV-2026-0203", "75.00", null);
        try (Connection first = f.dataSource.getConnection()) {
            first.setAutoCommit(false);
            Claim claim = new Inbox().claim(first, List.of(new Inbox.Entry(event.key(), Inbox.hash("anything"))))
                    .get(event.key());
            assertThat(claim).isInstanceOf(Claim.Fresh.class);

            assertThat(f.submit(event)).isInstanceOf(Receipt.InFlight.class);
            first.rollback();
        }
        assertThat(f.submit(event)).isInstanceOf(Receipt.Accepted.class);
    }

    @Test
    void aReplayThirtyDaysLaterIsStillCaught() {
        Receipt first = f.submit(approved(ACME, "approval-INV-2026-0204", "INV-2026-0204", "310.00", null));
        f.clock.advance(Duration.ofDays(30));

        assertThat(f.submit(approved(ACME, "approval-INV-2026-0204", "INV-2026-0204", "310.00", null)))
                .isEqualTo(new Receipt.Repeated(first));
    }

    @Test
    void keysAreScopedToTheirTenant() {
        Receipt acme = f.submit(approved(ACME, "approval-INV-2026-0205", "INV-2026-0205", "10.00", null));
        Receipt globex = f.submit(approved(GLOBEX, "approval-INV-2026-0205", "INV-2026-0205", "10.00", null));

        assertThat(acme).isInstanceOf(Receipt.Accepted.class);
        assertThat(globex).isInstanceOf(Receipt.Accepted.class);
        assertThat(((Receipt.Accepted) acme).instanceId()).isNotEqualTo(((Receipt.Accepted) globex).instanceId());
    }

    @Test
    void anEventTheStateDoesNotAcceptIsRejectedAndTheRejectionIsRemembered() {
        InboundEvent early = EngineFixture.event(ACME, "paid-INV-2026-0206", "INV-2026-0206",
                new PaymentFlow.PaymentSent("BANK-1"));
        Receipt rejected = f.submit(early);

        assertThat(rejected).isInstanceOf(Receipt.Rejected.class);
        assertThat(((Receipt.Rejected) rejected).reason()).contains("PaymentSent does not apply in state New");
        assertThat(((Receipt.Rejected) rejected).instanceId()).as("no instance had the key, none was created").isNull();
        assertThat(f.count("select count(*) from workflow_instance where business_key = 'INV-2026-0206'")).isZero();
        assertThat(f.submit(early)).isEqualTo(new Receipt.Repeated(rejected));
    }

    @Test
    void stateOutboxAuditAndInboxAreWrittenTogether() {
        Receipt receipt = f.submit(approved(ACME, "approval-INV-2026-0207", "INV-2026-0207", "1999.99", null));
        var id = ((Receipt.Accepted) receipt).instanceId();

        assertThat(f.count("select count(*) from outbox where instance_id = ?", id)).isEqualTo(1);
        assertThat(f.count("select count(*) from audit_event where instance_id = ? and correlation_id = ?", id,
                "corr-approval-INV-2026-0207")).isEqualTo(1);
        assertThat(f.count("select count(*) from inbox where instance_id = ?", id)).isEqualTo(1);
        assertThat(f.stateOf(ACME, "INV-2026-0207")).isEqualTo("Posting");
    }
}
