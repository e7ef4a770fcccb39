package io.finrelay.server.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.Money;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.ServerIT;
import io.finrelay.workflows.invoice.PaymentRun;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A payment run's read model (what the monitors read): written by its transitions, and filled once for older runs. */
class PaymentRunReadModelIT extends ServerIT {
    private static final String ROWS = "select run_id || ' ' || message_id || ' ' || state_name from payment_run "
            + "where tenant_id = ?::uuid";

    @Autowired
    WorkflowEngine engine;

    @Autowired
    Database db;

    @Test
    void aRunIsInTheReadModelWithItsMessageIdAndARunOpenedBeforeTheModelExistedIsCopiedFromItsStoredState() {
        TestTenant t = newTenant("Runs");
        String runId = UUID.randomUUID().toString();
        String messageId = "PR20261209-" + runId.replace("-", "").substring(0, 12);
        // A debtor account the pain.001 writer refuses: the file is never written, the run stays Sending.
        PaymentRun.PaymentFile file = new PaymentRun.PaymentFile(runId, messageId, "hausbank", "ACME Logistik GmbH",
                "DE00000000000000000000", null, "ACME Logistik GmbH", "EUR", LocalDate.of(2026, 12, 9),
                List.of(new PaymentRun.Line("inv-1", runId.substring(0, 8) + "-415-1", "Nordlicht Bürobedarf GmbH",
                        "DE02120300000000202051", Money.of("1049.58", "EUR"), "Invoice INV-2026-0415", "1711")),
                UUID.randomUUID().toString(), "t.berger");
        Receipt opened = engine.submit(new InboundEvent(new InboxKey(new TenantId(UUID.fromString(t.id())), "test",
                "run:" + runId), PaymentRun.TYPE, runId, new Input.Domain(new PaymentRun.Opened(file)), "test-" + runId, "test"));
        assertThat(opened).isInstanceOf(Receipt.Accepted.class);
        assertThat(asOwnerRows(db, t, ROWS)).containsExactly(runId + " " + messageId + " Sending");

        // As before V6_13: the run only in its stored state. The migration's statement copies it, once.
        asOwnerRows(db, t, "delete from payment_run where tenant_id = ?::uuid");
        rerunMigrationTail(db, "V6_13__payment_run.sql", "insert into payment_run");
        assertThat(asOwnerRows(db, t, ROWS)).containsExactly(runId + " " + messageId + " Sending");
    }
}
