package io.finrelay.server.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A payment run opened before its payments were written as open items by its opening (when the items were written
 * as its file went out) and not sent when the server was upgraded gets its items at start-up, once.
 */
class RunPaymentsAtStartIT extends ServerIT {
    @Autowired
    WorkflowEngine engine;

    @Autowired
    Database db;

    @Autowired
    RunPaymentsAtStart atStart;

    @Test
    void aRunStillSendingItsFileGetsItsPaymentsAsOpenItemsAtStartOnceAndAMatchedOneStaysMatched() {
        TestTenant t = newTenant("Upgrade");
        TenantId tenant = new TenantId(UUID.fromString(t.id()));
        String runId = UUID.randomUUID().toString();
        // A debtor account the pain.001 writer refuses: the file is never written, the run stays Sending.
        PaymentRun.PaymentFile file = new PaymentRun.PaymentFile(runId, "PR20261207-" + runId.substring(0, 8), "hausbank",
                "ACME Logistik GmbH", "DE00000000000000000000", null, "ACME Logistik GmbH", "EUR", LocalDate.of(2026, 12, 9),
                List.of(new PaymentRun.Line("inv-1", runId.substring(0, 8) + "-415-1", "Nordlicht Bürobedarf GmbH",
                                "DE02120300000000202051", Money.of("1049.58", "EUR"), "Invoice INV-2026-0415", "1711"),
                        new PaymentRun.Line("inv-2", runId.substring(0, 8) + "-416-1", "De Koksmaat", "NL57RABO0107307510",
                                Money.of("250.33", "EUR"), "Invoice 12115118", null)),
                UUID.randomUUID().toString(), "t.berger");
        Receipt opened = engine.submit(new InboundEvent(new InboxKey(tenant, "test", "run:" + runId), PaymentRun.TYPE, runId,
                new Input.Domain(new PaymentRun.Opened(file)), "test-" + runId, "test"));
        assertThat(opened).isInstanceOf(Receipt.Accepted.class);
        assertThat(openItems(t)).as("written by the run's opening").hasSize(2);

        // As under the version before this one: the run is sending its file and none of its payments is an item.
        asOwnerRows(db, t, "delete from recon_open_item where tenant_id = ?::uuid");
        assertThat(openItems(t)).isEmpty();

        assertThat(atStart.expectAll()).isGreaterThanOrEqualTo(1);
        Map<String, JsonNode> items = openItems(t);
        assertThat(items).containsOnlyKeys("SINV-" + file.lines().get(0).endToEndId(), "SINV-" + file.lines().get(1).endToEndId());
        JsonNode toner = items.get("SINV-" + file.lines().get(0).endToEndId());
        assertThat(toner.get("status").asText()).isEqualTo("OPEN");
        assertThat(toner.get("direction").asText()).isEqualTo("PAYABLE");
        assertThat(toner.get("amount").asText()).isEqualTo("1049.58");
        assertThat(toner.get("endToEndId").asText()).isEqualTo(file.lines().get(0).endToEndId());
        assertThat(openItemColumn(db, t, toner.get("id").asText(), "paid_by")).as("the run's releaser may not confirm its match").isEqualTo("[\"t.berger\"]");

        // Another start: nothing twice, and an item reconciliation matched meanwhile stays matched.
        asOwnerRows(db, t, "update recon_open_item set status = 'MATCHED', open_amount = 0 where tenant_id = ?::uuid "
                + "and id = 'SINV-" + file.lines().get(0).endToEndId() + "'");
        atStart.expectAll();
        assertThat(openItems(t)).hasSize(2).extractingByKey("SINV-" + file.lines().get(0).endToEndId())
                .satisfies(i -> assertThat(i.get("status").asText()).isEqualTo("MATCHED"));
    }
}
