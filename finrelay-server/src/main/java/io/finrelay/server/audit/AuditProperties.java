package io.finrelay.server.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The audit trail's settings ({@code finrelay.audit.*}).
 *
 * @param retention how long audit records are kept ({@code FINRELAY_AUDIT_RETENTION}, e.g. {@code 3650d});
 *                  empty keeps them forever. Removed records leave an anchor so the rest still verifies.
 */
@ConfigurationProperties("finrelay.audit")
public record AuditProperties(Duration retention) {
    public AuditProperties {
        if (retention != null && (retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("finrelay.audit.retention must be positive, got " + retention);
        }
    }
}
