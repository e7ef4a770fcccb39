package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated expense platform modelled on SAP Concur's Expense Report v4 API and its event
 * notifications (see the module README for the wire format). Reports are put in through the admin
 * API as approved; each approval is announced by a signed {@code StatusChange} webhook, after which
 * the subscriber fetches the report by the notification's {@code href}. The subscriber reports the
 * reimbursement's status back with {@code POST .../payment-status}, and reminds a card holder of a
 * corporate card charge without an expense with {@code POST /cardcharges/v4/users/{userId}/reminders}
 * (kept in the state as {@code cardReminders}).
 */
final class ExpensePlatformPeer extends Peer {
    private static final Pattern REPORT = Pattern.compile("/expensereports/v4/users/([^/]+)/context/TRAVELER/reports/([^/]+)");
    private static final Pattern STATUS = Pattern.compile("/expensereports/v4/reports/([^/]+)/payment-status");
    private static final Pattern CARD_REMINDER = Pattern.compile("/cardcharges/v4/users/([^/]+)/reminders");

    private final Map<String, ObjectNode> reports = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> statuses = new ConcurrentHashMap<>();
    /** When each report last changed (approved, or its payment status reported back): what a poller filters on. */
    private final Map<String, java.time.Instant> modified = new ConcurrentHashMap<>();
    /** Reminders to card holders of card charges without an expense, in the order received. */
    private final List<JsonNode> cardReminders = java.util.Collections.synchronizedList(new ArrayList<>());
    final Webhooks webhooks;

    ExpensePlatformPeer(int port, Clock clock) throws IOException {
        super("expense-platform", port, clock);
        this.webhooks = new Webhooks(clock, faults);
    }

    @Override
    Reply handle(Request r) {
        if (r.method().equals("GET") && r.path().equals("/api/v3.0/expense/reports")) {
            return list(r.query());
        }
        Matcher report = REPORT.matcher(r.path());
        if (r.method().equals("GET") && report.matches()) {
            ObjectNode found = reports.get(report.group(2));
            return found != null && found.path("reportOwner").path("userId").asText().equals(report.group(1))
                    ? Reply.of(200, found) : Reply.of(404, error("report " + report.group(2) + " not found"));
        }
        Matcher reminder = CARD_REMINDER.matcher(r.path());
        if (r.method().equals("POST") && reminder.matches()) {
            if (r.body() == null || !r.body().hasNonNull("transactionId")) {
                return Reply.of(400, error("transactionId is required"));
            }
            ObjectNode kept = r.body().deepCopy();
            kept.put("userId", reminder.group(1));
            cardReminders.add(kept);
            return Reply.of(201, JSON.createObjectNode().put("reminderId", UUID.randomUUID().toString())
                    .put("userId", reminder.group(1)).put("transactionId", r.body().get("transactionId").asText()));
        }
        Matcher status = STATUS.matcher(r.path());
        if (r.method().equals("POST") && status.matches()) {
            ObjectNode found = reports.get(status.group(1));
            if (found == null) {
                return Reply.of(404, error("report " + status.group(1) + " not found"));
            }
            if (r.body() == null || !r.body().hasNonNull("status")) {
                return Reply.of(400, error("status is required"));
            }
            statuses.computeIfAbsent(status.group(1), k -> new ArrayList<>()).add(r.body());
            modified.put(status.group(1), clock.instant());
            found.set("paymentStatus", JSON.createObjectNode().put("code", paymentCode(r.body().get("status").asText()))
                    .put("name", r.body().get("status").asText()));
            return Reply.of(200, JSON.createObjectNode().put("reportId", status.group(1)).put("accepted", true));
        }
        return Reply.of(404, error("no route " + r.method() + " " + r.path()));
    }

    /**
     * Concur's Expense Report v3 list, as a poller reads it: {@code ?approvalStatusCode=A_APPR&modifiedDateAfter=
     * <instant>&limit=&offset=}, oldest change first, {@code {"Items":[{"ID","Name","OwnerLoginID",
     * "ApprovalStatusCode","LastModifiedDate","URI"}],"NextPage"}}. One liberty: {@code URI} names the v4
     * document (the one the notification's href names and Finrelay reads), where Concur's names the v3 one.
     */
    private Reply list(String rawQuery) {
        Map<String, String> q = new java.util.HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        java.time.Instant after;
        int limit;
        int offset;
        try {
            after = q.containsKey("modifiedDateAfter") ? java.time.Instant.parse(q.get("modifiedDateAfter")) : java.time.Instant.EPOCH;
            limit = Integer.parseInt(q.getOrDefault("limit", "25"));
            offset = Integer.parseInt(q.getOrDefault("offset", "0"));
        } catch (RuntimeException e) {
            return Reply.of(400, error("modifiedDateAfter is an ISO 8601 instant, limit and offset are numbers"));
        }
        if (limit < 1 || limit > 100 || offset < 0) {
            return Reply.of(400, error("limit is 1-100 and offset is not negative"));
        }
        String status = q.get("approvalStatusCode");
        List<Map.Entry<String, java.time.Instant>> changed = modified.entrySet().stream()
                .filter(e -> e.getValue().isAfter(after))
                .filter(e -> status == null || status.equals(reports.get(e.getKey()).path("approvalStatus").path("code").asText("A_APPR")))
                .sorted(Map.Entry.<String, java.time.Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        ObjectNode page = JSON.createObjectNode();
        ArrayNode items = page.putArray("Items");
        for (Map.Entry<String, java.time.Instant> e : changed.subList(Math.min(offset, changed.size()), Math.min(offset + limit, changed.size()))) {
            ObjectNode report = reports.get(e.getKey());
            String userId = report.path("reportOwner").path("userId").asText();
            items.addObject().put("ID", e.getKey()).put("Name", report.path("name").asText())
                    .put("OwnerLoginID", report.path("reportOwner").path("loginId").asText())
                    .put("ApprovalStatusCode", report.path("approvalStatus").path("code").asText("A_APPR"))
                    .put("LastModifiedDate", e.getValue().toString())
                    .put("URI", url() + "/expensereports/v4/users/" + userId + "/context/TRAVELER/reports/" + e.getKey());
        }
        if (offset + limit < changed.size()) {
            page.put("NextPage", url() + "/api/v3.0/expense/reports?" + (rawQuery == null ? "" : rawQuery.replaceAll("&?offset=\\d+", ""))
                    + "&offset=" + (offset + limit));
        } else {
            page.putNull("NextPage");
        }
        return Reply.of(200, page);
    }

    private static String paymentCode(String status) {
        return switch (status) {
            // Paid wholly by company card: nothing reimbursed, yet the report's payment is done.
            case "PAID", "PAID_BY_COMPANY" -> "P_PAID";
            case "REJECTED" -> "P_REJT";
            default -> "P_PROC";
        };
    }

    @Override
    Reply adminExtra(Request r) {
        switch (r.method() + " " + r.path()) {
            case "POST /_sandbox/subscriptions" -> {
                webhooks.subscribe(r.body().get("url").asText(), r.body().get("secret").asText());
                return Reply.of(200, JSON.createObjectNode().put("ok", true));
            }
            case "POST /_sandbox/unsubscribe" -> {
                webhooks.unsubscribe(r.body().get("url").asText());
                return Reply.of(200, JSON.createObjectNode().put("ok", true));
            }
            case "POST /_sandbox/reports" -> {
                List<ObjectNode> events = new ArrayList<>();
                JsonNode list = r.body().isArray() ? r.body() : JSON.createArrayNode().add(r.body());
                for (JsonNode report : list) {
                    ObjectNode copy = report.deepCopy();
                    reports.put(copy.get("reportId").asText(), copy);
                    modified.put(copy.get("reportId").asText(), clock.instant());
                    events.add(notification(copy));
                }
                webhooks.publish(events);
                return Reply.of(202, JSON.createObjectNode().put("notified", events.size()));
            }
            case "POST /_sandbox/renotify" -> {
                ObjectNode report = reports.get(r.body().get("reportId").asText());
                if (report == null) {
                    return Reply.of(404, error("no such report"));
                }
                webhooks.publish(List.of(notification(report)));
                return Reply.of(202, JSON.createObjectNode().put("notified", 1));
            }
            default -> {
                return super.adminExtra(r);
            }
        }
    }

    /** A Concur-style event notification for an approved report. */
    private ObjectNode notification(ObjectNode report) {
        String userId = report.path("reportOwner").path("userId").asText();
        String reportId = report.get("reportId").asText();
        ObjectNode event = JSON.createObjectNode();
        event.put("id", UUID.randomUUID().toString());
        event.put("correlationId", UUID.randomUUID().toString());
        event.put("eventType", "StatusChange");
        event.put("topic", "public.concur.expense.report.workflow");
        event.put("timestamp", clock.instant().toString());
        ObjectNode data = event.putObject("data");
        data.put("reportId", reportId);
        data.put("userId", userId);
        data.put("action", "APPROVE");
        data.put("status", "A_APPR");
        data.put("href", url() + "/expensereports/v4/users/" + userId + "/context/TRAVELER/reports/" + reportId);
        return event;
    }

    @Override
    JsonNode state() {
        ObjectNode state = JSON.createObjectNode();
        ArrayNode all = state.putArray("reports");
        reports.values().forEach(all::add);
        ObjectNode byReport = state.putObject("paymentStatuses");
        statuses.forEach((id, list) -> {
            ArrayNode a = byReport.putArray(id);
            list.forEach(a::add);
        });
        ArrayNode reminders = state.putArray("cardReminders");
        synchronized (cardReminders) {
            cardReminders.forEach(reminders::add);
        }
        state.set("webhooksSent", webhooks.sentJson());
        state.put("webhooksPending", webhooks.pending());
        return state;
    }

    @Override
    void clear() {
        reports.clear();
        statuses.clear();
        modified.clear();
        cardReminders.clear();
        webhooks.clear();
    }
}
