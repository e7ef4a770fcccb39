package io.finrelay.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * One simulated peer on its own HTTP port: the receipt ledger (every request it received, in order),
 * the fault knobs, and an Idempotency-Key store (a repeated key answers the first response and
 * changes nothing, like Stripe's). Subclasses route business requests in {@link #handle}.
 *
 * <p>Admin endpoints of every peer: {@code GET /_sandbox/ledger}, {@code GET /_sandbox/state},
 * {@code POST /_sandbox/faults}, {@code POST /_sandbox/reset}; and {@code GET /idempotency-keys/{key}}
 * answers the stored response of a key (404 if the peer never completed a request under it): the
 * lookup a client makes after a lost answer.
 */
abstract class Peer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, JSON body, extra headers. */
    record Reply(int status, JsonNode body, Map<String, String> headers) {
        static Reply of(int status, JsonNode body) {
            return new Reply(status, body, Map.of());
        }
    }

    /** A request as the peer sees it; {@code headers} by lower-case name, first value. */
    record Request(String method, String path, String query, String idempotencyKey, JsonNode body, String rawBody,
                   Map<String, String> headers) {}

    final String name;
    final Clock clock;
    final Faults faults = new Faults();
    private final HttpServer server;
    private final List<ObjectNode> ledger = new ArrayList<>();
    private final Map<String, Reply> idempotency = new ConcurrentHashMap<>();
    private final Map<String, Object> keyLocks = new ConcurrentHashMap<>();

    Peer(String name, int port, Clock clock) throws IOException {
        this.name = name;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::exchange);
    }

    void start() {
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A request as received, for a peer's ledger of its business requests. */
    final ObjectNode received(Request r) {
        ObjectNode request = JSON.createObjectNode();
        request.put("idempotencyKey", r.idempotencyKey());
        request.set("body", r.body());
        request.put("receivedAt", clock.instant().toString());
        return request;
    }

    /**
     * A second effect on one business object under another key, what Finrelay must never cause:
     * {@code {<what>: id, <firstBy>: earlier, "againBy": key}}.
     */
    static ObjectNode violationOf(String what, String id, String firstBy, String earlier, Request r) {
        ObjectNode violation = JSON.createObjectNode();
        violation.put(what, id);
        violation.put(firstBy, earlier);
        violation.put("againBy", r.idempotencyKey());
        return violation;
    }

    /** Routes one business request; runs under the request's idempotency key, if any. */
    abstract Reply handle(Request request);

    /** The peer's effects (journals, obligations, reports...) for tests and the demo. */
    abstract JsonNode state();

    /** Clears the peer's effects (admin reset). */
    abstract void clear();

    private void exchange(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = new String(readAll(ex.getRequestBody()), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            Request request = new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Idempotency-Key"), parse(raw), raw, headersOf(ex));
            Reply reply;
            boolean lose = false;
            boolean replayed = false;
            if (path.startsWith("/_sandbox/")) {
                reply = admin(request);
            } else if (path.startsWith("/idempotency-keys/")) {
                Reply stored = idempotency.get(path.substring("/idempotency-keys/".length()));
                reply = stored != null ? stored : Reply.of(404, error("no request completed under this key"));
            } else {
                pause(faults.latencyMillis);
                Faults.Verdict verdict = faults.next(clock);
                reply = switch (verdict) {
                    case DOWN -> faults.downRetryAfterSeconds < 0 ? Reply.of(503, error(name + " is down for maintenance"))
                            : new Reply(503, error(name + " is down for maintenance"),
                                    Map.of("Retry-After", String.valueOf(faults.downRetryAfterSeconds)));
                    case FAIL -> Reply.of(500, error(name + " failed (injected fault)"));
                    case THROTTLE -> new Reply(429, error("too many requests"),
                            Map.of("Retry-After", String.valueOf(faults.retryAfterSeconds)));
                    case SERVE, SERVE_THEN_LOSE_ANSWER -> null;
                };
                if (reply == null) {
                    lose = verdict == Faults.Verdict.SERVE_THEN_LOSE_ANSWER;
                    if (request.idempotencyKey() != null && idempotency.containsKey(request.idempotencyKey())) {
                        replayed = true;
                    }
                    reply = serve(request);
                }
            }
            record(request, reply, replayed, lose);
            if (lose) {
                // The effect has happened; the answer never arrives in time (a lost answer).
                pause(faults.loseAnswerMillis);
            }
            send(ex, reply, replayed);
        } catch (RuntimeException e) {
            send(ex, Reply.of(500, error("sandbox error: " + e)), false);
        }
    }

    private Reply serve(Request request) {
        String key = request.idempotencyKey();
        if (key == null || !request.method().equals("POST")) {
            return handle(request);
        }
        synchronized (keyLocks.computeIfAbsent(key, k -> new Object())) {
            Reply stored = idempotency.get(key);
            if (stored != null) {
                return stored;
            }
            Reply reply = handle(request);
            if (reply.status() < 500 && reply.status() != 429) {
                idempotency.put(key, reply);
            }
            return reply;
        }
    }

    private Reply admin(Request request) {
        return switch (request.method() + " " + request.path()) {
            case "GET /_sandbox/ledger" -> Reply.of(200, ledgerJson());
            case "GET /_sandbox/state" -> Reply.of(200, state());
            case "POST /_sandbox/faults" -> {
                faults.apply(request.body() == null ? JSON.createObjectNode() : request.body(), clock);
                yield Reply.of(200, JSON.createObjectNode().put("ok", true));
            }
            case "POST /_sandbox/reset" -> {
                faults.reset();
                synchronized (ledger) {
                    ledger.clear();
                }
                idempotency.clear();
                clear();
                yield Reply.of(200, JSON.createObjectNode().put("ok", true));
            }
            default -> adminExtra(request);
        };
    }

    /** Peer-specific admin endpoints (e.g. creating reports, subscribing to webhooks). */
    Reply adminExtra(Request request) {
        return Reply.of(404, error("no admin endpoint " + request.method() + " " + request.path()));
    }

    private void record(Request request, Reply reply, boolean replayed, boolean lost) {
        if (request.path().startsWith("/_sandbox/")) {
            return;
        }
        ObjectNode entry = JSON.createObjectNode();
        entry.put("peer", name);
        entry.put("at", clock.instant().toString());
        entry.put("method", request.method());
        entry.put("path", request.path());
        if (request.idempotencyKey() != null) {
            entry.put("idempotencyKey", request.idempotencyKey());
        }
        entry.put("status", reply.status());
        // the caller's W3C trace context, so that a test can follow a trace from Finrelay into the peer
        if (request.headers().containsKey("traceparent")) {
            entry.put("traceparent", request.headers().get("traceparent"));
        }
        entry.put("replayed", replayed);
        entry.put("answerLost", lost);
        if (request.body() != null) {
            entry.set("body", request.body());
        }
        synchronized (ledger) {
            entry.put("seq", ledger.size() + 1);
            ledger.add(entry);
        }
    }

    private ArrayNode ledgerJson() {
        ArrayNode all = JSON.createArrayNode();
        synchronized (ledger) {
            ledger.forEach(all::add);
        }
        return all;
    }

    private static void send(HttpExchange ex, Reply reply, boolean replayed) throws IOException {
        byte[] body = reply.body() == null ? new byte[0] : JSON.writeValueAsBytes(reply.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (replayed) {
            ex.getResponseHeaders().set("Idempotent-Replayed", "true");
        }
        ex.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> headersOf(HttpExchange ex) {
        Map<String, String> out = new java.util.TreeMap<>();
        ex.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                out.put(name.toLowerCase(java.util.Locale.ROOT), values.getFirst());
            }
        });
        return out;
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    static JsonNode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsed", raw);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
