package io.finrelay.server.web.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.server.ServerIT;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bodies over the shipped 1 MiB limit get 413 problem+json, declared or chunked, and nothing is stored. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestSizeIT extends ServerIT {
    private static final int MIB = 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestTenant tenant;
    private String legalEntityId;

    @BeforeAll
    void tenant() {
        tenant = newTenant("Sizes");
        legalEntityId = legalEntity(tenant);
    }

    /**
     * A valid vendor, padded with insignificant whitespace to {@code bytes} bytes: were it not for its
     * size, it would be stored.
     */
    private String vendor(String name, int bytes) {
        String body = json("legalEntityId", legalEntityId, "name", name, "country", "DE",
                "bankAccount", Map.of("iban", "DE89370400440532013000", "holderName", name), "active", true);
        String padded = body.substring(0, body.length() - 1) + " ".repeat(Math.max(0, bytes - body.length())) + "}";
        assertThat(padded.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(bytes);
        return padded;
    }

    /** Sends {@code body} without a Content-Length: the client streams it chunked. */
    private Answer chunked(String path, String key, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        new ByteArrayInputStream(bytes, 0, bytes.length / 2),
                        new ByteArrayInputStream(bytes, bytes.length / 2, bytes.length - bytes.length / 2))));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            return new Answer(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertTooLarge(Answer answer) {
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("type").asText()).isEqualTo("https://finrelay.io/problems/request-too-large");
        assertThat(answer.body().get("maxRequestBytes").asLong()).isEqualTo(MIB);
        assertThat(answer.header("X-Correlation-Id")).isNotBlank();
    }

    private String vendorNames() {
        return get(tenant.path("/vendors"), tenant.adminKey()).body().toString();
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedUnread() {
        assertTooLarge(post(tenant.path("/vendors"), tenant.adminKey(), vendor("Spedition Kranich KG", MIB + 100)));
        assertThat(vendorNames()).doesNotContain("Spedition Kranich");
    }

    @Test
    void aChunkedBodyThatGrowsOverTheLimitIsRefusedWhileRead() {
        assertTooLarge(chunked(tenant.path("/vendors"), tenant.adminKey(), vendor("Reederei Möwe GmbH", MIB + 100)));
        assertThat(vendorNames()).doesNotContain("Reederei M");
    }

    @Test
    void aChunkedWebhookOverTheLimitIsRefusedBeforeItsSignatureIsChecked() {
        assertTooLarge(chunked("/v1/webhooks/" + UUID.randomUUID() + "/bank", null, "{\"pad\":\"" + "x".repeat(2 * MIB) + "\"}"));
    }

    @Test
    void bodiesJustWithinTheLimitAreStoredDeclaredOrChunked() {
        Answer declared = post(tenant.path("/vendors"), tenant.adminKey(), vendor("Hotel Adlon Kempinski Berlin", MIB - 10));
        assertThat(declared.status()).as(String.valueOf(declared.body())).isEqualTo(201);
        Answer chunked = chunked(tenant.path("/vendors"), tenant.adminKey(), vendor("Lufthansa City Center Reisebuero", MIB - 10));
        assertThat(chunked.status()).as(String.valueOf(chunked.body())).isEqualTo(201);
        assertThat(vendorNames()).contains("Hotel Adlon", "Lufthansa City Center");
    }
}
