package io.finrelay.sandbox.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON-over-HTTP client: to Finrelay's API (with a key) or to a sandbox peer (without). */
public final class Api {
    /** An answer: status and body (null when empty). */
    public record Answer(int status, JsonNode body) {
        public Answer require(int... expected) {
            for (int e : expected) {
                if (status == e) {
                    return this;
                }
            }
            throw new IllegalStateException("HTTP " + status + ": " + body);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    public Api(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public Answer get(String path) {
        return send("GET", path, null, null);
    }

    public Answer post(String path, Object body) {
        return send("POST", path, body, null);
    }

    public Answer post(String path, Object body, String idempotencyKey) {
        return send("POST", path, body, idempotencyKey);
    }

    /** Posts an XML document as it is (an e-invoice, a bank file). */
    public Answer postXml(String path, String xml) {
        return send("POST", path, new Xml(xml), null);
    }

    private record Xml(String text) {}

    public Answer put(String path, Object body) {
        return send("PUT", path, body, null);
    }

    public Answer patch(String path, Object body) {
        return send("PATCH", path, body, null);
    }

    private Answer send(String method, String path, Object body, String idempotencyKey) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            String text = body == null ? null : body instanceof Xml x ? x.text() : body instanceof String s ? s
                    : JSON.writeValueAsString(body);
            if (text != null) {
                request.header("Content-Type", body instanceof Xml ? "application/xml" : "application/json");
            }
            request.method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isBlank() ? null : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
