package io.finrelay.connectors.erp.tryton;

import io.finrelay.model.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Canonical ids for Tryton records. Tryton numbers its records per database; Finrelay's ids are
 * UUIDs. A name-based UUID of (tenant, database, model, id) gives the same canonical id on every pull,
 * so repeated pulls update records instead of duplicating them.
 */
public final class TrytonIds {
    private TrytonIds() {}

    public static UUID uuid(TenantId tenant, String database, String model, long id) {
        return UUID.nameUUIDFromBytes(("tryton:" + tenant + ":" + database + ":" + model + ":" + id)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The tag Finrelay writes into a record's description: {@code [finrelay:<command id>]}. */
    public static String tag(UUID commandId) {
        return "[finrelay:" + commandId + "]";
    }
}
