package io.finrelay.engine.inbox;

import io.finrelay.model.id.TenantId;
import java.util.Objects;

/**
 * The deduplication key of an inbound event or request: the tenant, where it came from
 * (e.g. {@code "api"}, {@code "webhook:concur"}, {@code "engine"}) and the sender's external id or
 * {@code Idempotency-Key}. Keys never expire.
 */
public record InboxKey(TenantId tenantId, String source, String key) {
    public static final int MAX_KEY_LENGTH = 255;

    /**
     * The source of deliveries the engine makes to itself: command outcomes and fired timers. They are
     * exactly-once by construction (the outbox or timer row they come from is deleted in the same
     * transaction that applies them), so they are not recorded in the inbox.
     */
    public static final String ENGINE = "engine";

    public InboxKey {
        Objects.requireNonNull(tenantId, "tenantId");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("idempotency key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }

    public boolean internal() {
        return ENGINE.equals(source);
    }

    /** The text hashed into the transaction-scoped advisory lock that marks the key as in flight. */
    String lockText() {
        return tenantId + "\u001f" + source + "\u001f" + key;
    }
}
