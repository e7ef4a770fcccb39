package io.finrelay.server.sla;

import io.finrelay.engine.exception.ExceptionStore;
import io.finrelay.server.web.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A tenant's service levels for its exception queue: an open exception must be resolved (retried, replayed,
 * resolved or cancelled) within {@code exceptionResolveWithin} of being raised, or within the time its reason code
 * has in {@code byCode}; it is <em>due soon</em> in the last {@code dueSoonWithin} before that deadline and
 * <em>breached</em> once the deadline has passed. Durations are ISO 8601 ({@code PT4H}, {@code P2D}), as the API
 * gives and takes them; {@code exceptionResolveWithin} null is a tenant without an SLA.
 *
 * <p>The deadlines of the workflows' steps (approved to scheduled, scheduled to sent, sent to acknowledged, paid to
 * reconciled) are the stuck monitors' thresholds ({@code PUT .../monitors/thresholds}); a step past its threshold
 * is raised as a {@code stuck-*} exception, so it counts here too, as a step overdue.
 */
@Schema(name = "SlaPolicy", description = "A tenant's exception service levels")
public record SlaPolicy(
        @Schema(description = "how long an open exception may wait; null: the tenant has no SLA", example = "PT24H")
        String exceptionResolveWithin,
        @Schema(description = "the time of particular reason codes (ISO 8601), by code")
        Map<String, String> byCode,
        @Schema(description = "how long before its deadline an exception counts as due soon", example = "PT4H")
        String dueSoonWithin) {

    static final Duration MIN = Duration.ofMinutes(5);
    static final Duration MAX = Duration.ofDays(366);
    static final Duration DEFAULT_DUE_SOON = Duration.ofHours(4);
    static final int MAX_CODES = 100;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

    public SlaPolicy {
        byCode = byCode == null ? Map.of() : new TreeMap<>(byCode);
    }

    /** A tenant without an SLA: nothing is due, nothing is breached. */
    static SlaPolicy none() {
        return new SlaPolicy(null, Map.of(), DEFAULT_DUE_SOON.toString());
    }

    /** True when the tenant has set its service levels. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isSet() {
        return exceptionResolveWithin != null;
    }

    /** Checks a request: 400 naming the field when a duration or code is not valid; the policy as stored. */
    static SlaPolicy parse(SlaPolicy body) {
        if (body == null) {
            throw ApiProblem.invalid("body", null, "must be a JSON object with exceptionResolveWithin");
        }
        if (body.exceptionResolveWithin() == null) {
            throw ApiProblem.invalid("exceptionResolveWithin", null, "is required, an ISO 8601 duration such as PT24H");
        }
        Duration within = duration("exceptionResolveWithin", body.exceptionResolveWithin(), MIN);
        Duration soon = body.dueSoonWithin() == null ? DEFAULT_DUE_SOON
                : duration("dueSoonWithin", body.dueSoonWithin(), Duration.ZERO);
        if (body.byCode().size() > MAX_CODES) {
            throw ApiProblem.invalid("byCode", body.byCode().size(), "names at most " + MAX_CODES + " reason codes");
        }
        Map<String, String> codes = new TreeMap<>();
        for (Map.Entry<String, String> e : body.byCode().entrySet()) {
            if (!CODE.matcher(e.getKey()).matches()) {
                throw ApiProblem.invalid("byCode", e.getKey(), "a reason code is letters, digits and . _ : -, at most 100");
            }
            codes.put(e.getKey(), duration("byCode." + e.getKey(), e.getValue(), MIN).toString());
        }
        return new SlaPolicy(within.toString(), codes, soon.toString());
    }

    private static Duration duration(String field, String text, Duration min) {
        Duration d;
        try {
            d = text == null ? null : Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            d = null;
        }
        if (d == null || d.compareTo(min) < 0 || d.compareTo(MAX) > 0) {
            throw ApiProblem.invalid(field, text, "must be an ISO 8601 duration from " + min + " to " + MAX.toDays() + " days, e.g. PT4H");
        }
        return d;
    }

    /** How long an exception of this reason code may stay open. */
    Duration within(String code) {
        String own = byCode.get(code);
        return Duration.parse(own != null ? own : exceptionResolveWithin);
    }

    /** When an exception of this code raised at {@code createdAt} must be resolved; null without an SLA. */
    public Instant deadline(String code, Instant createdAt) {
        return isSet() ? createdAt.plus(within(code)) : null;
    }

    /** Where an open exception stands: {@code breached}, {@code due-soon} or {@code on-time}; null without an SLA. */
    public String standing(String code, Instant createdAt, Instant now) {
        Instant deadline = deadline(code, createdAt);
        if (deadline == null) {
            return null;
        }
        return deadline.isBefore(now) ? "breached"
                : deadline.isBefore(now.plus(Duration.parse(dueSoonWithin))) ? "due-soon" : "on-time";
    }

    /** Which exceptions to list for a standing, as windows of their creation time (one per code with its own time). */
    List<ExceptionStore.CreatedWindow> windows(Standing standing, Instant now) {
        List<ExceptionStore.CreatedWindow> windows = new ArrayList<>();
        if (!isSet()) {
            return windows; // nothing is due without an SLA
        }
        Duration soon = Duration.parse(dueSoonWithin);
        for (Map.Entry<String, String> e : byCode.entrySet()) {
            windows.add(window(List.of(e.getKey()), false, Duration.parse(e.getValue()), soon, standing, now));
        }
        windows.add(window(List.copyOf(byCode.keySet()), true, Duration.parse(exceptionResolveWithin), soon, standing, now));
        return windows;
    }

    /** Breached: deadline before now, created before now - within. Due soon: now <= deadline < now + soon. */
    private static ExceptionStore.CreatedWindow window(List<String> codes, boolean others, Duration within, Duration soon,
                                                       Standing standing, Instant now) {
        Instant breachedBefore = now.minus(within);
        return standing == Standing.BREACHED ? new ExceptionStore.CreatedWindow(codes, others, null, breachedBefore)
                : new ExceptionStore.CreatedWindow(codes, others, breachedBefore, breachedBefore.plus(soon));
    }

    /** The SLA filters of the exception queue. */
    public enum Standing {
        BREACHED("breached"), DUE_SOON("due-soon");

        private final String wire;

        Standing(String wire) {
            this.wire = wire;
        }

        public String wireName() {
            return wire;
        }

        /** The standing a query parameter names, or a 400. */
        public static Standing of(String text) {
            for (Standing s : values()) {
                if (s.wire.equalsIgnoreCase(text.strip())) {
                    return s;
                }
            }
            throw ApiProblem.invalid("sla", text, "must be breached or due-soon");
        }
    }
}
