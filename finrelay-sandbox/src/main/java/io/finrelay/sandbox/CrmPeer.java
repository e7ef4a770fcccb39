package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated CRM modelled on Salesforce's REST API (v60.0) and its Change Data Capture events:
 * Accounts, Opportunities (stage and probability) and Orders (activated), read by id, listed as
 * "updated between" for a poller, changed by {@code PATCH}; every change announced as a
 * {@code <Entity>ChangeEvent} payload in a signed webhook (Standard Webhooks; Salesforce itself
 * streams these over its Pub/Sub API, which a hub would reach through a relay).
 *
 * <p>Payments a hub reports back are records of a custom object, {@code Finrelay_Payment__c}: created
 * by {@code POST} or upserted by their external id ({@code PATCH .../Finrelay_Payment__c/Finrelay_Key__c/{key}},
 * Salesforce's own way to make a create idempotent). The peer keeps every request and never merges two
 * business effects: a second payment record for the same bank line and receivable ({@code Bank_Reference__c}
 * and {@code Invoice_Number__c}) under another key is stored as well and recorded as a violation, which
 * tests assert never happens.
 */
final class CrmPeer extends Peer {
    static final String API = "/services/data/v60.0";
    private static final Pattern RECORD = Pattern.compile(API + "/sobjects/(Account|Opportunity|Order)/([A-Za-z0-9]{15,18})");
    private static final Pattern UPDATED = Pattern.compile(API + "/sobjects/(Account|Opportunity|Order)/updated/?");
    private static final Pattern PAYMENTS = Pattern.compile(API + "/sobjects/Finrelay_Payment__c/?");
    private static final Pattern PAYMENT_UPSERT = Pattern.compile(API + "/sobjects/Finrelay_Payment__c/Finrelay_Key__c/([^/]{1,80})");
    private static final Map<String, String> PREFIX = Map.of("Account", "001", "Opportunity", "006", "Order", "801",
            "Finrelay_Payment__c", "a0F");
    /** Fields a client may change, per object; everything else is the CRM's own (ids, stage history, order status). */
    private static final Map<String, Set<String>> WRITABLE = Map.of(
            "Account", Set.of("Finrelay_Open_Receivables__c", "Finrelay_Exposure__c", "Finrelay_Days_Sales_Outstanding__c",
                    "Finrelay_Last_Payment_Date__c", "Finrelay_Credit_Status__c"),
            "Opportunity", Set.of("Finrelay_Credit_Status__c"),
            "Order", Set.of("Finrelay_Credit_Status__c", "Finrelay_Erp_Sale__c", "Finrelay_Erp_Invoice__c"));
    private static final Set<String> PAYMENT_FIELDS = Set.of("Account__c", "Order__c", "Invoice_Number__c", "Bank_Reference__c",
            "Amount__c", "CurrencyIsoCode", "Received_On__c");

    /** Records by object type, then id, in the order created. */
    private final Map<String, Map<String, ObjectNode>> records = new LinkedHashMap<>();
    private final Map<String, String> paymentKeys = new LinkedHashMap<>();
    private final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> violations = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong replayId = new AtomicLong();
    final Webhooks webhooks;

    CrmPeer(int port, Clock clock) throws IOException {
        super("crm", port, clock);
        this.webhooks = new Webhooks(clock, faults);
        for (String type : List.of("Account", "Opportunity", "Order", "Finrelay_Payment__c")) {
            records.put(type, new LinkedHashMap<>());
        }
    }

    @Override
    Reply handle(Request r) {
        Matcher record = RECORD.matcher(r.path());
        if (record.matches()) {
            return switch (r.method()) {
                case "GET" -> read(record.group(1), record.group(2));
                case "PATCH" -> update(record.group(1), record.group(2), r);
                default -> Reply.of(405, sfError("METHOD_NOT_ALLOWED", r.method() + " is not allowed on a record"));
            };
        }
        Matcher updated = UPDATED.matcher(r.path());
        if (updated.matches() && r.method().equals("GET")) {
            return updated(updated.group(1), r.query());
        }
        if (PAYMENTS.matcher(r.path()).matches() && r.method().equals("POST")) {
            requests.add(received(r).put("path", r.path()));
            return createPayment(r, null);
        }
        Matcher upsert = PAYMENT_UPSERT.matcher(r.path());
        if (upsert.matches() && r.method().equals("PATCH")) {
            requests.add(received(r).put("path", r.path()));
            return createPayment(r, upsert.group(1));
        }
        return Reply.of(404, sfError("NOT_FOUND", "The requested resource does not exist"));
    }

    private synchronized Reply read(String type, String id) {
        ObjectNode found = records.get(type).get(id);
        return found == null ? Reply.of(404, sfError("NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + id))
                : Reply.of(200, found.deepCopy());
    }

    /** A client's change of its own fields: 204 as Salesforce answers, 400 naming a field it may not set. */
    private Reply update(String type, String id, Request r) {
        requests.add(received(r).put("path", r.path()));
        if (r.body() == null || !r.body().isObject() || r.body().isEmpty()) {
            return Reply.of(400, sfError("JSON_PARSER_ERROR", "the body must be a JSON object of fields"));
        }
        ObjectNode changed;
        synchronized (this) {
            ObjectNode found = records.get(type).get(id);
            if (found == null) {
                return Reply.of(404, sfError("NOT_FOUND", "no " + type + " " + id));
            }
            for (Iterator<String> names = r.body().fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!WRITABLE.get(type).contains(field)) {
                    return Reply.of(400, sfError("INVALID_FIELD_FOR_INSERT_UPDATE",
                            "Unable to create/update fields: " + field + ". Please check the security settings of this field."));
                }
            }
            List<String> fields = new ArrayList<>();
            r.body().fieldNames().forEachRemaining(fields::add);
            r.body().properties().forEach(f -> found.set(f.getKey(), f.getValue()));
            found.put("LastModifiedDate", now());
            changed = changeEvent(type, id, "UPDATE", fields, r.body());
        }
        webhooks.publish(List.of(changed));
        return Reply.of(204, null);
    }

    /** Salesforce's "get updated": ids changed in [start, end], for a poller that keeps its own cursor. */
    private synchronized Reply updated(String type, String query) {
        Map<String, String> q = query(query);
        Instant start;
        Instant end;
        try {
            start = Instant.parse(q.getOrDefault("start", ""));
            end = Instant.parse(q.getOrDefault("end", ""));
        } catch (DateTimeParseException e) {
            return Reply.of(400, sfError("MALFORMED_QUERY", "start and end are ISO 8601 instants"));
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode ids = out.putArray("ids");
        Instant latest = start;
        for (ObjectNode rec : records.get(type).values()) {
            Instant modified = Instant.parse(rec.get("LastModifiedDate").asText());
            if (!modified.isBefore(start) && !modified.isAfter(end)) {
                ids.add(rec.get("Id").asText());
                latest = modified.isAfter(latest) ? modified : latest;
            }
        }
        out.put("latestDateCovered", latest.toString());
        return Reply.of(200, out);
    }

    /**
     * A payment the hub applied, as a {@code Finrelay_Payment__c} record: 201 {@code {"id","success","errors"}}
     * on create; an upsert of a key it has seen updates that record (200). The same bank line and invoice
     * again under another key is a second record and a violation.
     */
    private Reply createPayment(Request r, String externalKey) {
        JsonNode body = r.body();
        if (body == null || !body.isObject()) {
            return Reply.of(400, sfError("JSON_PARSER_ERROR", "the body must be a JSON object of fields"));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!PAYMENT_FIELDS.contains(field)) {
                return Reply.of(400, sfError("INVALID_FIELD", "No such column '" + field + "' on sobject of type Finrelay_Payment__c"));
            }
        }
        for (String required : List.of("Account__c", "Invoice_Number__c", "Bank_Reference__c", "Amount__c", "CurrencyIsoCode")) {
            if (!body.hasNonNull(required)) {
                return Reply.of(400, sfError("REQUIRED_FIELD_MISSING", "Required fields are missing: [" + required + "]"));
            }
        }
        ObjectNode created;
        synchronized (this) {
            if (!records.get("Account").containsKey(body.get("Account__c").asText())) {
                return Reply.of(400, sfError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id " + body.get("Account__c").asText()));
            }
            Map<String, ObjectNode> payments = records.get("Finrelay_Payment__c");
            if (externalKey != null && paymentKeys.containsKey(externalKey)) {
                ObjectNode existing = payments.get(paymentKeys.get(externalKey));
                body.properties().forEach(f -> existing.set(f.getKey(), f.getValue()));
                existing.put("LastModifiedDate", now());
                return Reply.of(200, JSON.createObjectNode().put("id", existing.get("Id").asText()).put("success", true)
                        .put("created", false).set("errors", JSON.createArrayNode()));
            }
            String by = externalKey != null ? "key " + externalKey : "request " + r.idempotencyKey();
            for (ObjectNode earlier : payments.values()) {
                if (earlier.get("Bank_Reference__c").asText().equals(body.get("Bank_Reference__c").asText())
                        && earlier.get("Invoice_Number__c").asText().equals(body.get("Invoice_Number__c").asText())) {
                    ObjectNode violation = JSON.createObjectNode();
                    violation.put("payment", body.get("Bank_Reference__c").asText() + " for " + body.get("Invoice_Number__c").asText());
                    violation.put("firstBy", earlier.get("_createdBy").asText());
                    violation.put("againBy", by);
                    violations.add(violation);
                }
            }
            created = newRecord("Finrelay_Payment__c", body);
            created.put("_createdBy", by);
            if (externalKey != null) {
                created.put("Finrelay_Key__c", externalKey);
                paymentKeys.put(externalKey, created.get("Id").asText());
            }
        }
        return Reply.of(201, JSON.createObjectNode().put("id", created.get("Id").asText()).put("success", true)
                .put("created", true).set("errors", JSON.createArrayNode()));
    }

    @Override
    Reply adminExtra(Request r) {
        JsonNode body = r.body();
        switch (r.method() + " " + r.path()) {
            case "POST /_sandbox/subscriptions" -> {
                webhooks.subscribe(body.get("url").asText(), body.get("secret").asText());
                return Reply.of(200, JSON.createObjectNode().put("ok", true));
            }
            case "POST /_sandbox/accounts" -> {
                return create("Account", body, List.of("Name"));
            }
            case "POST /_sandbox/opportunities" -> {
                return create("Opportunity", body, List.of("AccountId", "Name", "StageName", "Probability", "Amount", "CloseDate"));
            }
            case "POST /_sandbox/orders" -> {
                return create("Order", body, List.of("AccountId", "EffectiveDate", "TotalAmount"));
            }
            case "POST /_sandbox/stage" -> {
                // a sales rep moves an opportunity: {"id","StageName","Probability"}; Closed Won closes it
                return change("Opportunity", body, List.of("StageName", "Probability"));
            }
            case "POST /_sandbox/activate" -> {
                ObjectNode status = JSON.createObjectNode().put("id", body.path("id").asText()).put("Status", "Activated");
                return change("Order", status, List.of("Status"));
            }
            default -> {
                return super.adminExtra(r);
            }
        }
    }

    private Reply create(String type, JsonNode body, List<String> required) {
        if (body == null || !body.isObject()) {
            return Reply.of(400, error("a JSON object is required"));
        }
        for (String field : required) {
            if (!body.hasNonNull(field)) {
                return Reply.of(400, error(field + " is required"));
            }
        }
        ObjectNode created;
        ObjectNode event;
        synchronized (this) {
            if (body.has("AccountId") && !records.get("Account").containsKey(body.get("AccountId").asText())) {
                return Reply.of(400, error("no account " + body.get("AccountId").asText()));
            }
            created = newRecord(type, body);
            if (type.equals("Order")) {
                created.put("OrderNumber", String.format("%08d", records.get("Order").size()));
                created.put("Status", "Draft");
            }
            if (type.equals("Opportunity")) {
                closedFlags(created);
            }
            List<String> fields = new ArrayList<>();
            created.fieldNames().forEachRemaining(fields::add);
            event = changeEvent(type, created.get("Id").asText(), "CREATE", fields, created);
        }
        webhooks.publish(List.of(event));
        return Reply.of(201, created.deepCopy());
    }

    private Reply change(String type, JsonNode body, List<String> fields) {
        ObjectNode event;
        ObjectNode found;
        synchronized (this) {
            found = records.get(type).get(body.path("id").asText());
            if (found == null) {
                return Reply.of(404, error("no " + type + " " + body.path("id").asText()));
            }
            ObjectNode changed = JSON.createObjectNode();
            for (String field : fields) {
                if (!body.hasNonNull(field)) {
                    return Reply.of(400, error(field + " is required"));
                }
                found.set(field, body.get(field));
                changed.set(field, body.get(field));
            }
            if (type.equals("Opportunity")) {
                closedFlags(found);
                changed.set("IsClosed", found.get("IsClosed"));
                changed.set("IsWon", found.get("IsWon"));
            }
            found.put("LastModifiedDate", now());
            List<String> names = new ArrayList<>();
            changed.fieldNames().forEachRemaining(names::add);
            event = changeEvent(type, found.get("Id").asText(), "UPDATE", names, changed);
        }
        webhooks.publish(List.of(event));
        return Reply.of(200, found.deepCopy());
    }

    private static void closedFlags(ObjectNode opportunity) {
        String stage = opportunity.get("StageName").asText();
        opportunity.put("IsClosed", stage.startsWith("Closed"));
        opportunity.put("IsWon", stage.equals("Closed Won"));
    }

    private ObjectNode newRecord(String type, JsonNode fields) {
        String id = PREFIX.get(type) + "5g00000" + String.format("%08d", sequence.incrementAndGet());
        ObjectNode rec = JSON.createObjectNode();
        rec.putObject("attributes").put("type", type).put("url", API + "/sobjects/" + type + "/" + id);
        rec.put("Id", id);
        fields.properties().forEach(f -> rec.set(f.getKey(), f.getValue()));
        rec.put("CreatedDate", now());
        rec.put("LastModifiedDate", now());
        records.get(type).put(id, rec);
        return rec;
    }

    /** A Change Data Capture event as Salesforce shapes it: the header, then the changed fields. */
    private ObjectNode changeEvent(String type, String id, String changeType, List<String> fields, JsonNode values) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode payload = event.putObject("payload");
        ObjectNode header = payload.putObject("ChangeEventHeader");
        header.put("entityName", type);
        header.putArray("recordIds").add(id);
        header.put("changeType", changeType);
        header.put("changeOrigin", "com/salesforce/api/rest/60.0");
        header.put("transactionKey", "tx-" + replayId.get());
        header.put("sequenceNumber", 1);
        header.put("commitTimestamp", clock.millis());
        header.put("commitUser", "005Sandbox0000001");
        ArrayNode changed = header.putArray("changedFields");
        fields.stream().filter(f -> !f.equals("attributes") && !f.equals("Id")).forEach(changed::add);
        values.properties().forEach(f -> {
            if (!f.getKey().equals("attributes") && !f.getKey().equals("Id")) {
                payload.set(f.getKey(), f.getValue());
            }
        });
        event.putObject("event").put("replayId", replayId.incrementAndGet());
        event.put("channel", "/data/" + type + "ChangeEvent");
        return event;
    }

    private String now() {
        return clock.instant().toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Salesforce answers errors as an array of {@code {"errorCode","message"}}. */
    private static JsonNode sfError(String code, String message) {
        ArrayNode errors = JSON.createArrayNode();
        errors.addObject().put("errorCode", code).put("message", message);
        return errors;
    }

    @Override
    synchronized JsonNode state() {
        ObjectNode state = JSON.createObjectNode();
        records.forEach((type, byId) -> {
            ArrayNode all = state.putArray(type);
            byId.values().forEach(all::add);
        });
        ArrayNode req = state.putArray("requests");
        requests.forEach(req::add);
        ArrayNode v = state.putArray("violations");
        violations.forEach(v::add);
        state.set("webhooksSent", webhooks.sentJson());
        state.put("webhooksPending", webhooks.pending());
        return state;
    }

    @Override
    synchronized void clear() {
        records.values().forEach(Map::clear);
        paymentKeys.clear();
        requests.clear();
        violations.clear();
        webhooks.clear();
        // a reset CRM forgets who subscribed as well: the next test's tenant must not share the last one's events
        webhooks.unsubscribeAll();
    }
}
