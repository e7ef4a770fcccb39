package io.finrelay.workflows.order;

import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.model.Money;
import io.finrelay.workflows.governance.Refusal;
import io.finrelay.workflows.order.CreditCheck.Assessment;
import io.finrelay.workflows.order.OrderEvent.Arrived;
import io.finrelay.workflows.order.OrderEvent.BookingCancelled;
import io.finrelay.workflows.order.OrderEvent.CreditRead;
import io.finrelay.workflows.order.OrderEvent.CreditReviewed;
import io.finrelay.workflows.order.OrderEvent.CreditUnavailable;
import io.finrelay.workflows.order.OrderEvent.ExposureLowered;
import io.finrelay.workflows.order.OrderEvent.PaymentApplied;
import io.finrelay.workflows.order.OrderEvent.SaleBooked;
import io.finrelay.workflows.order.OrderState.AwaitingPayment;
import io.finrelay.workflows.order.OrderState.Booking;
import io.finrelay.workflows.order.OrderState.Cancelled;
import io.finrelay.workflows.order.OrderState.CheckingCredit;
import io.finrelay.workflows.order.OrderState.CreditHeld;
import io.finrelay.workflows.order.OrderState.Paid;
import io.finrelay.workflows.order.OrderState.Received;
import io.finrelay.workflows.order.OrderState.Refused;
import io.finrelay.workflows.order.OrderState.Sale;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Order to cash (issue 12): a customer order the CRM announced (Order activated, Opportunity closed-won)
 * is checked against the customer's credit: the ERP's credit amount (open receivables and confirmed
 * orders) plus Finrelay's released orders not yet in the ERP plus this order, against the ERP's credit
 * limit and the tenant's counterparty threshold ({@link CreditCheck}). Within both it is released at
 * once; over either it is held for a credit controller, who may release or refuse it (not the person
 * who submitted it), and it is checked again by itself when a payment of the same customer lowers the
 * exposure. Released, the ERP books the sales order and its invoice (one outbox command, so once);
 * the invoice becomes a RECEIVABLE open item of the reconciliation, whose match of a bank credit clears
 * it in the ERP and pays the order, in part, in full or beyond. The CRM hears of the booking (order
 * status) and of the payment (account figures) through outbox commands the order does not wait for: a
 * CRM that is down delays its update, never the order.
 *
 * <pre>
 *   Received --Arrived--> CheckingCredit --CreditRead--> Booking | CreditHeld
 *   CreditHeld --CreditReviewed(release)--> Booking     --CreditReviewed(refuse)--> Refused
 *   CreditHeld --ExposureLowered--> CheckingCredit       CheckingCredit --CreditUnavailable--> CreditHeld
 *   Booking --SaleBooked--> AwaitingPayment --PaymentApplied--> AwaitingPayment (part) | Paid
 *   Booking --BookingCancelled--> Cancelled
 * </pre>
 */
public final class OrderToCash implements WorkflowDefinition<OrderState, OrderEvent> {
    public static final String TYPE = "order-to-cash";
    /** Who released an order within credit. */
    public static final String CREDIT_CHECK = "credit-check";
    /** The duty rule: the person who submitted an order may not release it from its credit hold. */
    public static final String SELF_CREDIT_RELEASE = "sod.self-credit-release";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final OrderReferencePort.Source reference;

    /** For tests and diagrams: events arrive with their local figures already filled. */
    public OrderToCash() {
        this(null);
    }

    public OrderToCash(OrderReferencePort.Source reference) {
        this.reference = reference;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<OrderState> stateType() {
        return OrderState.class;
    }

    @Override
    public Class<OrderEvent> eventType() {
        return OrderEvent.class;
    }

    @Override
    public OrderState initialState() {
        return new Received();
    }

    @Override
    public OrderEvent enrich(OrderState state, OrderEvent event, Reading reading) {
        if (reference == null) {
            return event;
        }
        OrderReferencePort port = reference.in(reading);
        return switch (event) {
            case CreditRead r when state instanceof CheckingCredit c -> {
                CreditRead read = new CreditRead(r.erp(), port.local(c.f()));
                if (r.erp() != null && assessment(c.f(), read).within()) {
                    port.releasing(c.f()); // counted by the customer's next order decided in this transaction
                }
                yield read;
            }
            case PaymentApplied p when state instanceof AwaitingPayment w -> new PaymentApplied(p.matchId(), p.bankRef(),
                    p.amount(), p.on(), port.account(w.f(), p.amount(), p.on()));
            default -> event;
        };
    }

    @Override
    public void project(Transition<OrderState> transition, Reading reading) {
        if (reference != null && !(transition.to() instanceof Received)) {
            reference.in(reading).show(transition.businessKey(), transition.to());
        }
    }

    @Override
    public Decision<OrderState> decide(OrderState state, OrderEvent event) {
        return switch (state) {
            case Received r when event instanceof Arrived a -> Decision.<OrderState>moveTo(new CheckingCredit(a.f(), 1))
                    .send(OrderCommands.READ_CREDIT, query(a.f()));
            case CheckingCredit c when event instanceof CreditRead r -> credit(c, r);
            case CheckingCredit c when event instanceof CreditUnavailable u -> Decision.moveTo(new CreditHeld(c.f(),
                    unavailable(c.f(), u.actor()), c.checks()));
            case CreditHeld h when event instanceof CreditReviewed r -> reviewed(h, r);
            case CreditHeld h when event instanceof ExposureLowered l -> Decision.<OrderState>moveTo(
                    new CheckingCredit(h.f(), h.checks() + 1)).send(OrderCommands.READ_CREDIT, query(h.f()));
            case Booking b when event instanceof SaleBooked s -> booked(b, s);
            case Booking b when event instanceof BookingCancelled c -> Decision.moveTo(new Cancelled(b.f(), c.actor()));
            case AwaitingPayment w when event instanceof PaymentApplied p -> paid(w, p);
            default -> Decision.reject(event.name() + " does not apply to an order in state " + state.name());
        };
    }

    private static OrderCommands.CreditQuery query(OrderFacts f) {
        return new OrderCommands.CreditQuery(f.orderId(), f.customerRef(), f.currency());
    }

    private static Decision<OrderState> credit(CheckingCredit c, CreditRead r) {
        if (r.local() == null) {
            return Decision.reject("the order's credit figures were read without Finrelay's orders in flight");
        }
        Assessment a = assessment(c.f(), r);
        if (!a.within()) {
            return Decision.moveTo(new CreditHeld(c.f(), a, c.checks()));
        }
        return release(c.f(), a, CREDIT_CHECK);
    }

    private static Assessment assessment(OrderFacts f, CreditRead r) {
        return CreditCheck.assess(f.amount(), new CreditCheck.Figures(r.erp().creditAmount(), r.erp().openReceivables(),
                r.erp().creditLimit(), r.local().inFlight(), r.local().threshold()));
    }

    private static Decision<OrderState> release(OrderFacts f, Assessment a, String by) {
        return Decision.<OrderState>moveTo(new Booking(f, a, by)).send(OrderCommands.BOOK_SALE, new OrderCommands.BookSale(
                f.orderId(), f.orderNumber(), f.customerRef(), f.customerName(), f.amount().amount(), f.currency(),
                f.effectiveDate(), "order " + f.orderNumber() + " of " + f.customerName()));
    }

    private static Assessment unavailable(OrderFacts f, String actor) {
        String why = "the customer's credit could not be read from the ERP (the query was cancelled by " + actor + ")";
        return new Assessment(f.amount(), f.amount(), null, null, List.of(why), "credit hold: " + why
                + "; a credit controller decides");
    }

    private static Decision<OrderState> reviewed(CreditHeld h, CreditReviewed r) {
        String who = r.reviewer().name();
        if (who.isBlank()) {
            return Decision.reject("a credit review must name the reviewer");
        }
        if (who.equals(h.f().submittedBy())) {
            return Decision.reject(new Refusal(SELF_CREDIT_RELEASE, "segregation of duties: " + who + " submitted order "
                    + h.f().orderNumber() + " and may not decide on its credit hold").toString());
        }
        if (!r.release()) {
            String note = r.note() == null || r.note().isBlank() ? "credit refused" : r.note();
            return Decision.moveTo(new Refused(h.f(), h.credit(), who, note));
        }
        return release(h.f(), h.credit(), who);
    }

    private static Decision<OrderState> booked(Booking b, SaleBooked s) {
        if (s.invoiceRef() == null) {
            return Decision.reject("the ERP's answer to the booking names no invoice");
        }
        OrderFacts f = b.f();
        // an operator's resolution may name the invoice only: it is dated as the order, due when the ERP says
        Sale sale = new Sale(s.saleRef(), s.invoiceRef(), s.invoiceNumber() == null ? s.invoiceRef() : s.invoiceNumber(),
                s.invoiceDate() == null ? f.effectiveDate() : s.invoiceDate(), s.dueDate(), s.receivableRef());
        return Decision.<OrderState>moveTo(new AwaitingPayment(f, b.credit(), b.releasedBy(), sale,
                Money.zero(f.amount().currency()))).send(OrderCommands.UPDATE_ORDER, new OrderCommands.OrderStatus(
                OrderFacts.OPPORTUNITY.equals(f.origin()) ? "Opportunity" : "Order", f.orderId(), "Released", s.saleRef(),
                sale.invoiceNumber()));
    }

    private static Decision<OrderState> paid(AwaitingPayment w, PaymentApplied p) {
        if (!p.amount().currencyCode().equals(w.f().currency())) {
            return Decision.reject("a payment in " + p.amount().currencyCode() + " cannot be applied to order "
                    + w.f().orderNumber() + " in " + w.f().currency());
        }
        if (!p.amount().isPositive()) {
            return Decision.reject("a payment applied to order " + w.f().orderNumber() + " must be positive");
        }
        Money paid = w.paid().plus(p.amount());
        if (paid.compareTo(w.f().amount()) < 0) {
            return Decision.moveTo(new AwaitingPayment(w.f(), w.credit(), w.releasedBy(), w.sale(), paid));
        }
        Decision.Accepted<OrderState> done = Decision.moveTo(new Paid(w.f(), w.credit(), w.releasedBy(), w.sale(), paid,
                paid.minus(w.f().amount()), p.on(), p.bankRef()));
        return p.account() == null ? done : done.send(OrderCommands.UPDATE_ACCOUNT, p.account());
    }

    @Override
    public Optional<OrderEvent> onCommandOutcome(OrderState state, CommandOutcome outcome) {
        if (OrderCommands.READ_CREDIT.type().equals(outcome.type())) {
            return switch (outcome) {
                case CommandOutcome.Succeeded s -> credit(s.resultJson());
                case CommandOutcome.ResolvedByOperator r -> credit(r.resultJson()).or(() -> Optional.of(
                        new CreditUnavailable(r.actor())));
                case CommandOutcome.Cancelled c -> Optional.of(new CreditUnavailable(c.actor()));
            };
        }
        if (OrderCommands.BOOK_SALE.type().equals(outcome.type())) {
            return switch (outcome) {
                case CommandOutcome.Succeeded s -> sale(s.resultJson(), null);
                case CommandOutcome.ResolvedByOperator r -> sale(r.resultJson(), "manual:" + r.actor());
                case CommandOutcome.Cancelled c -> Optional.of(new BookingCancelled(c.actor()));
            };
        }
        return Optional.empty();
    }

    /** The ERP's answer {@code {"creditAmount","openReceivables","creditLimit"(null: none),"currency"}}. */
    private static Optional<OrderEvent> credit(String resultJson) {
        try {
            com.fasterxml.jackson.databind.JsonNode r = JSON.readTree(resultJson);
            if (r == null || !r.hasNonNull("creditAmount") || !r.hasNonNull("currency")) {
                return Optional.empty();
            }
            String currency = r.get("currency").asText();
            java.util.Currency unit = java.util.Currency.getInstance(currency);
            Money amount = Money.rounded(new BigDecimal(r.get("creditAmount").asText()), unit);
            Money open = r.hasNonNull("openReceivables") ? Money.rounded(new BigDecimal(r.get("openReceivables").asText()), unit)
                    : amount;
            Money limit = r.hasNonNull("creditLimit") ? Money.rounded(new BigDecimal(r.get("creditLimit").asText()), unit) : null;
            return Optional.of(new CreditRead(new OrderEvent.ErpCredit(amount, open, limit)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The ERP's answer {@code {"saleRef","invoiceRef","invoiceNumber","invoiceDate","dueDate"}}, and
     * {@code "receivableRef"} from an ERP that clears the invoice's receivable line (Tryton).
     */
    private static Optional<OrderEvent> sale(String resultJson, String fallbackRef) {
        try {
            com.fasterxml.jackson.databind.JsonNode r = JSON.readTree(resultJson);
            String invoice = r == null ? "" : r.path("invoiceRef").asText("");
            if (invoice.isEmpty() && fallbackRef == null) {
                return Optional.empty();
            }
            LocalDate date = r != null && r.hasNonNull("invoiceDate") ? LocalDate.parse(r.get("invoiceDate").asText()) : null;
            LocalDate due = r != null && r.hasNonNull("dueDate") ? LocalDate.parse(r.get("dueDate").asText()) : null;
            return Optional.of(new SaleBooked(r == null ? null : r.path("saleRef").asText(null),
                    invoice.isEmpty() ? fallbackRef : invoice, r == null ? null : r.path("invoiceNumber").asText(null), date, due,
                    r == null ? null : r.path("receivableRef").asText(null)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
