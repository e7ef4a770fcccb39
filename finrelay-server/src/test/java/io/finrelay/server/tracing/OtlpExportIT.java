package io.finrelay.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.finrelay.server.ServerIT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code management.otlp.tracing.endpoint} set, the server exports its spans over OTLP/HTTP to that
 * collector: here a plain HTTP server standing in for an OpenTelemetry Collector, which keeps each export
 * request as it arrived (protobuf). A request carrying a W3C traceparent ends up in an export under the
 * caller's trace id: the 16 bytes of the id are in the protobuf body as they are on the wire.
 */
// Its configuration differs from ServerIT's (observability on, the collector's endpoint), so Spring builds a
// context of its own, on the shared database. Left open after the class, it was a second node for every later
// class: its dispatchers claimed their commands with connector caches of their own (ExpenseOnTrytonIT's retried
// posting went out with the password its cache still held), and its exporter kept calling the stopped collector.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@AutoConfigureObservability(metrics = false)
class OtlpExportIT extends ServerIT {
    private static final List<Export> EXPORTS = new CopyOnWriteArrayList<>();
    private static final HttpServer COLLECTOR = collector();

    /** One OTLP export request as the collector received it. */
    record Export(String path, String contentType, byte[] body) {}

    private static HttpServer collector() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                EXPORTS.add(new Export(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void collectorEndpoint(DynamicPropertyRegistry registry) {
        registry.add("management.otlp.tracing.endpoint",
                () -> "http://127.0.0.1:" + COLLECTOR.getAddress().getPort() + "/v1/traces");
    }

    @AfterAll
    static void stopCollector() {
        COLLECTOR.stop(0);
    }

    @Test
    void aRequestsSpanIsExportedOverOtlpUnderTheCallersTraceIdWhenTheEndpointIsSet() {
        var tenant = newTenant("OtlpExport");
        String traceId = "5c1e0a7f3b9d4e21a8f60c2d7b3e9f14";
        Answer refused = call("POST", "/v1/webhooks/" + tenant.id() + "/bank", null, "{}", Map.of(
                "traceparent", "00-" + traceId + "-a3ce929d0e0e4736-01",
                "webhook-id", "msg_otlp", "webhook-timestamp", String.valueOf(Instant.now().getEpochSecond()),
                "webhook-signature", "v1,bm90IGEgc2lnbmF0dXJl"));
        assertThat(refused.status()).isEqualTo(401);

        byte[] id = HexFormat.of().parseHex(traceId);
        // The batch processor exports on its own schedule (every 5 s by default): wait for it, not for a time.
        Export export = await().atMost(Duration.ofSeconds(60)).until(
                () -> EXPORTS.stream().filter(e -> contains(e.body(), id)).findFirst().orElse(null),
                e -> e != null);
        assertThat(export.path()).isEqualTo("/v1/traces");
        assertThat(export.contentType()).isEqualTo("application/x-protobuf");
        assertThat(contains(export.body(), "/v1/webhooks/{tenantId}/".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .as("the span of the webhook request, named by its route").isTrue();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
