package io.finrelay.server.security;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.tenancy.TenantSql;
import io.finrelay.server.web.ApiProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Repository;

/**
 * People who log in to Finrelay with a username and password. A username is unique within its tenant
 * (a partner's own people: within the partner), so that no tenant learns another's usernames. Finding
 * a person at login is, like finding an API key by prefix, the one read that cannot be tenant-scoped:
 * the login names the tenant by its slug (or the partner by its id). Everything else goes through
 * {@link TenantSql}.
 */
@Repository
public class Users {
    private final Database db;
    private final AuditLog audit;

    public Users(Database db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** The person of a login to the tenant with this slug, looked up before the tenant's wall is up. */
    public Optional<User> findForTenantLogin(String tenantSlug, String username) {
        return db.inSystem(c -> findForLogin(c, "tenant_id = (select id from tenant where slug = ?)", tenantSlug,
                username));
    }

    /** The person of a login to the partner itself (a partner administrator). */
    public Optional<User> findForPartnerLogin(PartnerId partner, String username) {
        return db.inSystem(c -> findForLogin(c, "tenant_id is null and partner_id = ?", partner.value(), username));
    }

    /**
     * A person by id, whatever their tenant: the console's re-check of a live session on each request (the session
     * names the person; like the login's look-up, this read comes before any tenant's wall is up).
     */
    public Optional<User> findById(UUID id) {
        return db.inSystem(c -> {
            try (PreparedStatement select = c.prepareStatement("select " + COLUMNS + " from app_user where id = ?")) {
                select.setObject(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<User>empty();
                }
            }
        });
    }

    /** A partner's own people (partner-admins; no tenant, so outside every tenant's wall). */
    public List<User> listForPartner(PartnerId partner) {
        return db.inSystem(c -> listForPartner(c, partner));
    }

    /** Disables one of a partner's own people; empty when the partner has no such person. */
    public Optional<User> disableForPartner(PartnerId partner, UUID id, Instant now) {
        return db.inSystem(c -> disableForPartner(c, partner, id, now));
    }

    /**
     * Disables a person of the scope's tenant and answers them as they are now, auditing the change
     * (as {@code view} shows a person) in the same transaction; disabling a disabled person changes
     * and records nothing. Empty when the tenant has no such person.
     */
    public Optional<User> disable(TenantScope scope, UUID id, Instant now, Function<User, Object> view,
                                  String correlationId) {
        return db.inTenant(scope.tenantId(), c -> {
            Optional<User> before = find(c, scope, id);
            if (before.isEmpty()) {
                return Optional.<User>empty();
            }
            disable(c, scope, id, now);
            User after = find(c, scope, id).orElseThrow();
            if (before.get().disabledAt().isEmpty()) {
                audit.append(c, scope, "user.disabled", view.apply(before.get()), view.apply(after), correlationId);
            }
            return Optional.of(after);
        });
    }

    /** Refuses a username another person of the scope's tenant has: 409 {@code username-taken}. */
    public void refuseTaken(Connection c, TenantScope scope, String username) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope,
                "select exists (select 1 from app_user where tenant_id = ? and username = ?)")) {
            select.setString(2, username);
            refuseTaken(select, username, "this tenant");
        }
    }

    /** Refuses a username another of the partner's own people has: 409 {@code username-taken}. */
    public void refuseTakenForPartner(Connection c, PartnerId partner, String username) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select exists (select 1 from app_user "
                + "where partner_id = ? and tenant_id is null and username = ?)")) {
            select.setObject(1, partner.value());
            select.setString(2, username);
            refuseTaken(select, username, "the partner");
        }
    }

    private static void refuseTaken(PreparedStatement exists, String username, String where) throws SQLException {
        try (ResultSet rs = exists.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw ApiProblem.conflict("username-taken", "the username '" + username + "' is already in use in "
                        + where);
            }
        }
    }

    /** The scope's users, read in a transaction of its own. */
    public List<User> list(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> list(c, scope));
    }
    private static final String COLUMNS = "id, partner_id, tenant_id, username, password_hash, roles, created_at, disabled_at";

    /** A user as stored; {@code passwordHash} is a BCrypt hash. */
    public record User(UUID id, PartnerId partnerId, Optional<TenantId> tenantId, String username, String passwordHash,
                       Set<Role> roles, Instant createdAt, Optional<Instant> disabledAt) {}

    public User create(Connection c, TenantScope scope, String username, String passwordHash, Set<Role> roles,
                       Instant now) throws SQLException {
        User user = new User(UUID.randomUUID(), scope.principal().partnerId(), Optional.of(scope.tenantId()), username,
                passwordHash, roles, now, Optional.empty());
        try (PreparedStatement insert = TenantSql.prepare(c, scope, "insert into app_user (tenant_id, id, partner_id, "
                + "username, password_hash, roles, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(2, user.id());
            insert.setObject(3, user.partnerId().value());
            insert.setString(4, username);
            insert.setString(5, passwordHash);
            insert.setArray(6, ApiKeys.roles(c, roles));
            insert.setTimestamp(7, Timestamp.from(now));
            insert.executeUpdate();
        }
        return user;
    }

    /** A person who administers every tenant of a partner (no tenant; the partner-admin role). */
    public User createForPartner(Connection c, PartnerId partner, String username, String passwordHash, Instant now)
            throws SQLException {
        User user = new User(UUID.randomUUID(), partner, Optional.empty(), username, passwordHash,
                Set.of(Role.PARTNER_ADMIN), now, Optional.empty());
        try (PreparedStatement insert = c.prepareStatement("insert into app_user (tenant_id, id, partner_id, username, "
                + "password_hash, roles, created_at) values (null, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, user.id());
            insert.setObject(2, partner.value());
            insert.setString(3, username);
            insert.setString(4, passwordHash);
            insert.setArray(5, ApiKeys.roles(c, user.roles()));
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
        return user;
    }

    /** The partner's own people (not those of its tenants). */
    public List<User> listForPartner(Connection c, PartnerId partner) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select " + COLUMNS
                + " from app_user where partner_id = ? and tenant_id is null order by created_at, username")) {
            select.setObject(1, partner.value());
            List<User> users = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    users.add(read(rs));
                }
            }
            return users;
        }
    }

    /** Disables one of the partner's own people; empty when the partner has no such person. */
    public Optional<User> disableForPartner(Connection c, PartnerId partner, UUID id, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("update app_user set disabled_at = coalesce(disabled_at, ?) "
                + "where partner_id = ? and tenant_id is null and id = ? returning " + COLUMNS)) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setObject(2, partner.value());
            update.setObject(3, id);
            try (ResultSet rs = update.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private Optional<User> findForLogin(Connection c, String where, Object realm, String username) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select " + COLUMNS + " from app_user where username = ? and "
                + where)) {
            select.setString(1, username);
            select.setObject(2, realm);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<User> list(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS
                + " from app_user where tenant_id = ? order by created_at, username")) {
            List<User> users = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    users.add(read(rs));
                }
            }
            return users;
        }
    }

    public Optional<User> find(Connection c, TenantScope scope, UUID id) throws SQLException {
        try (PreparedStatement select = TenantSql.prepare(c, scope, "select " + COLUMNS
                + " from app_user where tenant_id = ? and id = ?")) {
            select.setObject(2, id);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Disables a user of the scope's tenant (kept for the record: the audit trail names it); again changes nothing. */
    public void disable(Connection c, TenantScope scope, UUID id, Instant now) throws SQLException {
        try (PreparedStatement update = TenantSql.prepare(c, scope, "with target as (select id from app_user "
                + "where tenant_id = ? and id = ? and disabled_at is null) "
                + "update app_user set disabled_at = ? where id in (select id from target)")) {
            update.setObject(2, id);
            update.setTimestamp(3, Timestamp.from(now));
            update.executeUpdate();
        }
    }

    private static User read(ResultSet rs) throws SQLException {
        UUID tenant = rs.getObject(3, UUID.class);
        Timestamp disabled = rs.getTimestamp(8);
        return new User(rs.getObject(1, UUID.class), new PartnerId(rs.getObject(2, UUID.class)),
                Optional.ofNullable(tenant).map(TenantId::new), rs.getString(4), rs.getString(5), ApiKeys.roles(rs.getArray(6)),
                rs.getTimestamp(7).toInstant(), Optional.ofNullable(disabled).map(Timestamp::toInstant));
    }
}
