package io.finrelay.server.security;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.tenancy.TenantSql;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Repository;

/**
 * Stored API keys. Looking a key up by its prefix is the one read that cannot be tenant-scoped: it
 * is how the tenant of a request is found in the first place. Everything else goes through
 * {@link TenantSql}.
 */
@Repository
public class ApiKeys {
    private final Database db;
    private final AuditLog audit;

    public ApiKeys(Database db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /**
     * Revokes a key of the scope's tenant at once and answers it as it is now, auditing the change (as
     * {@code audited} shows a key) in the same transaction; revoking a revoked key changes and records
     * nothing. Empty when the tenant has no such key.
     */
    public Optional<StoredKey> revoke(TenantScope scope, UUID keyId, Instant now, Function<StoredKey, Object> audited,
                                      String correlationId) {
        return db.inTenant(scope.tenantId(), c -> {
            Optional<StoredKey> before = lock(c, scope, keyId);
            if (before.isEmpty()) {
                return Optional.<StoredKey>empty();
            }
            revoke(c, scope, keyId, now);
            StoredKey after = lock(c, scope, keyId).orElseThrow();
            if (before.get().revokedAt().isEmpty()) {
                audit.append(c, scope, "api-key.revoked", audited.apply(before.get()), audited.apply(after), correlationId);
            }
            return Optional.of(after);
        });
    }

    /** The scope's keys, read in a transaction of its own. */
    public List<StoredKey> list(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> list(c, scope));
    }
    private static final String COLUMNS = "id, partner_id, tenant_id, name, roles, prefix, secret_hash, created_at, "
            + "expires_at, revoked_at, rotated_to";

    /** A key as stored, without its secret (only its hash exists). */
    public record StoredKey(UUID id, PartnerId partnerId, Optional<TenantId> tenantId, String name, Set<Role> roles,
                            String prefix, byte[] secretHash, Instant createdAt, Optional<Instant> expiresAt,
                            Optional<Instant> revokedAt, Optional<UUID> rotatedTo) {
        ApiPrincipal principal() {
            return new ApiPrincipal(ApiPrincipal.Kind.KEY, id, prefix, name, partnerId, tenantId, roles);
        }
    }

    /** What a new key is: its name, roles and (optional) expiry. */
    public record KeySpec(String name, Set<Role> roles, Optional<Instant> expiresAt) {}

    public StoredKey create(Connection c, PartnerId partner, Optional<TenantId> tenant, KeySpec spec, ApiKeyToken token,
                            Instant now) throws SQLException {
        StoredKey key = new StoredKey(UUID.randomUUID(), partner, tenant, spec.name(), spec.roles(), token.prefix(),
                token.hash(), now, spec.expiresAt(), Optional.empty(), Optional.empty());
        try (PreparedStatement insert = c.prepareStatement("insert into api_key (tenant_id, id, partner_id, name, roles, "
                + "prefix, secret_hash, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, tenant.map(TenantId::value).orElse(null));
            insert.setObject(2, key.id());
            insert.setObject(3, partner.value());
            insert.setString(4, spec.name());
            insert.setArray(5, roles(c, spec.roles()));
            insert.setString(6, token.prefix());
            insert.setBytes(7, key.secretHash());
            insert.setTimestamp(8, Timestamp.from(now));
            insert.setTimestamp(9, spec.expiresAt().map(Timestamp::from).orElse(null));
            insert.executeUpdate();
        }
        return key;
    }

    /**
     * The usable key with this prefix at {@code now}: not revoked, not expired. One read by the unique
     * prefix index, and no write: a key's last use is not tracked, because that would cost a write on
     * every request.
     */
    public Optional<StoredKey> findUsable(Connection c, String prefix, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select " + COLUMNS + " from api_key where prefix = ? "
                + "and revoked_at is null and (expires_at is null or expires_at > ?)")) {
            select.setString(1, prefix);
            select.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The keys of the scope's tenant, newest first (revoked and expired ones included, for the record). */
    public List<StoredKey> list(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS
                + " from api_key where tenant_id = ? order by created_at desc, id")) {
            List<StoredKey> keys = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.add(read(rs));
                }
            }
            return keys;
        }
    }

    /** One key of the scope's tenant, locked for a change (revocation, rotation). */
    public Optional<StoredKey> lock(Connection c, TenantScope scope, UUID id) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS
                + " from api_key where tenant_id = ? and id = ? for update")) {
            select.setObject(2, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Revokes a key of the scope's tenant now; a revoked key stays revoked. */
    public void revoke(Connection c, TenantScope scope, UUID id, Instant now) throws SQLException {
        // TenantSql binds the tenant first, so the tenant-filtered key is chosen in a CTE before the new value.
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select id from api_key "
                + "where tenant_id = ? and id = ? and revoked_at is null) "
                + "update api_key set revoked_at = ? where id in (select id from target)")) {
            update.setObject(2, id);
            update.setTimestamp(3, Timestamp.from(now));
            update.executeUpdate();
        }
    }

    /** Ends a rotated key's life at {@code until} (never later than it would have ended) and links its successor. */
    public void retire(Connection c, TenantScope scope, UUID id, UUID successor, Instant until) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select id from api_key "
                + "where tenant_id = ? and id = ?) update api_key set rotated_to = ?, "
                + "expires_at = least(coalesce(expires_at, ?), ?) where id in (select id from target)")) {
            update.setObject(2, id);
            update.setObject(3, successor);
            update.setTimestamp(4, Timestamp.from(until));
            update.setTimestamp(5, Timestamp.from(until));
            update.executeUpdate();
        }
    }

    private static StoredKey read(ResultSet rs) throws SQLException {
        UUID tenant = rs.getObject(3, UUID.class);
        Timestamp expires = rs.getTimestamp(9);
        Timestamp revoked = rs.getTimestamp(10);
        return new StoredKey(rs.getObject(1, UUID.class), new PartnerId(rs.getObject(2, UUID.class)),
                Optional.ofNullable(tenant).map(TenantId::new), rs.getString(4), roles(rs.getArray(5)), rs.getString(6),
                rs.getBytes(7), rs.getTimestamp(8).toInstant(), Optional.ofNullable(expires).map(Timestamp::toInstant),
                Optional.ofNullable(revoked).map(Timestamp::toInstant), Optional.ofNullable(rs.getObject(11, UUID.class)));
    }

    static Array roles(Connection c, Set<Role> roles) throws SQLException {
        return c.createArrayOf("text", roles.stream().map(Role::wireName).sorted().toArray());
    }

    static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object name : (Object[]) array.getArray()) {
            roles.add(Role.fromWire((String) name).orElseThrow(() -> new IllegalStateException("unknown stored role " + name)));
        }
        return roles;
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
                "select 1 from api_key where 'partner-admin' = any (roles) and revoked_at is null limit 1");
             ResultSet rs = select.executeQuery()) {
            return rs.next();
        }
    }

}
