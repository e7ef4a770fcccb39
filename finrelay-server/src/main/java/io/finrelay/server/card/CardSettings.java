package io.finrelay.server.card;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.AccountCode;
import io.finrelay.reconciliation.card.CardMatcher;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Repository;

/**
 * A tenant's corporate card settings: how many days after posting a transaction may stay without an
 * expense line before its holder is reminded, the accounts the month-end accrual books on (no accrual
 * without them), and the matcher's date window and FX tolerance.
 */
@Repository
public class CardSettings {
    /** The settings as the API takes and gives them. */
    public record CardFeedSettings(
            @Schema(description = "days after the posting date before the holder is reminded (0-90)", example = "10")
            Integer graceDays,
            @Schema(description = "GL account the month-end accrual debits (absent: no accrual)", example = "\"6890\"")
            String accrualAccount,
            @Schema(description = "GL account the month-end accrual credits: the card liability", example = "\"2040\"")
            String liabilityAccount,
            @Schema(description = "days an expense line's date may lie before or after the transaction (0-60)", example = "3")
            Integer dateWindowDays,
            @Schema(description = "share of the billed amount a converted foreign expense line may differ by (0-0.10)",
                    example = "0.03")
            BigDecimal fxTolerance) {

        static final CardFeedSettings DEFAULTS = new CardFeedSettings(10, null, null, CardMatcher.Settings.DEFAULT.dateWindowDays(),
                CardMatcher.Settings.DEFAULT.fxTolerance());

        /** The matcher's settings. */
        CardMatcher.Settings matcher() {
            return new CardMatcher.Settings(dateWindowDays, fxTolerance, CardMatcher.Settings.DEFAULT.minMerchantSimilarity());
        }

        /** Both accounts set: the month end is accrued. */
        boolean accrues() {
            return accrualAccount != null && liabilityAccount != null;
        }

        /** Checks a request; absent fields take the defaults. 400 naming the field when one is out of range. */
        static CardFeedSettings checked(CardFeedSettings s) {
            if (s == null) {
                throw ApiProblem.invalid("body", null, "must be a JSON object of card settings");
            }
            int grace = s.graceDays() == null ? DEFAULTS.graceDays() : s.graceDays();
            if (grace < 0 || grace > 90) {
                throw ApiProblem.invalid("graceDays", grace, "must lie in [0, 90]");
            }
            int window = s.dateWindowDays() == null ? DEFAULTS.dateWindowDays() : s.dateWindowDays();
            if (window < 0 || window > 60) {
                throw ApiProblem.invalid("dateWindowDays", window, "must lie in [0, 60]");
            }
            BigDecimal fx = s.fxTolerance() == null ? DEFAULTS.fxTolerance() : s.fxTolerance();
            if (fx.signum() < 0 || fx.compareTo(new BigDecimal("0.10")) > 0) {
                throw ApiProblem.invalid("fxTolerance", fx.toPlainString(), "must lie in [0, 0.10]");
            }
            if ((s.accrualAccount() == null) != (s.liabilityAccount() == null)) {
                throw ApiProblem.invalid(s.accrualAccount() == null ? "accrualAccount" : "liabilityAccount", null,
                        "accrualAccount and liabilityAccount are set together (or neither: no accrual)");
            }
            for (String[] account : new String[][] {{"accrualAccount", s.accrualAccount()},
                    {"liabilityAccount", s.liabilityAccount()}}) {
                if (account[1] != null && !account[1].matches(AccountCode.PATTERN)) {
                    throw ApiProblem.invalid(account[0], account[1], "is no account code (e.g. 6890)");
                }
            }
            return new CardFeedSettings(grace, s.accrualAccount(), s.liabilityAccount(), window, fx);
        }
    }

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public CardSettings(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** The tenant's settings, or the defaults (ten days' grace, no accrual) when none are stored. */
    public CardFeedSettings of(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> stored(c, scope).orElse(CardFeedSettings.DEFAULTS));
    }

    private static Optional<CardFeedSettings> stored(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select grace_days, accrual_account, "
                + "liability_account, date_window_days, fx_tolerance from card_settings where tenant_id = ?")) {
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new CardFeedSettings(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getBigDecimal(5))) : Optional.empty();
            }
        }
    }

    /** Replaces the tenant's settings, audited with the settings before and after. */
    public CardFeedSettings save(TenantScope scope, CardFeedSettings settings, String correlationId) {
        CardFeedSettings checked = CardFeedSettings.checked(settings);
        return db.inTenant(scope.tenantId(), c -> {
            CardFeedSettings before = stored(c, scope).orElse(null);
            try (PreparedStatement upsert = TenantSql.prepare(c, scope, "insert into card_settings (tenant_id, grace_days, "
                    + "accrual_account, liability_account, date_window_days, fx_tolerance, updated_at) values "
                    + "(?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id) do update set grace_days = excluded.grace_days, "
                    + "accrual_account = excluded.accrual_account, liability_account = excluded.liability_account, "
                    + "date_window_days = excluded.date_window_days, fx_tolerance = excluded.fx_tolerance, "
                    + "updated_at = excluded.updated_at")) {
                upsert.setInt(2, checked.graceDays());
                upsert.setString(3, checked.accrualAccount());
                upsert.setString(4, checked.liabilityAccount());
                upsert.setInt(5, checked.dateWindowDays());
                upsert.setBigDecimal(6, checked.fxTolerance());
                upsert.setTimestamp(7, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            }
            audit.configurationChanged(c, scope, "card-settings", before, checked, correlationId);
            return checked;
        });
    }
}
