package io.finrelay.server.order;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.model.Money;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.order.OrderEvent;
import io.finrelay.workflows.order.OrderToCash;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cash application for order to cash, on the reconciliation's ERP connector: once the ERP has cleared a
 * match of receivables (the clearing's answer is Done), the orders learn of it before the engine records
 * the outcome. An order's own receivable gets {@link OrderEvent.PaymentApplied} with what the bank credit
 * paid of it (all of it, the part a partial payment paid, or more); the customer's orders held for credit
 * get {@link OrderEvent.ExposureLowered}, and check their credit again. Each is delivered under a key of
 * the match and the item (or order), so a resent clearing informs no order twice; a failed delivery
 * makes the clearing's step transient, and the resend (which the ERP answers from its key store) tries
 * again.
 */
final class OrderPayments implements Connector {
    private static final Logger log = LoggerFactory.getLogger(OrderPayments.class);

    private final Connector erp;
    private final Supplier<Database> db;
    private final Supplier<WorkflowEngine> engine;

    OrderPayments(Connector erp, Supplier<Database> db, Supplier<WorkflowEngine> engine) {
        this.erp = erp;
        this.db = db;
        this.engine = engine;
    }

    @Override
    public String name() {
        return erp.name();
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Delivery delivery = erp.deliver(command);
        if (delivery instanceof Delivery.Done && command.is(ReconciliationMatch.CLEAR)) {
            return applied(command).map(why -> (Delivery) Delivery.Transient.of(why)).orElse(delivery);
        }
        return delivery;
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        Lookup lookup = erp.lookup(command);
        if (lookup instanceof Lookup.Found && command.is(ReconciliationMatch.CLEAR)) {
            java.util.Optional<String> failed = applied(command);
            if (failed.isPresent()) {
                return new Lookup.Unreachable(failed.get());
            }
        }
        return lookup;
    }

    /** A receivable the match cleared, as the order side sees it. */
    private record Cleared(String itemId, String orderId, String customerName, String customerRef) {}

    /** Tells the orders; empty when every one has heard, else why not. */
    private java.util.Optional<String> applied(CommandEnvelope command) {
        ReconciliationMatch.ClearMatch match = command.payload(ReconciliationMatch.CLEAR);
        List<ReconciliationMatch.ItemRef> receivables = match.items().stream()
                .filter(i -> "RECEIVABLE".equals(i.direction())).toList();
        if (receivables.isEmpty()) {
            return java.util.Optional.empty();
        }
        TenantId tenant = command.tenantId();
        ReconciliationMatch.LineRef line = match.lines().isEmpty() ? null : match.lines().getFirst();
        LocalDate on = line == null || line.bookingDate() == null ? null : LocalDate.parse(line.bookingDate());
        String bankRef = line == null ? null : line.bankReference();
        try {
            for (ReconciliationMatch.ItemRef item : receivables) {
                Cleared cleared = cleared(tenant, item.id());
                if (cleared == null) {
                    continue;
                }
                if (cleared.orderId() != null && on != null) {
                    Money paid = Money.rounded(paid(match, item), java.util.Currency.getInstance(item.currency()));
                    submit(tenant, "o2c-payment", match.matchId() + ":" + item.id(), cleared.orderId(),
                            new OrderEvent.PaymentApplied(match.matchId(), bankRef, paid, on));
                }
                for (String held : heldOrders(tenant, cleared)) {
                    submit(tenant, "o2c-exposure", match.matchId() + ":" + held, held, new OrderEvent.ExposureLowered(
                            "match " + match.matchId() + " cleared receivable " + item.id() + " of " + cleared.customerName()));
                }
            }
            return java.util.Optional.empty();
        } catch (RuntimeException e) {
            log.warn("orders of match {} not yet informed of its clearing", match.matchId(), e);
            return java.util.Optional.of("the ERP cleared match " + match.matchId() + " but its orders could not be told yet: "
                    + e.getMessage());
        }
    }

    /**
     * What the bank credit paid of the item: its open amount, less what a part payment left open, plus what
     * an overpayment paid beyond it (a difference is the lines' total minus the items').
     */
    private static BigDecimal paid(ReconciliationMatch.ClearMatch match, ReconciliationMatch.ItemRef item) {
        BigDecimal difference = match.differenceAmount() == null ? BigDecimal.ZERO : match.differenceAmount();
        boolean single = match.items().size() == 1;
        if (single && ("PARTIAL".equals(match.differenceKind()) || "OVERPAYMENT".equals(match.differenceKind()))) {
            return item.amount().add(difference);
        }
        return item.amount();
    }

    private void submit(TenantId tenant, String source, String key, String orderId, OrderEvent event) {
        Receipt receipt = engine.get().submit(new InboundEvent(new InboxKey(tenant, source, key), OrderToCash.TYPE, orderId,
                // the order's timeline names the match that paid it
                new Input.Domain(event), "reconciliation-match:" + key.substring(0, key.indexOf(':')), "reconciliation"));
        if (receipt instanceof Receipt.InFlight || receipt instanceof Receipt.Failed) {
            throw new IllegalStateException("order " + orderId + " answered " + receipt);
        }
    }

    private Cleared cleared(TenantId tenant, String itemId) {
        return db.get().inTenant(tenant, c -> {
            try (PreparedStatement s = TenantSql.prepare(c, tenant, "select i.workflow_key, i.counterparty_name, "
                    // an item pulled from Tryton names its party: on Tryton that is the customer's reference
                    + "coalesce(i.content->>'customerRef', case when i.source = 'ERP' then i.content->>'party' end), i.source, (select count(*) from o2c_order o where o.tenant_id = i.tenant_id "
                    + "and o.order_id = i.workflow_key) from recon_open_item i where i.tenant_id = ? and i.id = ?")) {
                s.setString(2, itemId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    boolean order = "FINRELAY".equals(rs.getString(4)) && rs.getInt(5) > 0;
                    return new Cleared(itemId, order ? rs.getString(1) : null, rs.getString(2), rs.getString(3));
                }
            }
        });
    }

    /**
     * The customer's orders held for credit: by its ERP reference when the item names it (an order's receivable,
     * or a line pulled from Tryton, whose party is the customer's reference there), else by its name.
     */
    private List<String> heldOrders(TenantId tenant, Cleared cleared) {
        return db.get().inTenant(tenant, c -> {
            try (PreparedStatement s = TenantSql.prepare(c, tenant, "select order_id from o2c_order where tenant_id = ? "
                    + "and state = 'CreditHeld' and (customer_ref = ? or lower(customer_name) = lower(?)) order by created_at")) {
                s.setString(2, cleared.customerRef() == null ? "" : cleared.customerRef());
                s.setString(3, cleared.customerName() == null ? "" : cleared.customerName());
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }
}
