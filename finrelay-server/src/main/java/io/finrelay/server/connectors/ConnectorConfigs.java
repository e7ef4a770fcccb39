package io.finrelay.server.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.json.Json;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.secrets.SecretBox;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.PeerUrlPolicy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The tenants' connector configurations. Secrets are sealed before they reach a statement and opened
 * only by {@link #openSecret}, for the connector that uses them.
 */
@Component
public class ConnectorConfigs {
    /** The connector slots a tenant can configure, and the types each accepts. */
    public static final String ERP = "erp";

    private final Database db;
    private final SecretBox box;
    private final Clock clock;
    private final AuditLog audit;
    private final PeerUrlPolicy peers;

    public ConnectorConfigs(Database db, SecretBox box, Clock clock, AuditLog audit, PeerUrlPolicy peers) {
        this.peers = peers;
        this.db = db;
        this.box = box;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Saves the settings; the secret is replaced when one is given and kept otherwise, and dropped
     * when the new type needs none. Returns the configuration as stored; the change is audited in the
     * same transaction, the secret only as whether it is set (or changed).
     */
    public ConnectorConfig save(TenantScope scope, String name, ConnectorSettings settings, Optional<String> secret,
                                String correlationId) {
        if (settings instanceof ConnectorSettings.Tryton tryton) {
            peers.require("settings.url", tryton.url().toString());
        }
        Optional<String> sealed = secret.map(s -> box.seal(s, ConnectorConfig.secretContext(scope.tenantId().toString(), name)));
        return db.inTenant(scope.tenantId(), c -> {
            Optional<ConnectorConfig> before = load(c, scope, name);
            try (PreparedStatement upsert = TenantSql.prepare(c, scope, "insert into connector_config (tenant_id, name, "
                    + "type, settings, secret_sealed, version, updated_at, updated_by) values (?, ?, ?, ?::jsonb, ?, 1, ?, ?) "
                    + "on conflict (tenant_id, name) do update set type = excluded.type, settings = excluded.settings, "
                    + "secret_sealed = case when ? then coalesce(excluded.secret_sealed, connector_config.secret_sealed) end, "
                    + "version = connector_config.version + 1, updated_at = excluded.updated_at, "
                    + "updated_by = excluded.updated_by")) {
                upsert.setString(2, name);
                upsert.setString(3, settings.type());
                upsert.setString(4, settings.toJson().toString());
                upsert.setString(5, sealed.orElse(null));
                upsert.setTimestamp(6, Timestamp.from(clock.instant()));
                upsert.setString(7, scope.principal().actor());
                upsert.setBoolean(8, settings.needsSecret());
                upsert.executeUpdate();
            }
            ConnectorConfig after = load(c, scope, name).orElseThrow();
            boolean hadSecret = before.flatMap(ConnectorConfig::sealedSecret).isPresent();
            String secretAfter = after.sealedSecret().isEmpty() ? "not set" : sealed.isPresent() && hadSecret ? "changed" : "set";
            audit.configurationChanged(c, scope, "connectors/" + name,
                    before.map(b -> audited(b, b.sealedSecret().isPresent() ? "set" : "not set")).orElse(null),
                    audited(after, secretAfter), correlationId);
            return after;
        });
    }

    /** A configuration as the audit trail keeps it: never the secret, only what became of it. */
    private static Map<String, Object> audited(ConnectorConfig config, String secret) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", config.settings().type());
        out.put("settings", config.settings().toJson());
        out.put("secret", secret);
        out.put("version", config.version());
        return out;
    }

    public Optional<ConnectorConfig> find(TenantScope scope, String name) {
        return db.inTenant(scope.tenantId(), c -> load(c, scope, name));
    }

    /** The secret in clear, for the connector that needs it; never for an API answer or a log. */
    public String openSecret(TenantScope scope, ConnectorConfig config) {
        return box.open(config.sealedSecret().orElseThrow(() -> new IllegalStateException("connector " + config.name()
                + " has no secret")), ConnectorConfig.secretContext(scope.tenantId().toString(), config.name()));
    }

    private static Optional<ConnectorConfig> load(Connection c, TenantScope scope, String name) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select type, settings::text, secret_sealed, version, "
                + "updated_at, updated_by from connector_config where tenant_id = ? and name = ?")) {
            select.setString(2, name);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ConnectorSettings settings = ConnectorSettings.parse(rs.getString(1), Json.mapper().readTree(rs.getString(2)));
                return Optional.of(new ConnectorConfig(name, settings, Optional.ofNullable(rs.getString(3)), rs.getLong(4),
                        rs.getTimestamp(5).toInstant(), rs.getString(6)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored connector settings are not JSON", e);
            }
        }
    }
}
