package io.finrelay.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The correlation id of a request: the caller's {@code X-Correlation-Id}, else the trace id of its
 * W3C {@code traceparent}, else a new one. It is returned on every response, put in the log MDC and
 * handed to the engine, which carries it into every audit record, command and timer.
 */
public final class Correlation {
    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";
    static final String ATTRIBUTE = Correlation.class.getName();
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String INVALID_TRACE = "0".repeat(32);

    private Correlation() {}

    /** The id to use for a request with these headers (either may be null). */
    public static String resolve(String correlationHeader, String traceparent) {
        if (correlationHeader != null && ACCEPTED.matcher(correlationHeader.trim()).matches()) {
            return correlationHeader.trim();
        }
        return traceId(traceparent).orElseGet(() -> UUID.randomUUID().toString());
    }

    static Optional<String> traceId(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        var m = TRACEPARENT.matcher(traceparent.trim());
        if (!m.matches() || m.group(1).equals(INVALID_TRACE)) {
            return Optional.empty();
        }
        return Optional.of(m.group(1));
    }

    /** The correlation id the filter gave this request. */
    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id != null ? id.toString() : UUID.randomUUID().toString();
    }
}
