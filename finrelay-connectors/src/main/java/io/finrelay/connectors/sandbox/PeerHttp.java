package io.finrelay.connectors.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.connectors.net.AddressPolicy;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP to a peer with the command id as Idempotency-Key, and the answer classified at the boundary
 * (DESIGN habit 9): 2xx done; 429 and 5xx transient (429 with the peer's Retry-After); other 4xx
 * permanent with the peer's own message; not connected transient (nothing was sent); sent but no
 * answer in time unknown, to be looked up before anything is sent again.
 */
final class PeerHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The most of a peer's answer read: a larger one is not read on (it may be endless). */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    /** A peer's answer larger than {@link #MAX_ANSWER_BYTES}. */
    static final class AnswerTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        AnswerTooLarge(String peer) {
            super(peer + " answered more than " + MAX_ANSWER_BYTES + " bytes; the answer was not read on");
        }
    }

    /** Reads the body up to the limit; the stream is closed either way. */
    private static final HttpResponse.BodyHandler<String> BOUNDED = info -> HttpResponse.BodySubscribers.mapping(
            HttpResponse.BodySubscribers.ofInputStream(), in -> {
                try (in) {
                    byte[] bytes = in.readNBytes(MAX_ANSWER_BYTES + 1);
                    return bytes.length > MAX_ANSWER_BYTES ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(request, BOUNDED);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (response.body() == null) {
            throw new AnswerTooLarge(peer);
        }
        return response;
    }
    private final String peer;

    PeerHttp(String peer) {
        this.peer = peer;
    }

    Delivery post(PeerEndpoint endpoint, String path, String idempotencyKey, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                .timeout(endpoint.timeout())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            AddressPolicy.check(request.uri());
            response = send(request);
        } catch (AddressPolicy.Refused e) {
            // The tenant's URL now leads somewhere it may not: retrying will not change that.
            return new Delivery.Permanent(peer + " refused by the outbound address policy: " + e.getMessage());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Delivery.Transient.of(peer + " is not reachable: " + AddressPolicy.describe(e));
        } catch (HttpTimeoutException e) {
            return new Delivery.Unknown(peer + " did not answer within " + endpoint.timeout() + "; it may have acted");
        } catch (AnswerTooLarge e) {
            return new Delivery.Unknown(e.getMessage() + "; it may have acted");
        } catch (IOException e) {
            return new Delivery.Unknown(peer + " connection broke after sending: " + AddressPolicy.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Unknown("interrupted while waiting for " + peer);
        }
        return classify(response);
    }

    /**
     * PATCH of a record's fields (a CRM's REST update, idempotent by nature: the same fields again change
     * nothing), classified like a POST; a peer that may have acted without answering is UNKNOWN.
     */
    Delivery patch(PeerEndpoint endpoint, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path))
                .timeout(endpoint.timeout())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            AddressPolicy.check(request.uri());
            return classify(send(request));
        } catch (AddressPolicy.Refused e) {
            return new Delivery.Permanent(peer + " refused by the outbound address policy: " + e.getMessage());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return Delivery.Transient.of(peer + " is not reachable: " + AddressPolicy.describe(e));
        } catch (HttpTimeoutException e) {
            return new Delivery.Unknown(peer + " did not answer within " + endpoint.timeout() + "; it may have acted");
        } catch (IOException e) {
            return new Delivery.Unknown(peer + " connection broke after sending: " + AddressPolicy.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Unknown("interrupted while waiting for " + peer);
        }
    }

    Delivery classify(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null || response.body().isBlank() ? "{}" : response.body();
        if (status >= 200 && status < 300) {
            return new Delivery.Done(body);
        }
        String message = peer + " answered HTTP " + status + ": " + errorText(body);
        if (status == 429 || status == 503) {
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(PeerHttp::seconds);
            return new Delivery.Transient(message, retryAfter);
        }
        if (status >= 500 || status == 408) {
            return Delivery.Transient.of(message);
        }
        return new Delivery.Permanent(message);
    }

    /** GET, for lookups and reads: the body on 2xx, empty on 404, or why the peer could not be asked. */
    Lookup get(PeerEndpoint endpoint, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + path)).timeout(endpoint.timeout())
                .GET().build();
        try {
            AddressPolicy.check(request.uri());
            HttpResponse<String> response = send(request);
            // Any 2xx is found: a lookup by Idempotency-Key answers the stored response with its own status
            // (201 for a created obligation), and that is the answer the lost call would have had.
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Lookup.Found(response.body());
            }
            return status == 404 ? new Lookup.NotFound()
                    : new Lookup.Unreachable(peer + " answered HTTP " + status + " to " + path);
        } catch (AddressPolicy.Refused e) {
            return new Lookup.Unreachable(peer + " refused by the outbound address policy: " + e.getMessage());
        } catch (IOException e) {
            return new Lookup.Unreachable(peer + " could not be asked: " + AddressPolicy.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup.Unreachable("interrupted");
        }
    }

    /** Looks a command up by the Idempotency-Key it was sent with. */
    Lookup byIdempotencyKey(PeerEndpoint endpoint, String key) {
        return get(endpoint, "/idempotency-keys/" + key);
    }

    private static String errorText(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.hasNonNull("error") ? node.get("error").asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
