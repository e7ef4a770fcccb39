package io.finrelay.connectors.erp.tryton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.connectors.net.AddressPolicy;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-RPC client for one Tryton database (Tryton 6.0; {@code demo.py} of the peer is the
 * reference): {@code POST {"id", "method", "params"}} to {@code /<db>/}, the user's context as the last
 * parameter of every model call, {@code Authorization: Session base64(login:uid:key)}.
 *
 * <p>Every failure leaves as an {@link ErpException} classified for the caller: a UserError is
 * permanent with Tryton's message kept; a UserWarning is acknowledged only when the tenant allows it;
 * HTTP 401 on a call logs in again once; 5xx, 429 and connection failures are transient; a timeout of a
 * call that changes data is an unknown outcome. Thread-safe.
 */
public final class TrytonClient {
    private static final Logger log = LoggerFactory.getLogger(TrytonClient.class);

    /** A logged-in session: the user id, the Authorization header, and the user's context. */
    private record Session(long userId, String authorization, ObjectNode context) {}

    private final TrytonConfig config;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();
    private final Object loginLock = new Object();
    private volatile Session session;
    private volatile Predicate<String> loseAnswer = method -> false;

    public TrytonClient(TrytonConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)          // trytond's werkzeug server speaks HTTP/1.1 only
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public TrytonConfig config() {
        return config;
    }

    /**
     * For tests: answers to methods matching the predicate are thrown away after Tryton has acted on
     * them, as if the connection had dropped; the call reports an unknown outcome.
     */
    public void loseAnswersFor(Predicate<String> methods) {
        this.loseAnswer = methods;
    }

    // ---- session ---------------------------------------------------------------------------------

    /** Logs in (again) and loads the user's preferences as the context, as the Tryton client does. */
    public void login() {
        synchronized (loginLock) {
            JsonNode result = send(config.endpoint(), "common.db.login",
                    List.of(config.user(), Map.of("password", config.secret()), "en"), false, null, true);
            if (!result.isArray() || result.size() < 2) {
                throw new ErpException(new ErpError.Permanent("bad credentials: Tryton refused user '" + config.user()
                        + "' on database '" + config.database() + "'"));
            }
            long userId = result.get(0).asLong();
            String token = config.user() + ":" + userId + ":" + result.get(1).asText();
            String authorization = "Session " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8));
            JsonNode context = send(config.endpoint(), "model.res.user.get_preferences", List.of(true, Map.of()),
                    false, authorization, false);
            session = new Session(userId, authorization, (ObjectNode) context);
        }
    }

    /** Ends the session at the server (the next call logs in again). */
    public void logout() {
        Session s = session;
        if (s != null) {
            send(config.endpoint(), "common.db.logout", List.of(), false, s.authorization(), false);
        }
    }

    public long userId() {
        return session().userId();
    }

    /** The user's context (language, company, companies...). */
    public ObjectNode context() {
        return session().context().deepCopy();
    }

    /** Reloads the context after the user's preferences changed (e.g. the company). */
    public void reloadContext() {
        Session s = session();
        JsonNode context = send(config.endpoint(), "model.res.user.get_preferences", List.of(true, Map.of()), false,
                s.authorization(), false);
        session = new Session(s.userId(), s.authorization(), (ObjectNode) context);
    }

    private Session session() {
        Session s = session;
        if (s == null) {
            synchronized (loginLock) {
                if (session == null) {
                    login();
                }
                s = session;
            }
        }
        return s;
    }

    // ---- calls -----------------------------------------------------------------------------------

    /** A call on the server root (no database, no session): {@code common.server.version}, {@code common.db.list}. */
    public JsonNode rootCall(String method, Object... params) {
        return send(config.url(), method, Arrays.asList(params), false, null, false);
    }

    /**
     * {@code model.<model>.<method>(args..., context)}. {@code mutating} says whether the call changes
     * data: only then is a lost answer an unknown outcome rather than a plain transient failure.
     */
    public JsonNode model(String model, String method, boolean mutating, Object... args) {
        return modelIn(null, model, method, mutating, args);
    }

    /** As {@link #model}, with extra context keys (e.g. {@code active_ids} for a wizard). */
    public JsonNode modelIn(Map<String, Object> extraContext, String model, String method, boolean mutating,
                            Object... args) {
        return withWarnings(() -> call("model." + model + "." + method, mutating, args, extraContext));
    }

    /** {@code wizard.<name>.<method>(args..., context)}. */
    public JsonNode wizard(String name, String method, Map<String, Object> extraContext, Object... args) {
        return withWarnings(() -> call("wizard." + name + "." + method, true, args, extraContext));
    }

    private JsonNode call(String method, boolean mutating, Object[] args, Map<String, Object> extraContext) {
        Session s = session();
        try {
            return send(config.endpoint(), method, params(s, args, extraContext), mutating, s.authorization(), false);
        } catch (SessionExpired e) {
            // The session timed out (or the server restarted): log in once more and repeat. A 401 means
            // Tryton did not run the call, so repeating it cannot do it twice.
            log.info("Tryton session of {} on {} expired; logging in again", config.user(), config.database());
            synchronized (loginLock) {
                if (session == s) {
                    login();
                }
            }
            Session again = session();
            try {
                return send(config.endpoint(), method, params(again, args, extraContext), mutating,
                        again.authorization(), false);
            } catch (SessionExpired twice) {
                throw new ErpException(new ErpError.Permanent("Tryton refused the session of user '" + config.user()
                        + "' right after logging in (HTTP 401)"));
            }
        }
    }

    private static List<Object> params(Session s, Object[] args, Map<String, Object> extraContext) {
        List<Object> params = new ArrayList<>(Arrays.asList(args));
        ObjectNode context = s.context().deepCopy();
        if (extraContext != null) {
            extraContext.forEach((k, v) -> context.set(k, TrytonCodec.encode(v)));
        }
        params.add(context);
        return params;
    }

    /** Answers a UserWarning once, as a user clicking "yes" would, if the tenant allows it. */
    private JsonNode withWarnings(java.util.function.Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (Warning w) {
            if (!config.acknowledgeWarnings()) {
                throw new ErpException(new ErpError.NeedsAcknowledgement(w.name, w.getMessage()));
            }
            log.info("acknowledging Tryton warning {}: {}", w.name, w.getMessage());
            call("model.res.user.warning.create", true,
                    new Object[] {List.of(Map.of("user", userId(), "name", w.name, "always", false))}, null);
            try {
                return call.get();
            } catch (Warning again) {
                throw new ErpException(new ErpError.NeedsAcknowledgement(again.name, again.getMessage()));
            }
        }
    }

    // ---- transport and error classification -----------------------------------------------------

    /** Internal: HTTP 401 on a session call. */
    private static final class SessionExpired extends RuntimeException {
        SessionExpired() {
            super("session expired", null, false, false);
        }
    }

    /** Internal: a UserWarning, before the policy decides. */
    private static final class Warning extends RuntimeException {
        final String name;

        Warning(String name, String message) {
            super(message, null, false, false);
            this.name = name;
        }
    }

    private JsonNode send(URI uri, String method, List<Object> params, boolean mutating, String authorization,
                          boolean isLogin) {
        ObjectNode body = TrytonCodec.MAPPER.createObjectNode();
        body.put("id", ids.incrementAndGet());
        body.put("method", method);
        body.set("params", TrytonCodec.encode(params));
        HttpRequest.Builder request = io.finrelay.connectors.net.TraceHeaders.current(HttpRequest.newBuilder(uri))
                .timeout(config.callTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
            AddressPolicy.check(uri);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (AddressPolicy.Refused e) {
            // The tenant's URL now leads somewhere it may not: nothing was sent, and a retry will not help.
            throw new ErpException(new ErpError.Permanent("Tryton at " + config.url()
                    + " refused by the outbound address policy: " + e.getMessage()), e);
        } catch (HttpTimeoutException e) {
            throw lost(method, mutating, "no answer from Tryton within " + config.callTimeout().toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new ErpException(new ErpError.Transient("Tryton at " + config.url() + " is unreachable: "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage())), e);
        } catch (IOException e) {
            throw lost(method, mutating, "connection to Tryton failed during " + method + ": " + AddressPolicy.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw lost(method, mutating, "interrupted while waiting for Tryton", e);
        }
        if (loseAnswer.test(method)) {
            throw lost(method, mutating, "answer to " + method + " lost (simulated)", null);
        }
        return answer(method, response, isLogin);
    }

    private static ErpException lost(String method, boolean mutating, String reason, Throwable cause) {
        ErpError error = mutating ? new ErpError.OutcomeUnknown(reason + " (" + method + " may have taken effect)")
                : new ErpError.Transient(reason);
        return new ErpException(error, cause);
    }

    private JsonNode answer(String method, HttpResponse<byte[]> response, boolean isLogin) {
        int status = response.statusCode();
        if (status == 401) {
            if (isLogin) {
                throw new ErpException(new ErpError.Permanent("bad credentials: Tryton refused the password of user '"
                        + config.user() + "' on database '" + config.database() + "'"));
            }
            throw new SessionExpired();
        }
        if (status == 429 || status >= 500) {
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(TrytonClient::seconds);
            throw new ErpException(new ErpError.Transient("Tryton answered HTTP " + status + " to " + method, retryAfter));
        }
        if (status != 200) {
            throw new ErpException(new ErpError.Permanent("Tryton answered HTTP " + status + " to " + method + ": "
                    + abbreviate(new String(response.body(), StandardCharsets.UTF_8))));
        }
        JsonNode root;
        try {
            root = TrytonCodec.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new ErpException(new ErpError.Transient("Tryton sent an answer to " + method + " that is not JSON: "
                    + abbreviate(new String(response.body(), StandardCharsets.UTF_8))), e);
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            throw classify(method, error);
        }
        return root.path("result");
    }

    /**
     * Tryton's error member: {@code ["UserError", [message, description, domain]]},
     * {@code ["UserWarning", [name, message, description]]}, other named exceptions, or
     * {@code [text, traceback]} for anything unexpected on the server.
     */
    RuntimeException classify(String method, JsonNode error) {
        String kind = error.path(0).asText("");
        JsonNode args = error.path(1);
        switch (kind) {
            case "UserError" -> {
                return new ErpException(new ErpError.Permanent(join(args.path(0).asText(""), args.path(1).asText(""))));
            }
            case "UserWarning" -> {
                return new Warning(args.path(0).asText("warning"), join(args.path(1).asText(""), args.path(2).asText("")));
            }
            case "ConcurrencyException" -> {
                return new ErpException(new ErpError.Transient("Tryton: record changed concurrently during " + method));
            }
            case "RateLimitException", "TooManyRequests" -> {
                return new ErpException(new ErpError.Transient("Tryton is rate limiting " + method));
            }
            case "AccessError" -> {
                return new ErpException(new ErpError.Permanent("access denied by Tryton: "
                        + join(args.path(0).asText(""), args.path(1).asText(""))));
            }
            case "LoginException" -> {
                return new ErpException(new ErpError.Permanent("Tryton asks for more login data: " + args));
            }
            default -> {
                // An unexpected server exception: Tryton rolled the transaction back, so nothing happened.
                // A locked SQLite database or a lost PostgreSQL connection may pass; anything else will not.
                String text = kind.isEmpty() ? error.toString() : kind;
                if (text.contains("database is locked") || text.contains("OperationalError")
                        || text.contains("could not serialize")) {
                    return new ErpException(new ErpError.Transient("Tryton is busy: " + abbreviate(text)));
                }
                if (text.contains("doesn't exist") && text.contains("Database")) {
                    return new ErpException(new ErpError.Permanent("database '" + config.database()
                            + "' does not exist on the Tryton server"));
                }
                return new ErpException(new ErpError.Permanent("Tryton failed on " + method + ": " + abbreviate(text)));
            }
        }
    }

    private static String join(String message, String description) {
        return description.isBlank() ? message : message + " " + description;
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---- conveniences ------------------------------------------------------------------------------

    public List<Long> search(String model, List<?> domain, Integer limit, String order) {
        JsonNode ids = model(model, "search", false, domain, 0, limit, order == null ? null : List.of(List.of(order, "ASC")));
        List<Long> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(id.asLong()));
        return out;
    }

    public ArrayNode searchRead(String model, List<?> domain, List<String> fields) {
        return (ArrayNode) model(model, "search_read", false, domain, 0, null, null, fields);
    }

    public ArrayNode read(String model, List<Long> ids, List<String> fields) {
        return (ArrayNode) model(model, "read", false, ids, fields);
    }

    public List<Long> create(String model, List<? extends Map<String, ?>> values) {
        JsonNode ids = model(model, "create", true, values);
        List<Long> out = new ArrayList<>(ids.size());
        ids.forEach(id -> out.add(id.asLong()));
        return out;
    }

    public long createOne(String model, Map<String, ?> values) {
        return create(model, List.of(values)).getFirst();
    }

    public void write(String model, List<Long> ids, Map<String, ?> values) {
        model(model, "write", true, ids, values);
    }

    public void delete(String model, List<Long> ids) {
        model(model, "delete", true, ids);
    }

    /** A button (workflow transition) such as {@code account.move.post}. */
    public JsonNode button(String model, String name, List<Long> ids) {
        return model(model, name, true, ids);
    }
}
