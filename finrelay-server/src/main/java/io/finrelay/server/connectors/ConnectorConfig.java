package io.finrelay.server.connectors;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One connector of one tenant as stored: its settings and, if set, its secret sealed by the server's
 * SecretBox. {@code version} grows with every save, so a cached connection knows when it is stale.
 */
public record ConnectorConfig(String name, ConnectorSettings settings, Optional<String> sealedSecret, long version,
                              Instant updatedAt, String updatedBy) {
    public ConnectorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sealedSecret, "sealedSecret");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }

    /** The context the secret is sealed under: a value copied to another tenant or connector does not open. */
    public static String secretContext(String tenantId, String name) {
        return "tenant/" + tenantId + "/connector/" + name + "/secret";
    }

    @Override
    public String toString() {
        // The sealed value is not secret, but it is noise in a log; its presence is what matters.
        return "ConnectorConfig[" + name + ", " + settings.type() + ", secret " + (sealedSecret.isPresent() ? "set" : "not set")
                + ", version " + version + "]";
    }
}
