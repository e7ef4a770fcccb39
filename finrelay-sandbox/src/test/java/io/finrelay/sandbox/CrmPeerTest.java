package io.finrelay.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated CRM speaks Salesforce's REST shapes (records by id, PATCH of a client's own fields,
 * "get updated" for a poller, errors as {@code [{"errorCode","message"}]}), announces each change as a
 * Change Data Capture event in a signed webhook, and keeps every payment record a hub writes back:
 * the same payment under another key is a second record and a violation, never merged.
 */
class CrmPeerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String API = CrmPeer.API;
    private static Sandbox sandbox;
    private static String crm;
    private static HttpServer receiver;
    /** The events received with a valid signature; a bad signature is answered 401 and not kept. */
    private static final BlockingQueue<JsonNode> EVENTS = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        sandbox = Sandbox.start(Clock.fixed(Instant.parse("2026-03-16T09:00:00Z"), ZoneOffset.UTC), 0);
        crm = sandbox.urls().get("crm");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/crm-events", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String id = ex.getRequestHeaders().getFirst("webhook-id");
                long timestamp = Long.parseLong(ex.getRequestHeaders().getFirst("webhook-timestamp"));
                boolean valid = Webhooks.sign(SECRET, id, timestamp, body).equals(ex.getRequestHeaders().getFirst("webhook-signature"));
                if (valid) {
                    EVENTS.add(JSON.readTree(body));
                }
                ex.sendResponseHeaders(valid ? 204 : 401, -1);
            }
        });
        receiver.start();
        send("POST", crm + "/_sandbox/subscriptions", null,
                "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/crm-events\",\"secret\":\"" + SECRET + "\"}");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        receiver.stop(0);
    }

    @Test
    void anOpportunityWonIsAnnouncedAsASignedChangeEventWithItsStageAndProbability() throws Exception {
        String account = account("Nordwind Logistik GmbH");
        JsonNode opportunity = body(send("POST", crm + "/_sandbox/opportunities", null, "{\"AccountId\":\"" + account
                + "\",\"Name\":\"Fleet telematics 2026\",\"StageName\":\"Negotiation/Review\",\"Probability\":80,"
                + "\"Amount\":48500.00,\"CurrencyIsoCode\":\"EUR\",\"CloseDate\":\"2026-03-31\"}"));
        String id = opportunity.get("Id").asText();
        assertThat(id).startsWith("006").hasSize(18);
        assertThat(eventFor(id).at("/payload/ChangeEventHeader/changeType").asText()).isEqualTo("CREATE");

        send("POST", crm + "/_sandbox/stage", null, "{\"id\":\"" + id + "\",\"StageName\":\"Closed Won\",\"Probability\":100}");

        JsonNode won = eventFor(id);
        assertThat(won.get("channel").asText()).isEqualTo("/data/OpportunityChangeEvent");
        assertThat(won.at("/payload/ChangeEventHeader/changeType").asText()).isEqualTo("UPDATE");
        assertThat(won.at("/payload/ChangeEventHeader/changedFields").toString()).contains("StageName", "Probability");
        assertThat(won.at("/payload/StageName").asText()).isEqualTo("Closed Won");
        assertThat(won.at("/payload/IsWon").asBoolean()).isTrue();
        JsonNode read = body(send("GET", crm + API + "/sobjects/Opportunity/" + id, null, null));
        assertThat(read.get("Probability").asInt()).isEqualTo(100);
        assertThat(read.get("Amount").decimalValue()).isEqualByComparingTo("48500.00");
        assertThat(read.at("/attributes/type").asText()).isEqualTo("Opportunity");
    }

    @Test
    void anOrderActivatedIsAnnouncedOnceItsStatusChangesFromDraft() throws Exception {
        String account = account("Alpenblick Hotels AG");
        JsonNode order = body(send("POST", crm + "/_sandbox/orders", null, "{\"AccountId\":\"" + account
                + "\",\"EffectiveDate\":\"2026-03-16\",\"TotalAmount\":12840.00,\"CurrencyIsoCode\":\"CHF\"}"));
        String id = order.get("Id").asText();
        assertThat(order.get("Status").asText()).isEqualTo("Draft");
        eventFor(id);

        send("POST", crm + "/_sandbox/activate", null, "{\"id\":\"" + id + "\"}");

        JsonNode activated = eventFor(id);
        assertThat(activated.get("channel").asText()).isEqualTo("/data/OrderChangeEvent");
        assertThat(activated.at("/payload/Status").asText()).isEqualTo("Activated");
        assertThat(activated.at("/payload/ChangeEventHeader/changedFields").toString()).isEqualTo("[\"Status\"]");
    }

    @Test
    void aClientSetsItsOwnFieldsOnAnAccountButNotTheCrmsAndNothingChangesOnARefusal() throws Exception {
        String account = account("Brenner Maschinenbau KG");
        HttpResponse<String> patched = send("PATCH", crm + API + "/sobjects/Account/" + account, null,
                "{\"Finrelay_Exposure__c\":18250.40,\"Finrelay_Days_Sales_Outstanding__c\":41}");
        assertThat(patched.statusCode()).isEqualTo(204);
        assertThat(body(send("GET", crm + API + "/sobjects/Account/" + account, null, null)).get("Finrelay_Exposure__c").decimalValue())
                .isEqualByComparingTo("18250.40");

        HttpResponse<String> refused = send("PATCH", crm + API + "/sobjects/Account/" + account, null,
                "{\"Finrelay_Exposure__c\":0,\"Name\":\"Someone else\"}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(body(refused).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(body(refused).get(0).get("message").asText()).contains("Name");
        JsonNode after = body(send("GET", crm + API + "/sobjects/Account/" + account, null, null));
        assertThat(after.get("Name").asText()).isEqualTo("Brenner Maschinenbau KG");
        assertThat(after.get("Finrelay_Exposure__c").decimalValue()).isEqualByComparingTo("18250.40");
        assertThat(send("GET", crm + API + "/sobjects/Account/001000000000000NOPE", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aPollerListsWhatChangedBetweenTwoInstantsAndABadWindowIsRefused() throws Exception {
        String account = account("Kvist Trading AB");
        JsonNode updated = body(send("GET", crm + API + "/sobjects/Account/updated/?start=2026-03-16T08:00:00Z&end=2026-03-16T10:00:00Z",
                null, null));
        assertThat(updated.get("ids").toString()).contains(account);
        assertThat(updated.get("latestDateCovered").asText()).isEqualTo("2026-03-16T09:00:00Z");
        JsonNode earlier = body(send("GET", crm + API + "/sobjects/Account/updated/?start=2026-03-15T00:00:00Z&end=2026-03-15T23:59:59Z",
                null, null));
        assertThat(earlier.get("ids")).isEmpty();

        HttpResponse<String> bad = send("GET", crm + API + "/sobjects/Account/updated/?start=yesterday&end=2026-03-16T10:00:00Z", null, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).get(0).get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
    }

    @Test
    void aPaymentRecordedTwiceUnderOneKeyIsOneRecordAndUnderAnotherKeyIsASecondRecordAndAViolation() throws Exception {
        String account = account("Hafenkontor Bremen GmbH");
        String payment = "{\"Account__c\":\"" + account + "\",\"Invoice_Number__c\":\"AR-2026-10417\",\"Bank_Reference__c\":"
                + "\"CAMT-2026-03-16-0042\",\"Amount__c\":4312.50,\"CurrencyIsoCode\":\"EUR\",\"Received_On__c\":\"2026-03-16\"}";
        String upsert = crm + API + "/sobjects/Finrelay_Payment__c/Finrelay_Key__c/cmd-apply-7f3a";
        HttpResponse<String> first = send("PATCH", upsert, null, payment);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(body(first).get("id").asText()).startsWith("a0F");
        HttpResponse<String> repeat = send("PATCH", upsert, null, payment);
        assertThat(repeat.statusCode()).as("an upsert of a known key updates the record it made").isEqualTo(200);
        assertThat(body(repeat).get("id").asText()).isEqualTo(body(first).get("id").asText());
        assertThat(paymentsFor("AR-2026-10417")).hasSize(1);
        assertThat(violationsAbout("AR-2026-10417")).isEmpty();

        HttpResponse<String> again = send("POST", crm + API + "/sobjects/Finrelay_Payment__c", "cmd-apply-other", payment);

        assertThat(again.statusCode()).as("Salesforce would take it: the peer keeps it too").isEqualTo(201);
        assertThat(paymentsFor("AR-2026-10417")).hasSize(2);
        assertThat(violationsAbout("AR-2026-10417")).singleElement().satisfies(v -> {
            assertThat(v.get("firstBy").asText()).isEqualTo("key cmd-apply-7f3a");
            assertThat(v.get("againBy").asText()).isEqualTo("request cmd-apply-other");
        });
    }

    @Test
    void aPaymentMissingAFieldOrNamingAnUnknownAccountIsRefusedAndNotKept() throws Exception {
        HttpResponse<String> missing = send("POST", crm + API + "/sobjects/Finrelay_Payment__c", "cmd-m1",
                "{\"Account__c\":\"" + account("Lumen Optik GmbH") + "\",\"Invoice_Number__c\":\"AR-2026-20001\",\"Amount__c\":10}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(body(missing).get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        HttpResponse<String> stranger = send("POST", crm + API + "/sobjects/Finrelay_Payment__c", "cmd-m2",
                "{\"Account__c\":\"001000000000000XYZ\",\"Invoice_Number__c\":\"AR-2026-20002\",\"Bank_Reference__c\":\"B-1\","
                        + "\"Amount__c\":10,\"CurrencyIsoCode\":\"EUR\"}");
        assertThat(stranger.statusCode()).isEqualTo(400);
        assertThat(body(stranger).get(0).get("errorCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        assertThat(paymentsFor("AR-2026-2000")).isEmpty();
    }

    private static String account(String name) throws Exception {
        return body(send("POST", crm + "/_sandbox/accounts", null, "{\"Name\":\"" + name + "\",\"CurrencyIsoCode\":\"EUR\"}"))
                .get("Id").asText();
    }

    /** The next signed event about {@code id}; events about other records (other tests) are passed over. */
    private static JsonNode eventFor(String id) throws InterruptedException {
        while (true) {
            JsonNode event = EVENTS.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("a signed change event for " + id).isNotNull();
            if (event.at("/payload/ChangeEventHeader/recordIds/0").asText().equals(id)) {
                return event;
            }
        }
    }

    private static java.util.List<JsonNode> paymentsFor(String invoice) throws Exception {
        return StreamSupport.stream(state().get("Finrelay_Payment__c").spliterator(), false)
                .filter(p -> p.path("Invoice_Number__c").asText().startsWith(invoice)).toList();
    }

    private static java.util.List<JsonNode> violationsAbout(String invoice) throws Exception {
        return StreamSupport.stream(state().get("violations").spliterator(), false)
                .filter(v -> v.toString().contains(invoice)).toList();
    }

    private static JsonNode state() throws Exception {
        return body(send("GET", crm + "/_sandbox/state", null, null));
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String url, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
