package io.finrelay.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.connectors.kafka.BusinessEvent;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.web.PeerUrlPolicy;
import io.finrelay.workflows.expense.Claim;
import io.finrelay.workflows.expense.ExpenseCase;
import io.finrelay.workflows.expense.ExpenseState;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which transitions announce which business event, for which tenants; and the broker addresses refused at the edge. */
class BusinessEventsTest {
    private static final TenantId ACME = TenantId.of("6d1f0a3e-7c55-4b8e-9a51-3f2d7c0e8a11");
    private static final TenantId OTHER = TenantId.of("0b6a2d94-51c3-4e0f-8d7a-2c9e4f1b7a60");
    private static final Instant AT = Instant.parse("2026-11-30T14:05:00Z");
    /** A resolver of this test's names: the internal broker on a private address, the others public; literals as they are. */
    private static final PeerUrlPolicy PUBLIC_ONLY = new PeerUrlPolicy(List.of(),
            host -> host.matches("[0-9.]+") ? InetAddress.getAllByName(host)
                    : new InetAddress[] {InetAddress.getByAddress(host, host.startsWith("kafka-internal")
                    ? new byte[] {10, 0, 4, 17} : new byte[] {(byte) 185, 12, 64, 3})});

    private final BusinessEvents events = new BusinessEvents(streams("broker1.acme-finance.example:9093"));

    @Test
    void aReportEnteringReimbursedIsAnnouncedWithItsReferencesAndAmountButNoBankAccount() {
        ExpenseCase paid = new ExpenseCase(claim(), null, "JE-2026-0417", "OBL-881", "RUN-2026-11-30", 1,
                List.of("t.berger"), "BANK-REF-55120");
        List<CommandRequest> commands = events.commandsFor(ACME, "expense-reimbursement",
                new Transition<>(UUID.randomUUID(), "EXP-2026-00417", new ExpenseState.ReportingStatus(paid, "PAID"),
                        new ExpenseState.Reimbursed(paid)), AT);

        assertThat(commands).hasSize(1);
        assertThat(commands.getFirst().connector()).isEqualTo("kafka");
        assertThat(commands.getFirst().type()).isEqualTo("publish-event");
        BusinessEvent event = (BusinessEvent) commands.getFirst().payload();
        assertThat(event.type()).isEqualTo("io.finrelay.expense.reimbursed");
        assertThat(event.subject()).isEqualTo("EXP-2026-00417");
        assertThat(event.time()).isEqualTo(AT);
        assertThat(event.data()).containsEntry("reportId", "EXP-2026-00417").containsEntry("employeeId", "E-1042")
                .containsEntry("amount", "184.90").containsEntry("currency", "EUR")
                .containsEntry("erpJournal", "JE-2026-0417").containsEntry("bankReference", "BANK-REF-55120");
        assertThat(event.data().toString()).doesNotContain("DE89");
        assertThat(events.adds("publish-event")).isTrue();
        assertThat(events.adds("post-journal")).isFalse();
    }

    @Test
    void aTransitionThatStaysInItsStateOrLeadsElsewhereAnnouncesNothing() {
        ExpenseCase c = ExpenseCase.of(claim());
        assertThat(events.commandsFor(ACME, "expense-reimbursement", new Transition<>(UUID.randomUUID(), "EXP-2026-00417",
                new ExpenseState.Reimbursed(c), new ExpenseState.Reimbursed(c)), AT)).isEmpty();
        assertThat(events.commandsFor(ACME, "expense-reimbursement", new Transition<>(UUID.randomUUID(), "EXP-2026-00417",
                new ExpenseState.Posting(c), new ExpenseState.Scheduling(c)), AT)).isEmpty();
    }

    @Test
    void aTenantWithoutAStreamAnnouncesNothing() {
        ExpenseCase c = ExpenseCase.of(claim());
        assertThat(events.commandsFor(OTHER, "expense-reimbursement", new Transition<>(UUID.randomUUID(), "EXP-2026-00417",
                new ExpenseState.ReportingStatus(c, "PAID"), new ExpenseState.Reimbursed(c)), AT)).isEmpty();
    }

    @Test
    void aBrokerAddressInsideOurNetworkIsRefusedAtStartUnlessAllowListed() {
        assertThatThrownBy(() -> streams("kafka-internal.corp:9092"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("finrelay.kafka.tenants[" + ACME + "].bootstrap-servers: kafka-internal.corp:9092")
                .hasMessageContaining("10.0.4.17");
        assertThatThrownBy(() -> streams("broker1.acme-finance.example:9093,169.254.169.254:9092"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("169.254.169.254");
        EventStreams allowed = new EventStreams(properties("kafka-internal.corp:9092"),
                new PeerUrlPolicy(List.of("kafka-internal.corp"), host -> new InetAddress[] {
                        InetAddress.getByAddress(host, new byte[] {10, 0, 4, 17})}), null);
        assertThat(allowed.outbound(ACME)).isPresent();
    }

    private static EventStreams streams(String bootstrap) {
        return new EventStreams(properties(bootstrap), PUBLIC_ONLY, null);
    }

    private static EventStreamProperties properties(String bootstrap) {
        return new EventStreamProperties(List.of(new EventStreamProperties.Tenant(ACME.toString(), bootstrap,
                "acme.finance-events", null, "finrelay")), Duration.ofSeconds(10));
    }

    private static Claim claim() {
        return new Claim(ACME.toString(), "EXP-2026-00417", "E-1042", "k.brandt", "m.wolf", "Kundentermin Hamburg",
                Instant.parse("2026-11-20T09:12:00Z"), "EUR", List.of(
                new Claim.Line("L1", LocalDate.of(2026, 11, 18), "DB Fernverkehr", "6670", "CC-4100", null,
                        io.finrelay.model.Money.of("129.90", "EUR"), "V19", "sha256:9f2c", null),
                new Claim.Line("L2", LocalDate.of(2026, 11, 18), "Hotel Alster", "6680", "CC-4100", null,
                        io.finrelay.model.Money.of("55.00", "EUR"), "V7", "sha256:1ab0", null)));
    }
}
