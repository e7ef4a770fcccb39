package io.finrelay.server.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.model.Money;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.workflows.order.OrderCommands;
import io.finrelay.workflows.order.OrderEvent;
import io.finrelay.workflows.order.OrderFacts;
import io.finrelay.workflows.order.OrderReferencePort;
import io.finrelay.workflows.order.OrderState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;

/**
 * Order to cash's tables, read and written in the transaction that decides: o2c_order (the read model,
 * and the orders in flight the credit check counts), o2c_settings (the counterparty threshold, the legal
 * entity), and recon_open_item, where an invoiced order's receivable becomes an open item for the
 * reconciliation to match. The engine's connection is not confined to a tenant: every statement binds
 * the reading's tenant first.
 */
final class OrderTables implements OrderReferencePort.Source {
    /** The window over which days sales outstanding is computed. */
    static final int DSO_DAYS = 90;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public OrderReferencePort in(Reading reading) {
        return new Tables(reading);
    }

    private static final class Tables implements OrderReferencePort {
        private final Reading r;

        Tables(Reading r) {
            this.r = r;
        }

        private <T> T query(String sql, TenantSql.Work<T> work) {
            return TenantSql.inReading(r, sql, work);
        }

        @Override
        public OrderEvent.Local local(OrderFacts f) {
            CreditLock.lock(r.connection(), r.tenant(), f.customerRef());
            Money threshold = query("select threshold_amount, threshold_currency from o2c_settings where tenant_id = ? "
                    + "and threshold_amount is not null", s -> {
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Money.of(rs.getBigDecimal(1).setScale(Currency.getInstance(rs.getString(2))
                            .getDefaultFractionDigits(), RoundingMode.UNNECESSARY), Currency.getInstance(rs.getString(2))) : null;
                }
            });
            return new OrderEvent.Local(inFlight(f.customerRef(), f.amount().currency(), f.orderId()), threshold);
        }

        @Override
        public void releasing(OrderFacts f) {
            ArrayNode released = CreditLock.releasedHere(r.connection());
            released.addObject().put("tenant", r.tenant().value().toString()).put("customerRef", f.customerRef())
                    .put("currency", f.currency()).put("orderId", f.orderId()).put("amount", f.amount().amount()
                            .toPlainString());
            CreditLock.remember(r.connection(), released);
        }

        /**
         * Released orders of the customer not yet booked in the ERP (the ERP does not count them yet): those
         * the read model shows in Booking, and those this transaction released before writing the read model.
         */
        private Money inFlight(String customerRef, Currency currency, String except) {
            Map<String, BigDecimal> orders = query("select order_id, amount from o2c_order where tenant_id = ? "
                    + "and customer_ref = ? and currency = ? and state = 'Booking' and order_id <> ?", s -> {
                s.setString(2, customerRef);
                s.setString(3, currency.getCurrencyCode());
                s.setString(4, except);
                Map<String, BigDecimal> out = new HashMap<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getBigDecimal(2));
                    }
                }
                return out;
            });
            for (JsonNode o : CreditLock.releasedHere(r.connection())) {
                if (o.path("tenant").asText().equals(r.tenant().value().toString())
                        && o.path("customerRef").asText().equals(customerRef)
                        && o.path("currency").asText().equals(currency.getCurrencyCode())
                        && !o.path("orderId").asText().equals(except)) {
                    orders.putIfAbsent(o.path("orderId").asText(), new BigDecimal(o.path("amount").asText()));
                }
            }
            return Money.rounded(orders.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add), currency);
        }

        /**
         * The account's figures after the payment: what is still open on the customer's receivables from
         * Finrelay's orders (the reconciliation has already taken the payment off its item), the exposure
         * (open plus orders in flight), and days sales outstanding over the last {@value #DSO_DAYS} days:
         * open receivables / invoiced sales of the period x {@value #DSO_DAYS}.
         */
        @Override
        public OrderCommands.AccountFigures account(OrderFacts f, Money paidNow, LocalDate on) {
            Currency currency = f.amount().currency();
            BigDecimal open = query("select coalesce(sum(i.open_amount), 0) from recon_open_item i where i.tenant_id = ? "
                    + "and i.direction = 'RECEIVABLE' and i.currency = ? and i.workflow_key in (select o.order_id "
                    + "from o2c_order o where o.tenant_id = i.tenant_id and o.customer_ref = ?)", s -> {
                s.setString(2, currency.getCurrencyCode());
                s.setString(3, f.customerRef());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getBigDecimal(1);
                }
            });
            BigDecimal sales = query("select coalesce(sum(amount), 0) from o2c_order where tenant_id = ? and customer_ref = ? "
                    + "and currency = ? and invoice_date > ?", s -> {
                s.setString(2, f.customerRef());
                s.setString(3, currency.getCurrencyCode());
                s.setObject(4, Date.valueOf(on.minusDays(DSO_DAYS)));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getBigDecimal(1);
                }
            });
            int dso = sales.signum() == 0 ? 0 : open.multiply(BigDecimal.valueOf(DSO_DAYS))
                    .divide(sales, 0, RoundingMode.HALF_UP).intValue();
            Money openMoney = Money.rounded(open, currency);
            Money exposure = openMoney.plus(inFlight(f.customerRef(), currency, f.orderId()));
            return new OrderCommands.AccountFigures(f.accountId(), openMoney.amount(), exposure.amount(),
                    currency.getCurrencyCode(), dso, on);
        }

        @Override
        public void show(String orderId, OrderState state) {
            switch (state) {
                case OrderState.CheckingCredit c -> upsert(c.f(), state, null, null, null);
                case OrderState.CreditHeld h -> upsert(h.f(), state, h.credit(), null, null);
                case OrderState.Booking b -> upsert(b.f(), state, b.credit(), b.releasedBy(), null);
                case OrderState.AwaitingPayment w -> {
                    upsert(w.f(), state, w.credit(), w.releasedBy(), w.sale());
                    paid(w.f().orderId(), w.paid().amount(), BigDecimal.ZERO, null);
                    receivable(w);
                }
                case OrderState.Paid p -> {
                    upsert(p.f(), state, p.credit(), p.releasedBy(), p.sale());
                    paid(p.f().orderId(), p.paid().amount(), p.overpaid().amount(), p.paidOn());
                }
                case OrderState.Refused x -> {
                    upsert(x.f(), state, x.credit(), null, null);
                    decided(x.f().orderId(), x.by());
                }
                case OrderState.Cancelled x -> upsert(x.f(), state, null, null, null);
                case OrderState.Received x -> { }
            }
        }

        private void upsert(OrderFacts f, OrderState state, io.finrelay.workflows.order.CreditCheck.Assessment credit,
                            String releasedBy, OrderState.Sale sale) {
            query("insert into o2c_order (tenant_id, order_id, origin, order_number, account_id, customer_ref, "
                    + "customer_name, amount, currency, effective_date, submitted_by, state, credit, released_by, sale_ref, "
                    + "invoice_ref, invoice_number, invoice_date, due_date, created_at, updated_at) values (?, ?, ?, ?, ?, ?, "
                    + "?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, order_id) do update set "
                    + "state = excluded.state, credit = coalesce(excluded.credit, o2c_order.credit), "
                    + "released_by = coalesce(excluded.released_by, o2c_order.released_by), "
                    + "sale_ref = coalesce(excluded.sale_ref, o2c_order.sale_ref), "
                    + "invoice_ref = coalesce(excluded.invoice_ref, o2c_order.invoice_ref), "
                    + "invoice_number = coalesce(excluded.invoice_number, o2c_order.invoice_number), "
                    + "invoice_date = coalesce(excluded.invoice_date, o2c_order.invoice_date), "
                    + "due_date = coalesce(excluded.due_date, o2c_order.due_date), updated_at = excluded.updated_at", s -> {
                s.setString(2, f.orderId());
                s.setString(3, f.origin());
                s.setString(4, f.orderNumber());
                s.setString(5, f.accountId());
                s.setString(6, f.customerRef());
                s.setString(7, f.customerName());
                s.setBigDecimal(8, f.amount().amount());
                s.setString(9, f.currency());
                s.setObject(10, Date.valueOf(f.effectiveDate()));
                s.setString(11, f.submittedBy());
                s.setString(12, state.name());
                s.setString(13, credit == null ? null : creditJson(credit));
                s.setString(14, releasedBy);
                s.setString(15, sale == null ? null : sale.saleRef());
                s.setString(16, sale == null ? null : sale.invoiceRef());
                s.setString(17, sale == null ? null : sale.invoiceNumber());
                s.setObject(18, sale == null ? null : Date.valueOf(sale.invoiceDate()), Types.DATE);
                s.setObject(19, sale == null || sale.dueDate() == null ? null : Date.valueOf(sale.dueDate()), Types.DATE);
                s.setTimestamp(20, Timestamp.from(r.now()));
                s.setTimestamp(21, Timestamp.from(r.now()));
                return s.executeUpdate();
            });
        }

        private void paid(String orderId, BigDecimal paid, BigDecimal overpaid, LocalDate on) {
            query("with target as (select tenant_id, order_id from o2c_order where tenant_id = ? and order_id = ?) "
                    + "update o2c_order o set paid = ?, overpaid = ?, paid_on = ? from target t "
                    + "where o.tenant_id = t.tenant_id and o.order_id = t.order_id", s -> {
                s.setString(2, orderId);
                s.setBigDecimal(3, paid);
                s.setBigDecimal(4, overpaid);
                s.setObject(5, on == null ? null : Date.valueOf(on), Types.DATE);
                return s.executeUpdate();
            });
        }

        private void decided(String orderId, String by) {
            query("with target as (select tenant_id, order_id from o2c_order where tenant_id = ? and order_id = ?) "
                    + "update o2c_order o set decided_by = ? from target t where o.tenant_id = t.tenant_id "
                    + "and o.order_id = t.order_id", s -> {
                s.setString(2, orderId);
                s.setString(3, by);
                return s.executeUpdate();
            });
        }

        /**
         * The invoice as a RECEIVABLE open item, once: the reconciliation matches the customer's payment to it
         * and clears its ERP reference (the receivable line on Tryton, the invoice on a REST ERP).
         */
        private void receivable(OrderState.AwaitingPayment w) {
            OrderFacts f = w.f();
            ObjectNode content = JSON.createObjectNode().put("orderId", f.orderId()).put("orderNumber", f.orderNumber())
                    .put("customerRef", f.customerRef()).put("accountId", f.accountId())
                    .put("saleRef", w.sale().saleRef()).put("invoiceRef", w.sale().invoiceRef())
                    .put("receivableRef", w.sale().receivableRef());
            query("insert into recon_open_item (tenant_id, id, source, direction, legal_entity, counterparty_name, "
                    + "invoice_number, amount, open_amount, currency, due_date, status, erp_ref, workflow_key, content, "
                    + "created_by, created_at) values (?, ?, 'FINRELAY', 'RECEIVABLE', (select legal_entity from o2c_settings "
                    + "where tenant_id = ?), ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?::jsonb, 'order-to-cash', ?) "
                    + "on conflict (tenant_id, id) do nothing", s -> {
                s.setString(2, itemId(f.orderId()));
                s.setObject(3, r.tenant().value());
                s.setString(4, f.customerName());
                s.setString(5, w.sale().invoiceNumber());
                s.setBigDecimal(6, f.amount().amount());
                s.setBigDecimal(7, f.amount().amount());
                s.setString(8, f.currency());
                s.setObject(9, w.sale().dueDate() == null ? null : Date.valueOf(w.sale().dueDate()), Types.DATE);
                // what the ERP clears: Tryton's receivable move line, else (a REST ERP) the invoice
                s.setString(10, w.sale().receivableRef() != null ? w.sale().receivableRef() : w.sale().invoiceRef());
                s.setString(11, f.orderId());
                s.setString(12, content.toString());
                s.setTimestamp(13, Timestamp.from(r.now()));
                return s.executeUpdate();
            });
        }
    }

    /** The open item of an order's receivable. */
    static String itemId(String orderId) {
        return "O2C-" + orderId;
    }

    static String creditJson(io.finrelay.workflows.order.CreditCheck.Assessment a) {
        ObjectNode out = JSON.createObjectNode();
        out.put("within", a.within());
        out.put("order", a.order().amount().toPlainString());
        out.put("exposure", a.exposure().amount().toPlainString());
        out.put("currency", a.order().currencyCode());
        out.put("creditLimit", a.creditLimit() == null ? null : a.creditLimit().amount().toPlainString());
        out.put("threshold", a.threshold() == null ? null : a.threshold().amount().toPlainString());
        a.reasons().forEach(out.putArray("reasons")::add);
        out.put("summary", a.summary());
        return out.toString();
    }
}
