package io.finrelay.server.console;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.fixtures.PaymentFlow;
import io.finrelay.server.ServerIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the console's tests share: a tenant with its people (an operator, a viewer, a treasurer), payment
 * workflows driven through the API (an invoice number with FAIL in it is refused once by the test ERP and
 * lands in the exception queue), and plain HTTP calls to the pages (HTML, not JSON; redirects not followed).
 */
abstract class ConsoleTestSupport extends ServerIT {
    static final String PASSWORD = "correct horse battery staple";
    private static final HttpClient PAGES = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** The server's clock (the tests may move it forward): tokens of the test issuer expire by it. */
    @org.springframework.beans.factory.annotation.Autowired
    protected io.finrelay.server.fixtures.TestClock serverClock;

    record Page(int status, String body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        List<String> headers(String name) {
            return raw.headers().allValues(name);
        }
    }

    String newUser(TestTenant tenant, String username, String... roles) {
        Answer created = post(tenant.path("/users"), tenant.adminKey(), JSON.createObjectNode().put("username", username)
                .put("password", PASSWORD).set("roles", JSON.valueToTree(List.of(roles))).toString());
        if (created.status() != 201) {
            throw new IllegalStateException("user not created: " + created.body());
        }
        return created.body().get("id").asText();
    }

    /** An approved invoice into the test payment workflow; returns the instance id. */
    String approve(TestTenant tenant, String integrationKey, String invoice, String correlationId) {
        String body = json("businessKey", invoice, "event", Map.of("type", "InvoiceApproved",
                "data", Map.of("invoice", invoice, "vendor", "Hotel Adlon", "amount", "1234.50")));
        Answer accepted = call("POST", tenant.path("/workflows/" + PaymentFlow.TYPE + "/events"), integrationKey, body,
                Map.of("Idempotency-Key", "evt-" + invoice, "X-Correlation-Id", correlationId));
        if (accepted.status() != 202) {
            throw new IllegalStateException("event not accepted: " + accepted.body());
        }
        return accepted.body().get("instanceId").asText();
    }

    /** The open exception of an instance, once the refused posting has landed in the queue. */
    String openException(TestTenant tenant, String instanceId) {
        String path = tenant.path("/exceptions?status=OPEN&instanceId=" + instanceId);
        await().atMost(Duration.ofSeconds(30)).until(() -> get(path, tenant.adminKey()).body().size() == 1);
        return get(path, tenant.adminKey()).body().get(0).get("id").asText();
    }

    JsonNode exception(TestTenant tenant, String exceptionId) {
        return get(tenant.path("/exceptions/" + exceptionId), tenant.adminKey()).body();
    }

    String stateOf(TestTenant tenant, String instanceId) {
        return get(tenant.path("/workflows/instances/" + instanceId), tenant.adminKey()).body().get("state").asText();
    }

    /** Logs in through the console's form and answers the session cookie ({@code name=value}). */
    String session(TestTenant tenant, String username) {
        Page answer = form("/ui/login", null, Map.of("tenant", tenant.slug(), "username", username, "password", PASSWORD));
        if (answer.status() != 302) {
            throw new IllegalStateException("login refused: " + answer.status() + " " + answer.body());
        }
        String setCookie = answer.header("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    Page page(String path, String cookie) {
        return pageAbsolute("http://localhost:" + port + path, cookie);
    }

    Page pageAbsolute(String url, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return send(request);
    }

    Page form(String path, String cookie, Map<String, String> fields) {
        return form(path, cookie, fields, Map.of());
    }

    Page form(String path, String cookie, Map<String, String> fields, Map<String, String> headers) {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        headers.forEach(request::header);
        return send(request);
    }

    /** The CSRF token a page's forms carry. */
    static String csrfOf(Page page) {
        int at = page.body().indexOf("name=\"_csrf\" value=\"");
        if (at < 0) {
            throw new IllegalStateException("no CSRF field on the page");
        }
        int start = at + "name=\"_csrf\" value=\"".length();
        return page.body().substring(start, page.body().indexOf('"', start));
    }

    private static Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = PAGES.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
