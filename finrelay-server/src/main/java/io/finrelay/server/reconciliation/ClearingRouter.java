package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.connectors.erp.tryton.TrytonErp;
import io.finrelay.connectors.sandbox.ClearingConnector;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.Money;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.ErpPort;
import io.finrelay.workflows.port.PayableClearing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The clearing of a match, routed per tenant: Tryton when the tenant's ERP connector is Tryton (each
 * matched payable line cleared against the clearing account and reconciled, {@link TrytonErp#clearOpenLine}),
 * else the REST ERP ({@link ClearingConnector}). The reversal of a clearing after a bank return is
 * sent to the REST ERP; on Tryton it is not built yet and lands in the exception queue naming the
 * clearing moves to undo by hand. On Tryton each item's clearing carries an id derived
 * from the command and the item, so a resend finds the clearing moves made before and makes none twice.
 */
final class ClearingRouter implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ErpConnections erps;
    private final ClearingConnector rest;

    ClearingRouter(ErpConnections erps, ClearingConnector rest) {
        this.erps = erps;
        this.rest = rest;
    }

    @Override
    public String name() {
        return ClearingConnector.NAME;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Optional<ErpPort> tryton = erps.tryton(command.tenantId());
        if (tryton.isEmpty()) {
            return rest.deliver(command);
        }
        if (!(tryton.get() instanceof TrytonErp erp)) {
            return new Delivery.Permanent("the tenant's ERP connector cannot clear reconciled items");
        }
        JsonNode match;
        try {
            match = JSON.readTree(command.payloadJson());
        } catch (IOException e) {
            return new Delivery.Permanent("payload is not JSON: " + e.getMessage());
        }
        if (ClearingConnector.POST_BANK_BOOKING.equals(command.type())) {
            // Not built for Tryton yet: the step waits in the exception queue with what to book.
            return new Delivery.Permanent("book bank line " + match.path("lineId").asText() + " (" + match.path("ruleName")
                    .asText() + ", " + match.path("amount").asText() + " " + match.path("currency").asText() + ") to account "
                    + match.path("glAccount").asText() + " in Tryton by hand (a statement line on the bank journal), "
                    + "then resolve this step");
        }
        if (ClearingConnector.REVERSE_CLEARING.equals(command.type())) {
            // Not built for Tryton yet: the step waits in the exception queue with what to undo.
            return new Delivery.Permanent("the bank returned the payment of match " + match.path("matchId").asText()
                    + " (" + match.path("reasonCode").asText() + "): undo Tryton clearing move(s) "
                    + match.path("clearingRef").asText() + " by hand (unreconcile the lines, cancel the move), "
                    + "then resolve this step");
        }
        JsonNode firstLine = match.path("lines").path(0);
        LocalDate date = firstLine.hasNonNull("bookingDate") ? LocalDate.parse(firstLine.get("bookingDate").asText()) : null;
        if (date == null) {
            return new Delivery.Permanent("the matched bank line has no booking date to date the clearing");
        }
        String bankRef = firstLine.path("bankReference").asText("bank line " + firstLine.path("lineNo").asText());
        List<String> refs = new ArrayList<>();
        try {
            for (JsonNode item : match.path("items")) {
                String id = item.path("id").asText();
                if (!"PAYABLE".equals(item.path("direction").asText()) || !item.hasNonNull("erpRef")) {
                    return new Delivery.Permanent("item " + id + ": clearing in Tryton is built for payables pulled from "
                            + "Tryton (with their line reference) only; clear it by hand and resolve the step");
                }
                UUID itemCommand = UUID.nameUUIDFromBytes((command.commandId() + "/" + id).getBytes(StandardCharsets.UTF_8));
                ClearedPayable cleared = erp.clearOpenLine(new PayableClearing(itemCommand, item.get("erpRef").asText(),
                        Money.of(item.path("amount").asText(), item.path("currency").asText()), date, bankRef,
                        "reconciliation match " + match.path("matchId").asText()));
                refs.add(cleared.clearingRef());
            }
        } catch (ErpException e) {
            return JournalOutboxConnector.delivery(e.error());
        }
        return new Delivery.Done(JSON.createObjectNode().put("clearingId", String.join(",", refs)).toString());
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        if (erps.tryton(command.tenantId()).isPresent()) {
            // Nothing to ask: a resend finds the tagged clearing moves of this command and makes none twice.
            return new Lookup.NotFound();
        }
        return rest.lookup(command);
    }
}
