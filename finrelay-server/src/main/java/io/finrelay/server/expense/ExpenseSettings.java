package io.finrelay.server.expense;

import io.finrelay.connectors.sandbox.PeerEndpoint;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.PeerUrlPolicy;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A tenant's expense settings: where its peers answer and the secrets their webhooks are signed
 * with. Connectors read the endpoints on every command, so they are cached for a second.
 */
@Component
public class ExpenseSettings {
    /** The stored row. */
    public record Settings(String expensePlatformUrl, String erpUrl, String treasuryUrl, int timeoutMillis,
                           String expenseWebhookSecret, String bankWebhookSecret) {
        Optional<PeerEndpoint> endpoint(String peer) {
            String url = switch (peer) {
                case "expense-platform" -> expensePlatformUrl;
                case "erp" -> erpUrl;
                case "treasury" -> treasuryUrl;
                default -> null;
            };
            return url == null || url.isBlank() ? Optional.empty()
                    : Optional.of(new PeerEndpoint(url, Duration.ofMillis(timeoutMillis)));
        }

        String secretFor(String source) {
            return source.equals("bank") ? bankWebhookSecret : expenseWebhookSecret;
        }
    }

    private record Cached(Optional<Settings> settings, Instant until) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Database db;
    private final Clock clock;
    private final AuditLog audit;
    private final PeerUrlPolicy peers;
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    public ExpenseSettings(Database db, Clock clock, AuditLog audit, PeerUrlPolicy peers) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.peers = peers;
    }

    public Optional<Settings> find(TenantId tenant) {
        Cached cached = cache.get(tenant);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until())) {
            return cached.settings();
        }
        Optional<Settings> settings = db.inTenant(tenant, c -> load(c, tenant));
        cache.put(tenant, new Cached(settings, now.plusSeconds(1)));
        return settings;
    }

    public Optional<PeerEndpoint> endpoint(TenantId tenant, String peer) {
        return find(tenant).flatMap(s -> s.endpoint(peer));
    }

    static Optional<Settings> load(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, tenant, "select expense_platform_url, erp_url, treasury_url, "
                + "timeout_millis, expense_webhook_secret, bank_webhook_secret from expense_settings where tenant_id = ?");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(new Settings(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                    rs.getString(5), rs.getString(6))) : Optional.empty();
        }
    }

    /**
     * Saves the endpoints; webhook secrets are generated once and kept. Returns the settings as stored;
     * the change is audited in the same transaction, without the webhook secrets.
     */
    public Settings save(TenantScope scope, String expenseUrl, String erpUrl, String treasuryUrl, int timeoutMillis,
                         String correlationId) {
        TenantId tenant = scope.tenantId();
        peers.require(Map.of("expensePlatformUrl", nullToEmpty(expenseUrl), "erpUrl", nullToEmpty(erpUrl),
                "treasuryUrl", nullToEmpty(treasuryUrl)));
        Settings saved = db.inTenant(tenant, c -> {
            Optional<Settings> before = load(c, tenant);
            try (PreparedStatement upsert = TenantSql.prepare(c, tenant, "insert into expense_settings (tenant_id, "
                    + "expense_platform_url, erp_url, treasury_url, timeout_millis, expense_webhook_secret, "
                    + "bank_webhook_secret, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id) do update set "
                    + "expense_platform_url = excluded.expense_platform_url, erp_url = excluded.erp_url, "
                    + "treasury_url = excluded.treasury_url, timeout_millis = excluded.timeout_millis, "
                    + "updated_at = excluded.updated_at")) {
                upsert.setString(2, expenseUrl);
                upsert.setString(3, erpUrl);
                upsert.setString(4, treasuryUrl);
                upsert.setInt(5, timeoutMillis);
                upsert.setString(6, newSecret());
                upsert.setString(7, newSecret());
                upsert.setTimestamp(8, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            }
            Settings after = load(c, tenant).orElseThrow();
            audit.configurationChanged(c, scope, "expense/settings", before.map(b -> audited(b, "set")).orElse(null),
                    audited(after, before.isPresent() ? "set" : "generated"), correlationId);
            return after;
        });
        cache.remove(tenant);
        return saved;
    }

    /** The settings as the audit trail keeps them: the webhook secrets only as whether they are set. */
    private static Map<String, Object> audited(Settings s, String webhookSecrets) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("expensePlatformUrl", s.expensePlatformUrl());
        out.put("erpUrl", s.erpUrl());
        out.put("treasuryUrl", s.treasuryUrl());
        out.put("timeoutMillis", s.timeoutMillis());
        out.put("webhookSecrets", webhookSecrets);
        return out;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
