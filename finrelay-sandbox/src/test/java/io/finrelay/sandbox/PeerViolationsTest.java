package io.finrelay.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulated treasury and bank never merge two business effects silently: what a client sends a
 * second time under the same Idempotency-Key is answered from the key store, but a second obligation,
 * release or payment of the same thing under another key is refused and recorded as a violation, the
 * thing the exactly-once tests assert never happens. Every request is kept.
 */
class PeerViolationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Sandbox sandbox;
    private static String treasury;
    private static String bank;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(Clock.fixed(Instant.parse("2026-03-16T09:00:00Z"), ZoneOffset.UTC), 0);
        treasury = sandbox.urls().get("treasury");
        bank = sandbox.urls().get("bank");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void aRepeatUnderTheSameKeyIsOneObligationAndAnotherKeyForItIsAViolation() throws Exception {
        String obligation = obligation("OBL-EXP-2026-0412-P1", "EXP-2026-0412");
        assertThat(post(treasury + "/api/v1/obligations", "cmd-1", obligation).statusCode()).isEqualTo(201);
        assertThat(post(treasury + "/api/v1/obligations", "cmd-1", obligation).statusCode()).as("a repeat").isEqualTo(201);
        assertThat(about(violations(treasury), "0412")).isEmpty();

        HttpResponse<String> again = post(treasury + "/api/v1/obligations", "cmd-2", obligation);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(about(violations(treasury), "0412")).singleElement().satisfies(v -> {
            assertThat(v.get("obligation").asText()).isEqualTo("OBL-EXP-2026-0412-P1");
            assertThat(v.get("createdBy").asText()).isEqualTo("cmd-1");
            assertThat(v.get("againBy").asText()).isEqualTo("cmd-2");
        });
        assertThat(about(state(treasury).get("obligations"), "0412")).hasSize(1);
        assertThat(about(state(treasury).get("requests"), "0412")).as("every request that reached the treasury kept "
                + "(the repeat was answered from the key store)").hasSize(2);
    }

    @Test
    void aSecondReleaseOfAnObligationUnderAnotherKeyIsAViolationAndPaysNothingMore() throws Exception {
        post(treasury + "/api/v1/obligations", "cmd-10", obligation("OBL-EXP-2026-0500-P1", "EXP-2026-0500"));
        String release = "{\"releasedBy\":[\"m.treasurer\"]}";
        assertThat(post(treasury + "/api/v1/obligations/OBL-EXP-2026-0500-P1/release", "rel-1", release).statusCode())
                .isEqualTo(200);

        HttpResponse<String> again = post(treasury + "/api/v1/obligations/OBL-EXP-2026-0500-P1/release", "rel-2", release);

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(violations(treasury)).anySatisfy(v -> assertThat(v.path("release").asText()).isEqualTo("OBL-EXP-2026-0500-P1"));
        assertThat(payments("EXP-2026-0500")).as("one payment at the bank").isEqualTo(1);
    }

    @Test
    void theBankRefusesASecondPaymentOfAReportUnlessTheFirstWasRejected() throws Exception {
        assertThat(post(bank + "/api/v1/payments", "PAY-A", payment("PAY-A", "EXP-2026-0600", "DE44500105175407324931"))
                .statusCode()).isEqualTo(201);
        HttpResponse<String> twice = post(bank + "/api/v1/payments", "PAY-B", payment("PAY-B", "EXP-2026-0600",
                "DE44500105175407324931"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(violations(bank)).anySatisfy(v -> {
            assertThat(v.get("endToEndId").asText()).isEqualTo("EXP-2026-0600");
            assertThat(v.get("paidBy").asText()).isEqualTo("PAY-A");
            assertThat(v.get("againBy").asText()).isEqualTo("PAY-B");
        });

        // A payment the bank rejected (closed account) may be made again, with corrected bank details.
        post(bank + "/_sandbox/reject-ibans", null, "{\"ibans\":[\"DE02100100109307118603\"],\"reasonCode\":\"AC04\"}");
        post(bank + "/api/v1/payments", "PAY-C", payment("PAY-C", "EXP-2026-0601", "DE02100100109307118603"));
        int before = violations(bank).size();
        assertThat(post(bank + "/api/v1/payments", "PAY-D", payment("PAY-D", "EXP-2026-0601", "DE89370400440532013000"))
                .statusCode()).isEqualTo(201);
        assertThat(violations(bank)).hasSize(before);
    }

    private static String obligation(String id, String report) {
        return "{\"obligationId\":\"" + id + "\",\"reportId\":\"" + report + "\",\"payee\":{\"name\":\"Jonas Weber\","
                + "\"iban\":\"DE44500105175407324931\"},\"amount\":\"96.40\",\"currency\":\"EUR\","
                + "\"requestedDate\":\"2026-03-16\",\"remittance\":\"Reimbursement " + report + "\"}";
    }

    private static String payment(String paymentId, String endToEnd, String iban) {
        return "{\"paymentId\":\"" + paymentId + "\",\"obligationId\":\"OBL-" + endToEnd + "\",\"endToEndId\":\"" + endToEnd
                + "\",\"payee\":{\"name\":\"Jonas Weber\",\"iban\":\"" + iban + "\"},\"amount\":\"96.40\",\"currency\":\"EUR\"}";
    }

    private static long payments(String endToEnd) throws Exception {
        return java.util.stream.StreamSupport.stream(state(bank).get("payments").spliterator(), false)
                .filter(p -> p.path("endToEndId").asText().equals(endToEnd)).count();
    }

    /** The entries that mention {@code text} (the peers are shared by this class's tests). */
    private static java.util.List<JsonNode> about(JsonNode entries, String text) {
        return java.util.stream.StreamSupport.stream(entries.spliterator(), false).filter(e -> e.toString().contains(text))
                .toList();
    }

    private static JsonNode violations(String peer) throws Exception {
        return state(peer).get("violations");
    }

    private static JsonNode state(String peer) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(peer + "/_sandbox/state")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpResponse<String> post(String url, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
