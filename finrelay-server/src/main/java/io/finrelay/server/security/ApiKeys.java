package io.finrelay.server.security;

import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/**
 * Stored API keys. Looking a key up by its prefix is the one read that cannot be tenant-scoped: it
 * is how the tenant of a request is found in the first place.
 */
@Repository
public class ApiKeys {

    /** A key as stored, without its secret (only its hash exists). */
    public record StoredKey(UUID id, PartnerId partnerId, Optional<TenantId> tenantId, String name, Role role,
                            String prefix, byte[] secretHash, Instant createdAt) {
        ApiPrincipal principal() {
            return new ApiPrincipal(id, name, prefix, partnerId, tenantId, role);
        }
    }

    public StoredKey create(Connection c, PartnerId partner, Optional<TenantId> tenant, String name, Role role,
                            ApiKeyToken token, Instant now) throws SQLException {
        StoredKey key = new StoredKey(UUID.randomUUID(), partner, tenant, name, role, token.prefix(), token.hash(), now);
        try (PreparedStatement insert = c.prepareStatement("insert into api_key (tenant_id, id, partner_id, name, role, "
                + "prefix, secret_hash, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, tenant.map(TenantId::value).orElse(null));
            insert.setObject(2, key.id());
            insert.setObject(3, partner.value());
            insert.setString(4, name);
            insert.setString(5, role.wireName());
            insert.setString(6, token.prefix());
            insert.setBytes(7, key.secretHash());
            insert.setTimestamp(8, Timestamp.from(now));
            insert.executeUpdate();
        }
        return key;
    }

    /** The active (not revoked) key with this prefix. */
    public Optional<StoredKey> findActive(Connection c, String prefix) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select id, partner_id, tenant_id, name, role, prefix, "
                + "secret_hash, created_at from api_key where prefix = ? and revoked_at is null")) {
            select.setString(1, prefix);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                UUID tenant = rs.getObject(3, UUID.class);
                return Optional.of(new StoredKey(rs.getObject(1, UUID.class), new PartnerId(rs.getObject(2, UUID.class)),
                        Optional.ofNullable(tenant).map(TenantId::new), rs.getString(4),
                        Role.fromWire(rs.getString(5)).orElseThrow(), rs.getString(6), rs.getBytes(7),
                        rs.getTimestamp(8).toInstant()));
            }
        }
    }

    public boolean prefixExists(Connection c, String prefix) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select 1 from api_key where prefix = ?")) {
            select.setString(1, prefix);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    public boolean anyPartnerAdmin(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select 1 from api_key where role = 'partner-admin' and revoked_at is null limit 1");
             ResultSet rs = select.executeQuery()) {
            return rs.next();
        }
    }
}
