package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A simulated bank: takes payments from treasury and reports each one's status by signed webhook
 * with ISO 20022 status codes: {@code ACCP} (accepted), then {@code ACSC} (settled) or {@code RJCT}
 * with a reason code (e.g. {@code AC04} closed account) for IBANs put on the rejection list.
 *
 * <p>It keeps every payment request it receives and never merges two payments silently: a second
 * payment for the same payment id, or for the same end-to-end id (the report being reimbursed) under
 * another payment id while the earlier one was not rejected, is refused with 409 and recorded as a
 * violation (a repeat under the same Idempotency-Key is answered from the key store before it gets
 * here). Tests assert none.
 */
final class BankPeer extends Peer {
    private final Map<String, ObjectNode> payments = new ConcurrentHashMap<>();
    /** The payment id that paid each end-to-end id, and every request as received. */
    private final Map<String, String> paymentOfEndToEnd = new ConcurrentHashMap<>();
    private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> violations = new CopyOnWriteArrayList<>();
    private final Set<String> rejectIbans = new CopyOnWriteArraySet<>();
    private volatile String rejectReason = "AC04";
    final Webhooks webhooks;

    BankPeer(int port, Clock clock) throws IOException {
        super("bank", port, clock);
        this.webhooks = new Webhooks(clock, faults);
    }

    @Override
    Reply handle(Request r) {
        if (!(r.method().equals("POST") && r.path().equals("/api/v1/payments"))) {
            return Reply.of(404, error("no route " + r.method() + " " + r.path()));
        }
        JsonNode body = r.body();
        requests.add(received(r));
        if (body == null || body.path("paymentId").asText().isEmpty() || body.path("endToEndId").asText().isEmpty()) {
            return Reply.of(422, error("a payment names its paymentId and endToEndId"));
        }
        String paymentId = body.path("paymentId").asText();
        String endToEnd = body.path("endToEndId").asText();
        synchronized (this) {
            String earlier = paymentOfEndToEnd.get(endToEnd);
            boolean earlierStands = earlier != null && !"RJCT".equals(payments.get(earlier).path("status").asText());
            if (payments.containsKey(paymentId) || earlierStands) {
                ObjectNode violation = JSON.createObjectNode();
                violation.put("endToEndId", endToEnd);
                violation.put("paidBy", earlier == null ? paymentId : earlier);
                violation.put("againBy", paymentId);
                violation.put("idempotencyKey", r.idempotencyKey());
                violations.add(violation);
                return Reply.of(409, error("payment " + endToEnd + " is already paid by " + (earlier == null ? paymentId : earlier)));
            }
            ObjectNode payment = body.deepCopy();
            boolean reject = rejectIbans.contains(body.path("payee").path("iban").asText());
            payment.put("bankReference", "BNK-" + paymentId);
            payment.put("status", reject ? "RJCT" : "ACSC");
            if (reject) {
                payment.put("reasonCode", rejectReason);
            }
            payments.put(paymentId, payment);
            paymentOfEndToEnd.put(endToEnd, paymentId);
            webhooks.publish(reject ? List.of(status(payment, "ACCP", null), status(payment, "RJCT", rejectReason))
                    : List.of(status(payment, "ACCP", null), status(payment, "ACSC", null)));
        }
        return Reply.of(201, JSON.createObjectNode().put("paymentId", paymentId).put("bankReference", "BNK-" + paymentId));
    }

    private ObjectNode status(ObjectNode payment, String code, String reason) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", "payment.status");
        event.put("paymentId", payment.get("paymentId").asText());
        event.put("obligationId", payment.get("obligationId").asText());
        event.put("endToEndId", payment.get("endToEndId").asText());
        event.put("status", code);
        if (reason != null) {
            event.put("reasonCode", reason);
        }
        event.put("bankReference", payment.get("bankReference").asText());
        event.put("at", clock.instant().toString());
        return event;
    }

    @Override
    Reply adminExtra(Request r) {
        switch (r.method() + " " + r.path()) {
            case "POST /_sandbox/subscriptions" -> {
                webhooks.subscribe(r.body().get("url").asText(), r.body().get("secret").asText());
                return Reply.of(200, JSON.createObjectNode().put("ok", true));
            }
            case "POST /_sandbox/reject-ibans" -> {
                r.body().path("ibans").forEach(i -> rejectIbans.add(i.asText()));
                if (r.body().hasNonNull("reasonCode")) {
                    rejectReason = r.body().get("reasonCode").asText();
                }
                return Reply.of(200, JSON.createObjectNode().put("ok", true));
            }
            default -> {
                return super.adminExtra(r);
            }
        }
    }

    @Override
    JsonNode state() {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode all = state.putArray("payments");
        payments.values().forEach(all::add);
        ArrayNode received = state.putArray("requests");
        requests.forEach(received::add);
        ArrayNode v = state.putArray("violations");
        violations.forEach(v::add);
        state.set("webhooksSent", webhooks.sentJson());
        state.put("webhooksPending", webhooks.pending());
        return state;
    }

    @Override
    synchronized void clear() {
        payments.clear();
        paymentOfEndToEnd.clear();
        requests.clear();
        violations.clear();
        rejectIbans.clear();
        webhooks.clear();
    }
}
