package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated treasury system: takes reimbursement obligations (payee, IBAN, amount, currency,
 * requested date), schedules each into the next day's payment run, and on release sends the payment
 * to the bank ({@code POST {bank}/api/v1/payments}, with the payment id as Idempotency-Key).
 *
 * <p>It keeps every request it receives, and never merges two business effects silently: a second
 * obligation for the same obligation id (one payment attempt of a report) under another
 * Idempotency-Key, or a second release of an obligation under another key, is refused with 409 and
 * recorded as a violation (a repeat under the same key is answered from the key store before it gets
 * here). Tests assert none. A report paid again after its payment failed comes with a new obligation
 * id; the bank judges whether the report was already paid.
 */
final class TreasuryPeer extends Peer {
    private static final Pattern RELEASE = Pattern.compile("/api/v1/obligations/([^/]+)/release");

    private final Map<String, ObjectNode> obligations = new ConcurrentHashMap<>();
    /** The key that created each obligation, and the key that released each. */
    private final Map<String, String> createdBy = new HashMap<>();
    private final Map<String, String> releasedBy = new HashMap<>();
    private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> violations = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    volatile String bankUrl;

    TreasuryPeer(int port, Clock clock) throws IOException {
        super("treasury", port, clock);
    }

    @Override
    Reply handle(Request r) {
        if (r.method().equals("POST") && r.path().equals("/api/v1/obligations")) {
            requests.add(received(r).put("path", r.path()));
            return create(r);
        }
        Matcher release = RELEASE.matcher(r.path());
        if (r.method().equals("POST") && release.matches()) {
            requests.add(received(r).put("path", r.path()));
            return release(release.group(1), r);
        }
        return Reply.of(404, error("no route " + r.method() + " " + r.path()));
    }

    private Reply create(Request r) {
        JsonNode body = r.body();
        for (String field : new String[] {"obligationId", "reportId", "payee", "amount", "currency", "requestedDate"}) {
            if (body == null || !body.hasNonNull(field)) {
                return Reply.of(400, error(field + " is required"));
            }
        }
        String id = body.get("obligationId").asText();
        synchronized (this) {
            String earlierKey = createdBy.get(id);
            if (earlierKey != null && !earlierKey.equals(r.idempotencyKey())) {
                return violation("obligation", id, "createdBy", earlierKey, r);
            }
            createdBy.put(id, String.valueOf(r.idempotencyKey()));
        }
        ObjectNode obligation = obligations.computeIfAbsent(id, k -> {
            ObjectNode o = body.deepCopy();
            LocalDate requested = LocalDate.parse(body.get("requestedDate").asText());
            o.put("paymentRun", "RUN-" + requested.plusDays(1));
            o.put("status", "SCHEDULED");
            return o;
        });
        return Reply.of(201, JSON.createObjectNode().put("obligationId", id)
                .put("paymentRun", obligation.get("paymentRun").asText()).put("status", obligation.get("status").asText()));
    }

    private Reply release(String id, Request r) {
        ObjectNode obligation = obligations.get(id);
        if (obligation == null) {
            return Reply.of(404, error("obligation " + id + " not found"));
        }
        synchronized (obligation) {
            String paymentId = "PAY-" + id;
            String earlierKey;
            synchronized (this) {
                earlierKey = releasedBy.get(id);
            }
            if (earlierKey != null && !earlierKey.equals(r.idempotencyKey())) {
                return violation("release", id, "releasedBy", earlierKey, r);
            }
            if (!obligation.get("status").asText().equals("RELEASED")) {
                ObjectNode payment = JSON.createObjectNode();
                payment.put("paymentId", paymentId);
                payment.put("obligationId", id);
                payment.put("endToEndId", obligation.get("reportId").asText());
                payment.set("payee", obligation.get("payee"));
                payment.set("amount", obligation.get("amount"));
                payment.set("currency", obligation.get("currency"));
                payment.set("remittance", obligation.get("remittance"));
                int status = sendToBank(paymentId, payment);
                if (status >= 300) {
                    return Reply.of(502, error("the bank did not take payment " + paymentId + " (HTTP " + status + ")"));
                }
                obligation.put("status", "RELEASED");
                obligation.set("releasedBy", r.body() == null ? null : r.body().get("releasedBy"));
                synchronized (this) {
                    releasedBy.put(id, String.valueOf(r.idempotencyKey()));
                }
            }
            return Reply.of(200, JSON.createObjectNode().put("obligationId", id).put("paymentId", paymentId)
                    .put("status", "RELEASED"));
        }
    }

    private Reply violation(String what, String id, String firstBy, String earlier, Request r) {
        violations.add(Peer.violationOf(what, id, firstBy, earlier, r));
        return Reply.of(409, error(what + " " + id + " is already done (" + firstBy + " " + earlier + ")"));
    }

    private int sendToBank(String paymentId, ObjectNode payment) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(bankUrl + "/api/v1/payments"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("Idempotency-Key", paymentId)
                    .POST(HttpRequest.BodyPublishers.ofString(payment.toString())).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 599;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 599;
        }
    }

    @Override
    JsonNode state() {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode all = state.putArray("obligations");
        obligations.values().forEach(all::add);
        ArrayNode received = state.putArray("requests");
        requests.forEach(received::add);
        ArrayNode v = state.putArray("violations");
        violations.forEach(v::add);
        return state;
    }

    @Override
    synchronized void clear() {
        obligations.clear();
        createdBy.clear();
        releasedBy.clear();
        requests.clear();
        violations.clear();
    }
}
