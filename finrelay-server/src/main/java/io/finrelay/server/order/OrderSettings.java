package io.finrelay.server.order;

import io.finrelay.connectors.sandbox.PeerEndpoint;
import io.finrelay.engine.db.Database;
import io.finrelay.model.Money;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.PeerUrlPolicy;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's order-to-cash settings (table o2c_settings): the CRM's REST URL, the secret its signed
 * change events are checked with (generated once, kept on every later save), the treasury's counterparty
 * threshold and the legal entity whose receivables the orders' invoices are.
 */
public class OrderSettings {
    /** How long the CRM may take to answer. */
    static final Duration CRM_TIMEOUT = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The stored row; {@code threshold} null: none. */
    public record Settings(String crmUrl, String webhookSecret, Money threshold, String legalEntityId) {}

    private final Database db;
    private final Clock clock;
    private final AuditLog audit;
    private final PeerUrlPolicy peers;

    public OrderSettings(Database db, Clock clock, AuditLog audit, PeerUrlPolicy peers) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.peers = peers;
    }

    public Optional<Settings> find(TenantId tenant) {
        return db.inTenant(tenant, c -> load(c, tenant));
    }

    public Optional<PeerEndpoint> crm(TenantId tenant) {
        return find(tenant).map(s -> new PeerEndpoint(s.crmUrl(), CRM_TIMEOUT));
    }

    static Optional<Settings> load(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, tenant, "select crm_url, webhook_secret, threshold_amount, "
                + "threshold_currency, legal_entity from o2c_settings where tenant_id = ?");
             ResultSet rs = select.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            Money threshold = null;
            if (rs.getBigDecimal(3) != null) {
                Currency currency = Currency.getInstance(rs.getString(4));
                threshold = Money.of(rs.getBigDecimal(3).setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY),
                        currency);
            }
            return Optional.of(new Settings(rs.getString(1), rs.getString(2), threshold, rs.getString(5)));
        }
    }

    /** Saves the settings; the webhook secret is generated once. The change is audited without the secret. */
    public Settings save(TenantScope scope, String crmUrl, Money threshold, String legalEntityId, String correlationId) {
        TenantId tenant = scope.tenantId();
        peers.require(Map.of("crmUrl", crmUrl));
        return db.inTenant(tenant, c -> {
            Optional<Settings> before = load(c, tenant);
            try (PreparedStatement upsert = TenantSql.prepare(c, tenant, "insert into o2c_settings (tenant_id, crm_url, "
                    + "webhook_secret, threshold_amount, threshold_currency, legal_entity, updated_by, updated_at) values "
                    + "(?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id) do update set crm_url = excluded.crm_url, "
                    + "threshold_amount = excluded.threshold_amount, threshold_currency = excluded.threshold_currency, "
                    + "legal_entity = excluded.legal_entity, updated_by = excluded.updated_by, updated_at = excluded.updated_at")) {
                upsert.setString(2, crmUrl);
                upsert.setString(3, newSecret());
                upsert.setBigDecimal(4, threshold == null ? null : threshold.amount());
                upsert.setString(5, threshold == null ? null : threshold.currencyCode());
                upsert.setString(6, legalEntityId);
                upsert.setString(7, scope.principal().actor());
                upsert.setTimestamp(8, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            }
            Settings after = load(c, tenant).orElseThrow();
            audit.configurationChanged(c, scope, "order-to-cash/settings", before.map(OrderSettings::audited).orElse(null),
                    audited(after), correlationId);
            return after;
        });
    }

    private static Map<String, Object> audited(Settings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("crmUrl", s.crmUrl());
        out.put("counterpartyThreshold", s.threshold() == null ? null : s.threshold().amount().toPlainString() + " "
                + s.threshold().currencyCode());
        out.put("legalEntityId", s.legalEntityId());
        out.put("webhookSecret", "set");
        return out;
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
