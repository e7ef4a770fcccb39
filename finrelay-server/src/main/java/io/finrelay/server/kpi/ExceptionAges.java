package io.finrelay.server.kpi;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Open exceptions by how long they have waited, in the buckets an operator's desk works by (the same on
 * the tenant's KPIs and the partner's health): under an hour, up to a day, up to three days, up to a
 * week, and longer. One select-list expression per bucket, their bounds bound as parameters from the
 * server's clock.
 */
public final class ExceptionAges {
    /** The buckets' upper bounds; the last bucket has none. */
    static final List<Duration> BOUNDS = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3),
            Duration.ofDays(7));

    /** The buckets' names, in order. */
    public static final List<String> NAMES = List.of("under 1 h", "1 h to 1 d", "1 to 3 d", "3 to 7 d", "over 7 d");

    /** How many open exceptions waited for how long. */
    public record Bucket(String age, long count) {}

    private ExceptionAges() {}

    /**
     * The select-list expressions, one per bucket, over the open exceptions' {@code created_at} of the
     * relation queried; each takes two timestamps (see {@link #bind}).
     */
    static String columns() {
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            columns.add("count(*) filter (where created_at <= ? and created_at > ?)");
        }
        return String.join(", ", columns);
    }

    /** Binds the buckets' bounds from parameter {@code first} on; answers the next free parameter index. */
    static int bind(PreparedStatement statement, int first, Instant now) throws SQLException {
        int at = first;
        Instant upper = now.plus(Duration.ofDays(36_500)); // an exception stamped a moment after now is under an hour old
        for (int i = 0; i < NAMES.size(); i++) {
            Instant lower = i < BOUNDS.size() ? now.minus(BOUNDS.get(i)) : Instant.EPOCH;
            statement.setTimestamp(at++, Timestamp.from(upper));
            statement.setTimestamp(at++, Timestamp.from(lower));
            upper = lower;
        }
        return at;
    }

    /** The buckets from the counts read in {@link #columns()}' order. */
    static List<Bucket> of(long[] counts) {
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            buckets.add(new Bucket(NAMES.get(i), counts[i]));
        }
        return List.copyOf(buckets);
    }
}
