package io.finrelay.server.reconciliation;

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
import io.finrelay.workflows.reconciliation.BankBooking;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The ERP side of reconciliation, routed per tenant: Tryton when the tenant's ERP connector is Tryton,
 * else the REST ERP ({@link ClearingConnector}). On Tryton ({@link TrytonErp}):
 * <ul>
 *   <li>a match's clearing clears each matched payable or receivable line against the clearing (bank)
 *       account and reconciles it; a difference the match names (a fee, FX) is booked to its account;</li>
 *   <li>a reversal after a bank return undoes the clearing moves with one reversal move, the items open again;</li>
 *   <li>a bank line a tenant rule names is booked to the rule's GL account.</li>
 * </ul>
 * Each Tryton move carries an id derived from the command (and the item), so a resend finds the moves
 * made before and makes none twice.
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
        return ReconciliationMatch.ERP;
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
        try {
            if (command.is(BankBooking.POST)) {
                return book(erp, command.commandId(), command.payload(BankBooking.POST));
            }
            if (command.is(ReconciliationMatch.REVERSE)) {
                return reverse(erp, command.commandId(), command.payload(ReconciliationMatch.REVERSE));
            }
            if (command.is(ReconciliationMatch.CLEAR)) {
                return clear(erp, command.commandId(), command.payload(ReconciliationMatch.CLEAR));
            }
        } catch (ErpException e) {
            return JournalOutboxConnector.delivery(e.error());
        }
        return new Delivery.Permanent("connector " + name() + " does not know command type '" + command.type() + "'");
    }

    private static Delivery clear(TrytonErp erp, UUID commandId, ReconciliationMatch.ClearMatch match) {
        ReconciliationMatch.LineRef first = match.lines().getFirst();
        if (first.bookingDate() == null) {
            return new Delivery.Permanent("the matched bank line has no booking date to date the clearing");
        }
        LocalDate date = LocalDate.parse(first.bookingDate());
        String bankRef = first.bankReference() != null ? first.bankReference() : "bank line " + first.lineNo();
        String description = "reconciliation match " + match.matchId();
        if ("PARTIAL".equals(match.differenceKind())) {
            return new Delivery.Permanent("match " + match.matchId() + " pays part of its item; Tryton clears whole lines "
                    + "only: book the part payment by hand and resolve the step");
        }
        List<String> refs = new ArrayList<>();
        for (ReconciliationMatch.ItemRef item : match.items()) {
            if (item.erpRef() == null) {
                return new Delivery.Permanent("item " + item.id() + " was not pulled from Tryton (it has no line reference): "
                        + "clear it by hand and resolve the step");
            }
            ClearedPayable cleared = erp.clearOpenLine(new PayableClearing(derived(commandId, item.id()), item.erpRef(),
                    Money.of(item.amount().toPlainString(), item.currency()), date, bankRef, description));
            refs.add(cleared.clearingRef());
        }
        BigDecimal difference = match.differenceAmount() == null ? BigDecimal.ZERO : match.differenceAmount();
        if (difference.signum() != 0) {
            if (match.differenceAccount() == null) {
                return new Delivery.Permanent("match " + match.matchId() + " leaves a " + match.differenceKind()
                        + " difference of " + difference.toPlainString() + " " + match.differenceCurrency()
                        + " and the tenant names no account for it: book it by hand and resolve the step");
            }
            // the items were cleared in full against the bank; the bank moved the lines' amount: the
            // difference moves between the bank and the fee or FX account
            boolean receivable = "RECEIVABLE".equals(match.items().getFirst().direction());
            boolean moneyOut = receivable ? difference.signum() < 0 : difference.signum() > 0;
            refs.add(erp.bookBankLine(derived(commandId, "difference"), match.differenceAccount(),
                    Money.of(difference.abs().toPlainString(), match.differenceCurrency()), moneyOut, date,
                    match.differenceKind().toLowerCase(java.util.Locale.ROOT) + " difference of " + description));
        }
        return new Delivery.Done(JSON.createObjectNode().put("clearingId", String.join(",", refs)).toString());
    }

    private static Delivery reverse(TrytonErp erp, UUID commandId, ReconciliationMatch.ReverseClearing reversal) {
        if (reversal.returnedOn() == null) {
            return new Delivery.Permanent("the bank's return of match " + reversal.matchId() + " has no booking date to "
                    + "date the reversal: undo Tryton clearing move(s) " + reversal.clearingRef() + " by hand and resolve "
                    + "the step");
        }
        List<String> moves = Arrays.stream(reversal.clearingRef().split(",")).map(String::trim)
                .filter(r -> !r.isEmpty()).toList();
        String id = erp.reverseClearing(commandId, moves, reversal.returnedOn(), "bank return " + reversal.reasonCode()
                + " of reconciliation match " + reversal.matchId());
        return new Delivery.Done(JSON.createObjectNode().put("reversalId", id).toString());
    }

    private static Delivery book(TrytonErp erp, UUID commandId, BankBooking.Line line) {
        if (line.bookingDate() == null) {
            return new Delivery.Permanent("bank line " + line.lineId() + " has no booking date to date its booking");
        }
        String id = erp.bookBankLine(commandId, line.glAccount(), Money.of(line.amount().toPlainString(), line.currency()),
                "DEBIT".equals(line.direction()), LocalDate.parse(line.bookingDate()), line.ruleName() + ": "
                        + (line.text() == null ? "bank line " + line.lineId() : line.text()));
        return new Delivery.Done(JSON.createObjectNode().put("journalRef", id).toString());
    }

    /** The id of one Tryton move a command makes (one per item, one for the difference). */
    private static UUID derived(UUID commandId, String part) {
        return UUID.nameUUIDFromBytes((commandId + "/" + part).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        if (erps.tryton(command.tenantId()).isPresent()) {
            // Nothing to ask: a resend finds the tagged moves of this command and makes none twice.
            return new Lookup.NotFound();
        }
        return rest.lookup(command);
    }
}
