package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.Money;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.order.OrderCommands;
import io.finrelay.workflows.port.CreditExposure;
import io.finrelay.workflows.port.ErpException;
import io.finrelay.workflows.port.OpenItem;
import java.util.Optional;
import java.util.function.Function;

/**
 * Order to cash's ERP commands ({@value OrderCommands#ERP}) on a tenant's Tryton, answered in the shape
 * the REST ERP answers, so the workflow reads one shape whichever ERP the tenant has:
 * <ul>
 *   <li>{@code read-credit-exposure}: the party's credit limit and credit amount ({@code sale_credit_limit}:
 *       open receivables plus confirmed sales not yet invoiced) and its open receivables
 *       ({@code {"creditLimit","creditAmount","openReceivables","currency"}}); a read, asked again on a resend;</li>
 *   <li>{@code book-sale}: a {@code sale.sale} quoted, confirmed and processed, its customer invoice posted
 *       ({@code {"saleRef","saleNumber","invoiceRef","invoiceNumber","invoiceDate","dueDate","receivableRef"}};
 *       {@code receivableRef} is the invoice's receivable move line, which the reconciliation clears). The
 *       sale carries the command id; a lookup after an unknown outcome finds it, and a resend finishes it
 *       from where it stands, so Tryton never holds two sales of one order.</li>
 * </ul>
 */
public final class TrytonOrderCommands implements Connector {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<TenantId, Optional<TrytonErp>> erps;

    /** @param erps the tenant's Tryton (empty: the tenant's ERP is not Tryton) */
    public TrytonOrderCommands(Function<TenantId, Optional<TrytonErp>> erps) {
        this.erps = erps;
    }

    @Override
    public String name() {
        return OrderCommands.ERP;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Optional<TrytonErp> erp = erps.apply(command.tenantId());
        if (erp.isEmpty()) {
            return new Delivery.Permanent("tenant " + command.tenantId() + " has no Tryton ERP configured");
        }
        try {
            if (command.is(OrderCommands.READ_CREDIT)) {
                return credit(erp.get(), command.payload(OrderCommands.READ_CREDIT));
            }
            if (command.is(OrderCommands.BOOK_SALE)) {
                OrderCommands.BookSale sale = command.payload(OrderCommands.BOOK_SALE);
                if (sale.amount() == null || sale.currency() == null || sale.effectiveDate() == null) {
                    return new Delivery.Permanent("order " + sale.orderNumber() + " names no amount, currency or date");
                }
                return new Delivery.Done(json(erp.get().bookSale(new TrytonErp.SaleOrder(command.commandId(),
                        sale.orderNumber(), sale.customerRef(), sale.customerName(), Money.of(sale.amount().toPlainString(),
                        sale.currency()), sale.effectiveDate(), sale.description()))));
            }
        } catch (ErpException e) {
            return JournalOutboxConnector.delivery(e.error());
        } catch (io.finrelay.model.ValidationException e) {
            return new Delivery.Permanent("the order cannot be booked in Tryton: " + e.getMessage());
        }
        return new Delivery.Permanent("connector " + name() + " does not know command type '" + command.type() + "'");
    }

    private static Delivery credit(TrytonErp erp, OrderCommands.CreditQuery query) {
        CreditExposure exposure = erp.creditExposure(query.customerRef());
        Money open = exposure.openReceivables().stream().map(OpenItem::amount)
                .reduce(Money.zero(exposure.creditAmount().currency()), Money::plus);
        ObjectNode out = JSON.createObjectNode()
                .put("customerRef", exposure.customerRef())
                .put("creditAmount", exposure.creditAmount().amount().toPlainString())
                .put("openReceivables", open.amount().toPlainString())
                .put("currency", exposure.creditAmount().currencyCode());
        out.put("creditLimit", exposure.creditLimit().map(l -> l.amount().toPlainString()).orElse(null));
        return new Delivery.Done(out.toString());
    }

    static String json(TrytonErp.BookedSale sale) {
        ObjectNode out = JSON.createObjectNode()
                .put("saleRef", sale.saleRef())
                .put("saleNumber", sale.saleNumber())
                .put("invoiceRef", sale.invoiceRef())
                .put("invoiceNumber", sale.invoiceNumber())
                .put("invoiceDate", sale.invoiceDate() == null ? null : sale.invoiceDate().toString())
                .put("total", sale.total().amount().toPlainString())
                .put("currency", sale.total().currencyCode());
        out.put("dueDate", sale.dueDate().map(Object::toString).orElse(null));
        out.put("receivableRef", sale.receivableRef().orElse(null));
        return out.toString();
    }

    /**
     * After an unknown outcome: a credit read changed nothing (send it again); a sale is looked for by
     * its command id, found once its invoice is posted; a sale found half-way is finished by the resend.
     */
    @Override
    public Lookup lookup(CommandEnvelope command) {
        if (!command.is(OrderCommands.BOOK_SALE)) {
            return new Lookup.NotFound();
        }
        Optional<TrytonErp> erp = erps.apply(command.tenantId());
        if (erp.isEmpty()) {
            return new Lookup.Unreachable("tenant " + command.tenantId() + " has no Tryton ERP configured");
        }
        try {
            return erp.get().findSale(command.commandId()).<Lookup>map(s -> new Lookup.Found(json(s)))
                    .orElseGet(Lookup.NotFound::new);
        } catch (ErpException e) {
            return new Lookup.Unreachable(e.getMessage());
        }
    }
}
