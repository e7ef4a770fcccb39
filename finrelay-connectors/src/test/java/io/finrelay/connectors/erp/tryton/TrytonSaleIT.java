package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.engine.workflow.CommandOutcome;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.model.Money;
import io.finrelay.workflows.order.OrderCommands;
import io.finrelay.workflows.order.OrderEvent;
import io.finrelay.workflows.order.OrderFacts;
import io.finrelay.workflows.order.OrderState;
import io.finrelay.workflows.order.OrderToCash;
import io.finrelay.workflows.port.ClearedPayable;
import io.finrelay.workflows.port.PayableClearing;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Order to cash's ERP commands on the real Tryton ({@code sale}, {@code sale_credit_limit}): a released
 * order becomes a confirmed sale whose posted customer invoice raises the party's credit amount, once
 * however often the command is sent or looked up after a lost answer; Finrelay's credit check holds the
 * next order over the party's limit on the figures Tryton gives, and the clearing of the receivable
 * after the customer paid lowers the credit amount so the held order passes. Everything is read back
 * from Tryton.
 */
class TrytonSaleIT {
    private TrytonPeer peer;
    private TrytonErp erp;
    private TrytonClient reader;
    private TrytonOrderCommands connector;
    private LocalDate today;

    @BeforeEach
    void connect() {
        peer = TrytonITSupport.peer();
        erp = new TrytonErp(peer.config().withClearingAccount("1000"));
        reader = new TrytonClient(peer.config());
        connector = new TrytonOrderCommands(t -> Optional.of(erp));
        today = peer.facts().today();
    }

    /** A customer of its own per test (Tryton's database outlives a run), with a credit limit and an address. */
    private long customer(String name, String creditLimit) {
        return reader.createOne("party.party", Map.of("name", name + " " + UUID.randomUUID().toString().substring(0, 8),
                "credit_limit_amount", new BigDecimal(creditLimit), "addresses", List.of(List.of("create",
                        List.of(Map.of("street", "Speicherstadt 4", "postal_code", "20457", "city", "Hamburg"))))));
    }

    private static CommandEnvelope command(UUID id, String type, String orderId, String payloadJson) {
        return new CommandEnvelope(TrytonPeer.TENANT, id, UUID.randomUUID(), OrderToCash.TYPE, orderId, OrderCommands.ERP,
                type, payloadJson, "corr-" + orderId, 1);
    }

    private CommandEnvelope bookSale(UUID id, String orderNumber, long customer, String amount) {
        return command(id, OrderCommands.BOOK_SALE.type(), "006Qy00000" + orderNumber, json(new OrderCommands.BookSale(
                "006Qy00000" + orderNumber, orderNumber, Long.toString(customer), "Nordwind Logistik GmbH",
                new BigDecimal(amount), "EUR", today, "order " + orderNumber + " of Nordwind Logistik GmbH")));
    }

    private CommandEnvelope readCredit(String customerRef) {
        return command(UUID.randomUUID(), OrderCommands.READ_CREDIT.type(), "006Qy0000-credit",
                json(new OrderCommands.CreditQuery("006Qy0000-credit", customerRef, "EUR")));
    }

    private JsonNode credit(long customer) {
        Delivery read = connector.deliver(readCredit(Long.toString(customer)));
        assertThat(read).as(read.toString()).isInstanceOf(Delivery.Done.class);
        return tree(((Delivery.Done) read).resultJson());
    }

    @Test
    void aReleasedOrderIsBookedAsOneSaleWithItsPostedInvoiceAlthoughTheAnswerWasLostAndItWasSentAgain() {
        long customer = customer("Nordwind Logistik", "20000");
        assertThat(credit(customer).path("creditAmount").asText()).isEqualTo("0.00");
        UUID commandId = UUID.randomUUID();
        CommandEnvelope book = bookSale(commandId, "SO-2026-0412", customer, "4760.00");

        // Tryton creates the sale, but its answer is lost on the way back: the outcome is unknown
        AtomicInteger lose = new AtomicInteger(1);
        erp.client().loseAnswersFor(m -> m.equals("model.sale.sale.create") && lose.getAndDecrement() > 0);
        Delivery lost = connector.deliver(book);
        assertThat(lost).as(lost.toString()).isInstanceOf(Delivery.Unknown.class);
        assertThat(sales(commandId)).as("the sale Tryton made before the answer was lost").hasSize(1);
        // the lookup does not call a draft sale booked: sending again is safe, it finishes that sale
        assertThat(connector.lookup(book)).isInstanceOf(Lookup.NotFound.class);

        Delivery booked = connector.deliver(book);
        assertThat(booked).as(booked.toString()).isInstanceOf(Delivery.Done.class);
        JsonNode answer = tree(((Delivery.Done) booked).resultJson());
        assertThat(sales(commandId)).hasSize(1);
        assertThat(connector.lookup(book)).isEqualTo(new Lookup.Found(((Delivery.Done) booked).resultJson()));
        assertThat(connector.deliver(book)).as("sent once more: the same sale and invoice").isEqualTo(booked);
        assertThat(sales(commandId)).hasSize(1);

        long saleId = answer.path("saleRef").asLong();
        JsonNode sale = reader.read("sale.sale", List.of(saleId), List.of("state", "party", "reference", "number",
                "total_amount", "invoices")).get(0);
        assertThat(sale.path("party").asLong()).isEqualTo(customer);
        assertThat(sale.path("reference").asText()).isEqualTo("SO-2026-0412");
        assertThat(sale.path("number").asText()).isEqualTo(answer.path("saleNumber").asText()).isNotEmpty();
        assertThat(sale.path("state").asText()).isEqualTo("processing");
        assertThat(TrytonCodec.toDecimal(sale.get("total_amount"))).isEqualByComparingTo("4760.00");
        assertThat(Rows.ids(sale.get("invoices"))).containsExactly(answer.path("invoiceRef").asLong());

        JsonNode invoice = reader.read("account.invoice", List.of(answer.path("invoiceRef").asLong()), List.of("type",
                "state", "party", "number", "total_amount", "invoice_date", "reference")).get(0);
        assertThat(invoice.path("type").asText()).isEqualTo("out");
        assertThat(invoice.path("state").asText()).isEqualTo("posted");
        assertThat(invoice.path("party").asLong()).isEqualTo(customer);
        assertThat(invoice.path("number").asText()).isEqualTo(answer.path("invoiceNumber").asText()).isNotEmpty();
        assertThat(invoice.path("reference").asText()).isEqualTo("SO-2026-0412");
        assertThat(TrytonCodec.toDecimal(invoice.get("total_amount"))).isEqualByComparingTo("4760.00");
        assertThat(TrytonCodec.toDate(invoice.get("invoice_date"))).isEqualTo(today);
        assertThat(answer.path("invoiceDate").asText()).isEqualTo(today.toString());
        assertThat(reader.search("account.invoice", List.of(List.of("party", "=", customer)), null, null))
                .as("one invoice for the customer").hasSize(1);

        // the receivable the customer owes: the open item the reconciliation clears
        JsonNode receivable = reader.read("account.move.line", List.of(answer.path("receivableRef").asLong()),
                List.of("account.code", "party", "debit", "credit", "reconciliation", "maturity_date")).get(0);
        assertThat(Rows.textThrough(receivable, "account", "code")).isEqualTo("1400");
        assertThat(receivable.path("party").asLong()).isEqualTo(customer);
        assertThat(TrytonCodec.toDecimal(receivable.get("debit"))).isEqualByComparingTo("4760.00");
        assertThat(Rows.ref(receivable, "reconciliation")).isEqualTo(-1);
        assertThat(answer.path("dueDate").asText()).isEqualTo(TrytonCodec.toDate(receivable.get("maturity_date")).toString());

        JsonNode after = credit(customer);
        assertThat(after.path("creditAmount").asText()).isEqualTo("4760.00");
        assertThat(after.path("openReceivables").asText()).isEqualTo("4760.00");
        assertThat(after.path("creditLimit").asText()).isEqualTo("20000.00");
        assertThat(after.path("currency").asText()).isEqualTo("EUR");

        // the workflow takes Tryton's answer as the booking, with the line to clear as the receivable's reference
        OrderToCash flow = new OrderToCash();
        assertThat(flow.onCommandOutcome(new OrderState.Received(), new CommandOutcome.Succeeded(commandId,
                OrderCommands.BOOK_SALE.type(), ((Delivery.Done) booked).resultJson()))).contains(new OrderEvent.SaleBooked(
                answer.path("saleRef").asText(), answer.path("invoiceRef").asText(), answer.path("invoiceNumber").asText(),
                today, LocalDate.parse(answer.path("dueDate").asText()), answer.path("receivableRef").asText()));
    }

    @Test
    void anOrderOverThePartysCreditLimitIsHeldAndPassesOnceThePaymentOfTheFirstIsClearedInTryton() {
        long customer = customer("Kieler Werft", "5000");
        Delivery first = connector.deliver(bookSale(UUID.randomUUID(), "SO-2026-0501", customer, "3570.00"));
        assertThat(first).as(first.toString()).isInstanceOf(Delivery.Done.class);
        JsonNode booked = tree(((Delivery.Done) first).resultJson());

        // the next order, 2,380.00: 3,570.00 owed + 2,380.00 = 5,950.00 > 5,000.00, held on Tryton's figures
        OrderFacts second = new OrderFacts("006Qy00000SO-2026-0502", OrderFacts.ORDER, "SO-2026-0502", "001Qy0000Kiel",
                Long.toString(customer), "Kieler Werft", Money.of("2380.00", "EUR"), today, "j.petersen");
        Decision.Accepted<OrderState> held = checked(second, credit(customer));
        assertThat(held.newState()).isInstanceOfSatisfying(OrderState.CreditHeld.class, h -> {
            assertThat(h.credit().exposure()).isEqualTo(Money.of("5950.00", "EUR"));
            assertThat(h.credit().reasons()).containsExactly("exceeds the ERP credit limit of 5000.00 EUR by 950.00 EUR");
        });
        assertThat(held.commands()).as("nothing is booked while the order is held").isEmpty();

        // the customer pays the first invoice; the reconciliation's match clears its receivable line in Tryton
        UUID clearing = UUID.randomUUID();
        ClearedPayable cleared = erp.clearOpenLine(new PayableClearing(clearing, booked.path("receivableRef").asText(),
                Money.of("3570.00", "EUR"), today, "NOTPROVIDED-KW-0501", "reconciliation match KW-0501"));
        assertThat(cleared.clearingRef()).isNotBlank();
        JsonNode line = reader.read("account.move.line", List.of(booked.path("receivableRef").asLong()),
                List.of("reconciliation")).get(0);
        assertThat(Rows.ref(line, "reconciliation")).as("the invoice's receivable is reconciled").isPositive();
        assertThat(reader.read("account.invoice", List.of(booked.path("invoiceRef").asLong()), List.of("state")).get(0)
                .path("state").asText()).isEqualTo("paid");
        JsonNode after = credit(customer);
        assertThat(after.path("creditAmount").asText()).isEqualTo("0.00");
        assertThat(after.path("openReceivables").asText()).isEqualTo("0.00");

        Decision.Accepted<OrderState> released = checked(second, after);
        assertThat(released.newState()).isInstanceOf(OrderState.Booking.class);
        assertThat(released.commands()).singleElement().satisfies(c -> assertThat(c.type())
                .isEqualTo(OrderCommands.BOOK_SALE.type()));
    }

    /** The order's credit check on Tryton's figures (no other Finrelay order in flight, no treasury threshold). */
    private static Decision.Accepted<OrderState> checked(OrderFacts order, JsonNode tryton) {
        OrderToCash flow = new OrderToCash();
        OrderEvent read = flow.onCommandOutcome(new OrderState.CheckingCredit(order, 1), new CommandOutcome.Succeeded(
                UUID.randomUUID(), OrderCommands.READ_CREDIT.type(), tryton.toString())).orElseThrow();
        OrderEvent.CreditRead erpFigures = (OrderEvent.CreditRead) read;
        Decision<OrderState> decided = flow.decide(new OrderState.CheckingCredit(order, 1), new OrderEvent.CreditRead(
                erpFigures.erp(), new OrderEvent.Local(Money.zero(order.amount().currency()), null)));
        assertThat(decided).as(decided.toString()).isInstanceOf(Decision.Accepted.class);
        return (Decision.Accepted<OrderState>) decided;
    }

    @Test
    void anOrderForACustomerTrytonDoesNotKnowIsRefusedForGoodNamingIt() {
        Delivery unknown = connector.deliver(bookSale(UUID.randomUUID(), "SO-2026-0601", 987_654_321L, "100.00"));
        assertThat(unknown).isInstanceOfSatisfying(Delivery.Permanent.class, p -> assertThat(p.reason())
                .isEqualTo("Tryton has no party 987654321: the order's customer reference must name a Tryton party "
                        + "(party.party id)"));
        Delivery notAnId = connector.deliver(command(UUID.randomUUID(), OrderCommands.BOOK_SALE.type(), "006Qy-x",
                json(new OrderCommands.BookSale("006Qy-x", "SO-2026-0602", "CUST-0042", "Nordwind Logistik GmbH",
                        new BigDecimal("100.00"), "EUR", today, "order SO-2026-0602"))));
        assertThat(notAnId).isInstanceOfSatisfying(Delivery.Permanent.class, p -> assertThat(p.reason())
                .isEqualTo("customer reference 'CUST-0042' is not a Tryton party id: the customer's ERP reference must "
                        + "be its party.party id"));
        assertThat(connector.deliver(readCredit("987654321"))).isInstanceOfSatisfying(Delivery.Permanent.class,
                p -> assertThat(p.reason()).isEqualTo("Tryton has no party 987654321: the order's customer reference "
                        + "must name a Tryton party (party.party id)"));
        long noAddress = reader.createOne("party.party", Map.of("name", "Ohne Anschrift KG " + UUID.randomUUID().toString()
                .substring(0, 8)));
        UUID refused = UUID.randomUUID();
        assertThat(connector.deliver(bookSale(refused, "SO-2026-0604", noAddress, "100.00")))
                .isInstanceOfSatisfying(Delivery.Permanent.class, p -> assertThat(p.reason()).isEqualTo("Tryton party "
                        + noAddress + " (Nordwind Logistik GmbH) has no address: a sale needs an invoice address; add one "
                        + "in Tryton and resolve the step"));
        assertThat(sales(refused)).as("nothing half-made").isEmpty();
        Delivery dollars = connector.deliver(command(UUID.randomUUID(), OrderCommands.BOOK_SALE.type(), "006Qy-y",
                json(new OrderCommands.BookSale("006Qy-y", "SO-2026-0603", Long.toString(peer.facts().customer()),
                        "Globex Corporation", new BigDecimal("100.00"), "USD", today, "order SO-2026-0603"))));
        assertThat(dollars).isInstanceOfSatisfying(Delivery.Permanent.class, p -> assertThat(p.reason())
                .isEqualTo("order SO-2026-0603 is in USD but the Tryton company books in EUR; foreign-currency sales "
                        + "are not supported yet"));
    }

    @Test
    void aTrytonThatIsDownIsTransientAndBooksNothing() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        TrytonErp down = new TrytonErp(peer.config().withUrl(URI.create("http://127.0.0.1:" + closed + "/")));
        TrytonOrderCommands unreachable = new TrytonOrderCommands(t -> Optional.of(down));
        long customer = customer("Elbe Reederei", "10000");
        UUID commandId = UUID.randomUUID();
        CommandEnvelope book = bookSale(commandId, "SO-2026-0701", customer, "1190.00");

        assertThat(unreachable.deliver(book)).isInstanceOfSatisfying(Delivery.Transient.class, t -> assertThat(t.reason())
                .contains("unreachable"));
        assertThat(unreachable.deliver(readCredit(Long.toString(customer)))).isInstanceOf(Delivery.Transient.class);
        assertThat(unreachable.lookup(book)).isInstanceOf(Lookup.Unreachable.class);
        assertThat(sales(commandId)).isEmpty();
    }

    private List<Long> sales(UUID commandId) {
        return reader.search("sale.sale", List.of(List.of("description", "like", "%" + TrytonIds.tag(commandId))), null,
                null);
    }

    private static String json(Object payload) {
        try {
            return io.finrelay.engine.json.Json.mapper().writeValueAsString(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return TrytonCodec.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
