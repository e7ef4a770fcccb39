package io.finrelay.server.metrics;

import io.finrelay.model.id.TenantId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code tenant} tag of a metric, bounded: the first {@code max} tenants seen get their own
 * value (the tenant id), any further tenant is counted under {@code other}, so that a partner with
 * thousands of customers cannot blow up the number of time series a scrape returns.
 */
public final class TenantTags {
    public static final String OTHER = "other";

    private final int max;
    private final Set<String> tagged = ConcurrentHashMap.newKeySet();

    public TenantTags(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("finrelay.metrics.max-tenants must be at least 1, got " + max);
        }
        this.max = max;
    }

    /** The tenants that have a tag of their own so far. */
    public Set<String> tagged() {
        return Set.copyOf(tagged);
    }

    public String of(TenantId tenant) {
        return of(tenant == null ? null : tenant.toString());
    }

    public String of(String tenant) {
        if (tenant == null) {
            return "none";
        }
        if (tagged.contains(tenant)) {
            return tenant;
        }
        synchronized (this) {
            if (tagged.size() < max) {
                tagged.add(tenant);
                return tenant;
            }
        }
        return OTHER;
    }
}
