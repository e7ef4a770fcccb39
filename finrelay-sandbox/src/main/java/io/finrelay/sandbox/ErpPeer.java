package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A generic REST ERP: journal entries (canonical JSON, amounts as strings, balanced per currency or
 * refused with 422), found again by their external reference (the client's Idempotency-Key), and
 * clearings of the employee payable once a reimbursement is paid, which carry its status, and supplier
 * invoices, posted once per vendor and number; and customers with a credit limit and open receivables,
 * sales orders booked with their invoice once per order (each adds a receivable), and receivables that a
 * reconciliation's clearing pays down. It also stands in for the e-mail or supplier portal that carries
 * remittance advices to suppliers: one per paid invoice and payment.
 */
final class ErpPeer extends Peer {
    private final List<ObjectNode> journals = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> clearings = new CopyOnWriteArrayList<>();
    /** Every clearing request of reconciled items, as received (also refused ones). */
    private final List<ObjectNode> itemClearingRequests = new CopyOnWriteArrayList<>();
    /** The clearing of each item so far: item id to the Idempotency-Key that cleared it. */
    private final Map<String, String> clearedItems = new HashMap<>();
    /** The clearing id each clearing's key got, and its items, so that a reversal can name them. */
    private final Map<String, List<String>> itemsOfClearing = new HashMap<>();
    /** Every reversal request, as received (also refused ones), and the key that reversed each clearing. */
    private final List<ObjectNode> reversalRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> reversedClearings = new HashMap<>();
    /** Every bank booking request (also refused ones), and the key that booked each bank line. */
    private final List<ObjectNode> bankBookingRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> bookedLines = new HashMap<>();
    /** Every supplier invoice posting request (also refused ones), and the key that posted each vendor's number. */
    private final List<ObjectNode> supplierInvoiceRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> postedInvoices = new HashMap<>();
    /** The supplier invoices booked, as posted: each debits its lines' accounts and credits {@link #PAYABLE}. */
    private final List<JsonNode> bookedInvoices = new CopyOnWriteArrayList<>();
    /** The control account this ERP books what it owes suppliers on (SKR03's trade payables). */
    static final String PAYABLE = "1600";
    /** Every remittance advice request (also refused ones), and the key that sent each invoice's advice of a payment. */
    private final List<ObjectNode> remittanceAdviceRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> sentAdvices = new HashMap<>();
    /** Purchase orders by number, with their lines' ordered and received quantities (seeded by tests and the demo). */
    private final Map<String, ObjectNode> purchaseOrders = new HashMap<>();
    /** Items a second clearing under another key tried to clear again: a double effect a client caused. */
    private final List<ObjectNode> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();
    /** Customers by reference: name, currency, credit limit (absent: none) and open receivables by reference. */
    private final Map<String, ObjectNode> customers = new HashMap<>();
    /** Every sales order request (also refused ones), and the key that booked each order. */
    private final List<ObjectNode> salesOrderRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> bookedOrders = new HashMap<>();

    ErpPeer(int port, Clock clock) throws IOException {
        super("erp", port, clock);
    }

    @Override
    synchronized Reply handle(Request r) {
        return switch (r.method() + " " + r.path()) {
            case "POST /api/v1/journal-entries" -> postJournal(r);
            case "GET /api/v1/journal-entries" -> {
                String ref = r.query() == null ? "" : r.query().replaceFirst("^externalReference=", "");
                ArrayNode items = JSON.createArrayNode();
                journals.stream().filter(j -> j.path("externalReference").asText().equals(ref)).forEach(items::add);
                ObjectNode page = JSON.createObjectNode();
                page.set("items", items);
                yield Reply.of(200, page);
            }
            case "POST /api/v1/payable-clearings" -> clear(r);
            case "POST /api/v1/clearings" -> clearItems(r);
            case "POST /api/v1/clearing-reversals" -> reverseClearing(r);
            case "POST /api/v1/bank-bookings" -> bookBankLine(r);
            case "POST /api/v1/supplier-invoices" -> postSupplierInvoice(r);
            case "POST /api/v1/remittance-advices" -> sendRemittanceAdvice(r);
            case "GET /api/v1/trial-balance" -> trialBalance(r);
            case "POST /api/v1/customers/credit-exposure" -> creditExposure(r);
            case "POST /api/v1/sales-orders" -> bookSale(r);
            case "POST /api/v1/purchase-orders/lookup" -> {
                ObjectNode po = purchaseOrders.get(r.body() == null ? "" : r.body().path("number").asText());
                ObjectNode answer = JSON.createObjectNode().put("found", po != null);
                if (po != null) {
                    answer.set("purchaseOrder", po);
                }
                yield Reply.of(200, answer);
            }

            default -> Reply.of(404, error("no route " + r.method() + " " + r.path()));
        };
    }

    /**
     * {@code POST /_sandbox/purchase-orders}: the ERP's purchase orders (a JSON array), for the match;
     * {@code POST /_sandbox/customers}: customers (a JSON array of {@code {"customerRef","name","currency",
     * "creditLimit" (absent: none),"receivables":[{"ref","amount"}]}}).
     */
    @Override
    synchronized Reply adminExtra(Request r) {
        if ((r.method() + " " + r.path()).equals("POST /_sandbox/customers") && r.body() != null && r.body().isArray()) {
            for (JsonNode c : r.body()) {
                ObjectNode customer = JSON.createObjectNode();
                customer.put("name", c.path("name").asText(c.path("customerRef").asText()));
                customer.put("currency", c.path("currency").asText("EUR"));
                if (c.hasNonNull("creditLimit")) {
                    customer.put("creditLimit", new BigDecimal(c.get("creditLimit").asText()));
                }
                ObjectNode open = customer.putObject("receivables");
                c.path("receivables").forEach(i -> open.put(i.path("ref").asText(), new BigDecimal(i.path("amount").asText())));
                customers.put(c.path("customerRef").asText(), customer);
            }
            return Reply.of(200, JSON.createObjectNode().put("customers", customers.size()));
        }
        if (!(r.method() + " " + r.path()).equals("POST /_sandbox/purchase-orders")) {
            return super.adminExtra(r);
        }
        if (r.body() == null || !r.body().isArray()) {
            return Reply.of(400, error("send a JSON array of purchase orders"));
        }
        r.body().forEach(po -> purchaseOrders.put(po.path("number").asText(), (ObjectNode) po));
        return Reply.of(200, JSON.createObjectNode().put("purchaseOrders", purchaseOrders.size()));
    }

    private Reply postJournal(Request r) {
        JsonNode body = r.body();
        if (r.idempotencyKey() == null) {
            return Reply.of(400, error("Idempotency-Key is required; it is kept as the entry's external reference"));
        }
        if (body == null || !body.path("lines").isArray() || body.path("lines").size() < 2) {
            return Reply.of(422, error("a journal entry needs at least two lines"));
        }
        Map<String, BigDecimal> net = new HashMap<>();
        for (JsonNode line : body.get("lines")) {
            BigDecimal amount = new BigDecimal(line.path("amount").path("amount").asText("0"));
            String currency = line.path("amount").path("currency").asText();
            net.merge(currency, line.path("side").asText().equals("DEBIT") ? amount : amount.negate(), BigDecimal::add);
        }
        for (Map.Entry<String, BigDecimal> e : net.entrySet()) {
            if (e.getValue().signum() != 0) {
                return Reply.of(422, error("journal entry is unbalanced in " + e.getKey() + " by " + e.getValue().toPlainString()));
            }
        }
        int n = numbers.incrementAndGet();
        ObjectNode posted = body.deepCopy();
        posted.put("erpRef", "move-" + n);
        posted.put("number", String.format("JE-%06d", n));
        posted.put("externalReference", r.idempotencyKey());
        posted.put("state", "posted");
        posted.put("postedAt", clock.instant().toString());
        journals.add(posted);
        return Reply.of(201, JSON.createObjectNode().put("erpRef", posted.get("erpRef").asText())
                .put("number", posted.get("number").asText()).put("externalReference", r.idempotencyKey()));
    }

    private Reply clear(Request r) {
        JsonNode body = r.body();
        String journalRef = body == null ? "" : body.path("journalRef").asText();
        ObjectNode journal = journals.stream().filter(j -> j.path("erpRef").asText().equals(journalRef)).findFirst()
                .orElse(null);
        if (journal == null) {
            return Reply.of(422, error("no posted journal entry " + journalRef + " holds this payable"));
        }
        ObjectNode clearing = body.deepCopy();
        clearing.put("clearingId", "CLR-" + (clearings.size() + 1));
        clearing.put("clearedAt", clock.instant().toString());
        clearings.add(clearing);
        journal.put("payableStatus", body.path("status").asText("PAID"));
        return Reply.of(201, JSON.createObjectNode().put("clearingId", clearing.get("clearingId").asText()));
    }

    /**
     * Clears open items against bank lines (reconciliation). Each request is recorded; one item is
     * cleared once: a second clearing of it under another Idempotency-Key is refused with 409 and
     * recorded as a violation (a repeat under the same key is answered from the key store before it
     * gets here).
     */
    private Reply clearItems(Request r) {
        JsonNode body = r.body();
        itemClearingRequests.add(received(r));
        if (r.idempotencyKey() == null) {
            return Reply.of(400, error("Idempotency-Key is required for a clearing"));
        }
        if (body == null || !body.path("items").isArray() || body.path("items").isEmpty()
                || !body.path("lines").isArray() || body.path("lines").isEmpty()) {
            return Reply.of(422, error("a clearing names at least one item and one bank line"));
        }
        for (JsonNode item : body.get("items")) {
            String earlier = clearedItems.get(item.path("id").asText());
            if (earlier != null && !earlier.equals(r.idempotencyKey())) {
                violation("item", item.path("id").asText(), "clearedBy", earlier, r);
                return Reply.of(409, error("item " + item.path("id").asText() + " is already cleared by " + earlier));
            }
        }
        String clearingId = "REC-" + (itemsOfClearing.size() + 1);
        List<String> ids = new java.util.ArrayList<>();
        // a part payment clears part of its item: the rest may be cleared by a later payment
        boolean partial = "PARTIAL".equals(body.path("differenceKind").asText());
        for (JsonNode item : body.get("items")) {
            if (!partial) {
                clearedItems.put(item.path("id").asText(), r.idempotencyKey());
            }
            ids.add(item.path("id").asText());
        }
        itemsOfClearing.put(clearingId, ids);
        payDown(body);
        return Reply.of(201, JSON.createObjectNode().put("clearingId", clearingId).put("matchId", body.path("matchId").asText()));
    }

    /**
     * Undoes a clearing after the bank returned the payment: its items are open again. Each request
     * is recorded; a clearing is reversed once: a second reversal of it under another key is refused
     * with 409 and recorded as a violation; an unknown clearing is refused with 422.
     */
    private Reply reverseClearing(Request r) {
        JsonNode body = r.body();
        reversalRequests.add(received(r));
        if (r.idempotencyKey() == null) {
            return Reply.of(400, error("Idempotency-Key is required for a reversal"));
        }
        String clearingId = body == null ? "" : body.path("clearingRef").asText();
        List<String> items = itemsOfClearing.get(clearingId);
        if (items == null) {
            return Reply.of(422, error("no clearing " + clearingId + " to reverse"));
        }
        String earlier = reversedClearings.get(clearingId);
        if (earlier != null) {
            violation("clearing", clearingId, "reversedBy", earlier, r);
            return Reply.of(409, error("clearing " + clearingId + " is already reversed by " + earlier));
        }
        reversedClearings.put(clearingId, r.idempotencyKey());
        items.forEach(clearedItems::remove);
        String reversalId = "REV-" + reversedClearings.size();
        return Reply.of(201, JSON.createObjectNode().put("reversalId", reversalId).put("clearingId", clearingId));
    }

    /**
     * Books a bank statement line that the client's rule names (a bank charge, interest) on the given
     * GL account against the bank account's ledger account. Each request is recorded; a line is booked
     * once: a second booking of it under another key is refused with 409 and recorded as a violation.
     */
    private Reply bookBankLine(Request r) {
        JsonNode body = r.body();
        bankBookingRequests.add(received(r));
        if (r.idempotencyKey() == null) {
            return Reply.of(400, error("Idempotency-Key is required for a booking"));
        }
        if (body == null || body.path("lineId").asText().isEmpty() || body.path("glAccount").asText().isEmpty()
                || body.path("amount").asText().isEmpty()) {
            return Reply.of(422, error("a bank booking names the line, the GL account and the amount"));
        }
        String line = body.path("lineId").asText();
        String earlier = bookedLines.get(line);
        if (earlier != null) {
            violation("bankLine", line, "bookedBy", earlier, r);
            return Reply.of(409, error("bank line " + line + " is already booked by " + earlier));
        }
        bookedLines.put(line, r.idempotencyKey());
        String journalRef = "BB-" + bookedLines.size();
        return Reply.of(201, JSON.createObjectNode().put("journalRef", journalRef).put("lineId", line));
    }

    /**
     * A supplier invoice, booked once per vendor and invoice number: a second posting of the same
     * number under another key is refused and recorded as a violation (the client posted twice).
     */
    private Reply postSupplierInvoice(Request r) {
        JsonNode body = r.body();
        supplierInvoiceRequests.add(received(r));
        if (r.idempotencyKey() == null) {
            return Reply.of(400, error("Idempotency-Key is required for a supplier invoice"));
        }
        if (body == null || body.path("vendorRef").asText().isEmpty() || body.path("number").asText().isEmpty()
                || !body.path("lines").isArray() || body.path("lines").isEmpty()) {
            return Reply.of(422, error("a supplier invoice names the vendor, its number and at least one line"));
        }
        String invoice = body.path("vendorRef").asText() + "/" + body.path("number").asText();
        String earlier = postedInvoices.get(invoice);
        if (earlier != null) {
            violation("supplierInvoice", invoice, "postedBy", earlier, r);
            return Reply.of(409, error("invoice " + invoice + " is already posted by " + earlier));
        }
        postedInvoices.put(invoice, r.idempotencyKey());
        bookedInvoices.add(body.deepCopy());
        int n = postedInvoices.size();
        return Reply.of(201, JSON.createObjectNode().put("erpRef", "SI-" + n)
                .put("number", String.format("SI-%04d", n)).put("invoice", invoice).put("payableAccount", PAYABLE));
    }

    /**
     * {@code GET /api/v1/trial-balance?legalEntityId=...}: the balance (debits less credits) of every account
     * and currency in the legal entity's books, from its journal entries and the supplier invoices booked
     * (their lines debited, the total credited to the payables account; a credit note the other way).
     */
    private Reply trialBalance(Request r) {
        String entity = r.query() == null ? "" : r.query().replaceFirst("^legalEntityId=", "");
        Map<String, BigDecimal> balances = new java.util.TreeMap<>();
        for (ObjectNode journal : journals) {
            if (journal.path("legalEntityId").asText().equals(entity)) {
                for (JsonNode line : journal.path("lines")) {
                    BigDecimal amount = new BigDecimal(line.path("amount").path("amount").asText("0"));
                    add(balances, line.path("account").asText(), line.path("amount").path("currency").asText(),
                            line.path("side").asText().equals("DEBIT") ? amount : amount.negate());
                }
            }
        }
        for (JsonNode invoice : bookedInvoices) {
            if (!invoice.path("legalEntityId").asText().equals(entity)) {
                continue;
            }
            BigDecimal sign = invoice.path("kind").asText().equals("CREDIT_NOTE") ? BigDecimal.ONE.negate() : BigDecimal.ONE;
            for (JsonNode line : invoice.path("lines")) {
                BigDecimal amount = new BigDecimal(line.path("quantity").asText("1"))
                        .multiply(new BigDecimal(line.path("unitPrice").path("amount").asText("0")));
                add(balances, line.path("account").asText(), line.path("unitPrice").path("currency").asText(),
                        amount.multiply(sign));
            }
            add(balances, PAYABLE, invoice.path("total").path("currency").asText(),
                    new BigDecimal(invoice.path("total").path("amount").asText("0")).multiply(sign).negate());
        }
        ArrayNode accounts = JSON.createArrayNode();
        balances.forEach((key, balance) -> accounts.addObject().put("account", key.substring(0, key.indexOf(' ')))
                .put("currency", key.substring(key.indexOf(' ') + 1)).put("balance", balance.stripTrailingZeros()
                        .setScale(Math.max(2, balance.stripTrailingZeros().scale()), java.math.RoundingMode.UNNECESSARY)
                        .toPlainString()));
        ObjectNode answer = JSON.createObjectNode().put("legalEntityId", entity);
        answer.set("accounts", accounts);
        return Reply.of(200, answer);
    }

    private static void add(Map<String, BigDecimal> balances, String account, String currency, BigDecimal amount) {
        balances.merge(account + " " + currency, amount, BigDecimal::add);
    }

    /**
     * A remittance advice to a supplier: one per vendor, invoice number and payment (end-to-end id). The same
     * advice again under another key is refused with 409 and recorded as a violation: the supplier would have
     * been told twice that one payment was made (a payment returned and made again is another payment).
     */
    private Reply sendRemittanceAdvice(Request r) {
        JsonNode body = r.body();
        remittanceAdviceRequests.add(received(r));
        if (r.idempotencyKey() == null) {
            return Reply.of(400, error("Idempotency-Key is required for a remittance advice"));
        }
        if (body == null || body.path("vendorRef").asText().isEmpty() || body.path("invoiceNumber").asText().isEmpty()
                || body.path("endToEndId").asText().isEmpty() || !body.path("paid").isObject()) {
            return Reply.of(422, error("a remittance advice names the vendor, the invoice number, the payment's "
                    + "end-to-end id and the amount paid"));
        }
        String advice = body.path("vendorRef").asText() + "/" + body.path("invoiceNumber").asText() + "/"
                + body.path("endToEndId").asText();
        String earlier = sentAdvices.get(advice);
        if (earlier != null) {
            violation("remittanceAdvice", advice, "sentBy", earlier, r);
            return Reply.of(409, error("the remittance advice " + advice + " was already sent by " + earlier));
        }
        sentAdvices.put(advice, r.idempotencyKey());
        return Reply.of(201, JSON.createObjectNode().put("adviceId", "RA-" + sentAdvices.size()).put("advice", advice));
    }

    /**
     * The customer's credit: the limit (absent: none) and the credit amount counted against it, here the
     * open receivables. An unknown customer is refused (422): no limit is not the same as no customer.
     */
    private Reply creditExposure(Request r) {
        String ref = r.body() == null ? "" : r.body().path("customerRef").asText();
        ObjectNode customer = customers.get(ref);
        if (customer == null) {
            return Reply.of(422, error("no customer " + ref));
        }
        BigDecimal open = BigDecimal.ZERO;
        for (JsonNode amount : customer.get("receivables")) {
            open = open.add(amount.decimalValue());
        }
        ObjectNode answer = JSON.createObjectNode().put("customerRef", ref).put("currency", customer.get("currency").asText())
                .put("creditAmount", open.toPlainString()).put("openReceivables", open.toPlainString());
        answer.put("creditLimit", customer.hasNonNull("creditLimit") ? customer.get("creditLimit").decimalValue().toPlainString() : null);
        return Reply.of(200, answer);
    }

    /**
     * A sales order with its customer invoice, booked once per order id: a second booking of the same order
     * under another key is refused and recorded as a violation. The invoice is a new open receivable of the
     * customer, due 30 days after the order's date.
     */
    private Reply bookSale(Request r) {
        JsonNode body = r.body();
        salesOrderRequests.add(received(r));
        if (r.idempotencyKey() == null) {
            return Reply.of(400, error("Idempotency-Key is required for a sales order"));
        }
        if (body == null || body.path("orderId").asText().isEmpty() || body.path("amount").asText().isEmpty()
                || body.path("effectiveDate").asText().isEmpty()) {
            return Reply.of(422, error("a sales order names the order, its amount and its date"));
        }
        ObjectNode customer = customers.get(body.path("customerRef").asText());
        if (customer == null) {
            return Reply.of(422, error("no customer " + body.path("customerRef").asText()));
        }
        String order = body.path("orderId").asText();
        String earlier = bookedOrders.get(order);
        if (earlier != null) {
            violation("salesOrder", order, "bookedBy", earlier, r);
            return Reply.of(409, error("order " + order + " is already booked by " + earlier));
        }
        bookedOrders.put(order, r.idempotencyKey());
        int n = bookedOrders.size();
        String invoice = "CI-" + n;
        ((ObjectNode) customer.get("receivables")).put(invoice, new BigDecimal(body.path("amount").asText()));
        java.time.LocalDate date = java.time.LocalDate.parse(body.path("effectiveDate").asText());
        return Reply.of(201, JSON.createObjectNode().put("saleRef", "SO-" + n).put("invoiceRef", invoice)
                .put("invoiceNumber", String.format("AR-%d-%05d", date.getYear(), n)).put("invoiceDate", date.toString())
                .put("dueDate", date.plusDays(30).toString()));
    }

    /** A clearing pays the receivables it names down: by the item's amount, or by what a part payment paid. */
    private void payDown(JsonNode body) {
        boolean partial = "PARTIAL".equals(body.path("differenceKind").asText());
        for (JsonNode item : body.path("items")) {
            // the ERP's own line reference; an item given to the hub by its ERP id is named by that id
            String ref = item.path("erpRef").asText("").isEmpty() ? item.path("id").asText() : item.path("erpRef").asText();
            for (ObjectNode customer : customers.values()) {
                ObjectNode open = (ObjectNode) customer.get("receivables");
                if (open.has(ref)) {
                    BigDecimal paid = new BigDecimal(item.path("amount").asText("0"));
                    if (partial && body.hasNonNull("differenceAmount")) {
                        paid = paid.add(new BigDecimal(body.get("differenceAmount").asText()));
                    }
                    BigDecimal left = open.get(ref).decimalValue().subtract(paid);
                    if (left.signum() <= 0) {
                        open.remove(ref);
                    } else {
                        open.put(ref, left);
                    }
                }
            }
        }
    }

    private void violation(String what, String id, String firstBy, String earlierKey, Request r) {
        violations.add(Peer.violationOf(what, id, firstBy, earlierKey, r));
    }

    @Override
    synchronized JsonNode state() {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode j = state.putArray("journals");
        journals.forEach(j::add);
        ArrayNode c = state.putArray("clearings");
        clearings.forEach(c::add);
        ArrayNode requests = state.putArray("clearingRequests");
        itemClearingRequests.forEach(requests::add);
        ObjectNode cleared = state.putObject("clearedItems");
        clearedItems.forEach(cleared::put);
        ObjectNode byId = state.putObject("clearingsById");
        itemsOfClearing.forEach((id, items) -> items.forEach(byId.withArray(id)::add));
        ArrayNode bookings = state.putArray("bankBookingRequests");
        bankBookingRequests.forEach(bookings::add);
        ArrayNode reversals = state.putArray("reversalRequests");
        reversalRequests.forEach(reversals::add);
        ObjectNode reversed = state.putObject("reversedClearings");
        reversedClearings.forEach(reversed::put);
        ArrayNode invoices = state.putArray("supplierInvoiceRequests");
        supplierInvoiceRequests.forEach(invoices::add);
        ObjectNode posted = state.putObject("postedInvoices");
        postedInvoices.forEach(posted::put);
        ArrayNode advices = state.putArray("remittanceAdviceRequests");
        remittanceAdviceRequests.forEach(advices::add);
        ArrayNode sales = state.putArray("salesOrderRequests");
        salesOrderRequests.forEach(sales::add);
        ObjectNode booked = state.putObject("bookedOrders");
        bookedOrders.forEach(booked::put);
        ObjectNode customerState = state.putObject("customers");
        customers.forEach(customerState::set);
        ArrayNode v = state.putArray("violations");
        violations.forEach(v::add);
        return state;
    }

    @Override
    synchronized void clear() {
        journals.clear();
        clearings.clear();
        itemClearingRequests.clear();
        clearedItems.clear();
        itemsOfClearing.clear();
        reversalRequests.clear();
        reversedClearings.clear();
        bankBookingRequests.clear();
        bookedLines.clear();
        supplierInvoiceRequests.clear();
        postedInvoices.clear();
        bookedInvoices.clear();
        purchaseOrders.clear();
        remittanceAdviceRequests.clear();
        sentAdvices.clear();
        customers.clear();
        salesOrderRequests.clear();
        bookedOrders.clear();
        violations.clear();
    }
}
