package io.finrelay.server.security;

import io.finrelay.server.web.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the lifetimes a request gives: an expiry ({@code expiresIn} or {@code expiresAt}) or a grace period. */
final class Lifetimes {
    static final Duration MAX_GRACE = Duration.ofDays(30);

    private Lifetimes() {}

    /** The expiry asked for, if any; it must lie in the future. Both forms at once are refused. */
    static Optional<Instant> expiry(String expiresIn, String expiresAt, Instant now) {
        if (expiresIn != null && expiresAt != null) {
            throw ApiProblem.invalid("expiresAt", expiresAt, "give expiresIn or expiresAt, not both");
        }
        if (expiresIn != null) {
            Duration lifetime = duration("expiresIn", expiresIn);
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw ApiProblem.invalid("expiresIn", expiresIn, "must be a positive ISO-8601 duration, e.g. P90D");
            }
            return Optional.of(now.plus(lifetime));
        }
        if (expiresAt != null) {
            Instant at;
            try {
                at = Instant.parse(expiresAt);
            } catch (DateTimeParseException e) {
                throw ApiProblem.invalid("expiresAt", expiresAt, "must be an ISO-8601 instant, e.g. 2027-03-31T00:00:00Z");
            }
            if (!at.isAfter(now)) {
                throw ApiProblem.invalid("expiresAt", expiresAt, "must lie in the future");
            }
            return Optional.of(at);
        }
        return Optional.empty();
    }

    /** A grace period of zero (the old secret stops at once) up to {@link #MAX_GRACE}. */
    static Duration grace(String text) {
        if (text == null) {
            return Duration.ZERO;
        }
        Duration grace = duration("gracePeriod", text);
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw ApiProblem.invalid("gracePeriod", text, "must be an ISO-8601 duration from PT0S to P30D");
        }
        return grace;
    }

    private static Duration duration(String field, String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, text, "must be an ISO-8601 duration, e.g. P90D or PT24H");
        }
    }
}
