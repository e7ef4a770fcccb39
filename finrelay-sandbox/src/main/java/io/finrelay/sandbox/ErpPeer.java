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
 * clearings of the employee payable once a reimbursement is paid, which carry its status.
 */
final class ErpPeer extends Peer {
    private final List<ObjectNode> journals = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> clearings = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbers = new AtomicInteger();

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
            default -> Reply.of(404, error("no route " + r.method() + " " + r.path()));
        };
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

    @Override
    JsonNode state() {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode j = state.putArray("journals");
        journals.forEach(j::add);
        ArrayNode c = state.putArray("clearings");
        clearings.forEach(c::add);
        return state;
    }

    @Override
    synchronized void clear() {
        journals.clear();
        clearings.clear();
    }
}
