package io.finrelay.server.bank;

import io.finrelay.engine.db.Database;
import io.finrelay.server.security.TenantScope;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/**
 * The tenant's cash positions: per account and currency the newest balance its bank statements
 * reported (kept up to date by the import), with the account's legal entity and how old it is.
 */
@Repository
public class CashPositions {
    private final Database db;
    private final Clock clock;

    public CashPositions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * One position. {@code balance} is signed (negative: overdrawn); {@code balanceType} the kind of
     * balance it was taken from ({@code CLOSING_BOOKED}, {@code INTERIM_AVAILABLE}...); {@code asOf} when
     * the bank reported it; {@code legalEntity} null for an account that is not a house bank account.
     */
    public record CashPosition(String account, String legalEntity, String currency, BigDecimal balance, String balanceType,
                           Instant asOf, String statementId, UUID fileId, long ageSeconds) {}

    public List<CashPosition> list(TenantScope scope) {
        Instant now = clock.instant();
        return db.inTenant(scope.tenantId(), c -> CashPositionRows.list(c, scope)).stream()
                .map(r -> new CashPosition(r.account(), r.legalEntity(), r.currency(), r.balance(), r.balanceType(), r.asOf(),
                        r.statementId(), r.fileId(), Math.max(0, Duration.between(r.asOf(), now).toSeconds())))
                .toList();
    }
}
