package io.finrelay.server.tenancy;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.TenantScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/**
 * Partners and tenants. A tenant is read through a {@link TenantScope}; the only unscoped lookup,
 * {@link #partnerOf}, is what the access check itself uses to decide whether a partner admin may
 * enter a tenant.
 */
@Repository
public class Tenants {
    private final Database db;
    private final AuditLog audit;

    public Tenants(Database db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /**
     * Opens the new tenant's own trail with the record of its creation, in the caller's transaction,
     * which acts under the partner's id: it steps into the new tenant for the record (the wall admits
     * no other tenant's rows) and back out, so that what follows (the idempotency record) is the partner's.
     */
    public void recordCreation(Connection c, Tenant tenant, String actor, Object after, String correlationId)
            throws SQLException {
        Database.enterTenant(c, tenant.id());
        audit.append(c, tenant.id(), actor, "tenant.created", null, after, correlationId);
        Database.enterTenant(c, new TenantId(tenant.partnerId().value()));
    }

    /** The scope's tenant, read in a transaction of its own. */
    public Optional<Tenant> find(TenantScope scope) {
        return db.inTenant(scope.tenantId(), c -> find(c, scope));
    }

    public PartnerId createPartner(Connection c, String name, Instant now) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement("insert into partner (id, name, created_at) values (?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, name);
            insert.setTimestamp(3, Timestamp.from(now));
            insert.executeUpdate();
        }
        return new PartnerId(id);
    }

    public Optional<PartnerId> firstPartner(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select id from partner order by created_at, id limit 1");
             ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(new PartnerId(rs.getObject(1, UUID.class))) : Optional.empty();
        }
    }

    public boolean slugTaken(Connection c, String slug) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select 1 from tenant where slug = ?")) {
            select.setString(1, slug);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Tenant create(Connection c, PartnerId partner, String name, String slug, Instant now) throws SQLException {
        Tenant tenant = new Tenant(new TenantId(UUID.randomUUID()), partner, name, slug, "ACTIVE", now);
        try (PreparedStatement insert = c.prepareStatement(
                "insert into tenant (id, partner_id, name, slug, status, created_at) values (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, tenant.id().value());
            insert.setObject(2, partner.value());
            insert.setString(3, name);
            insert.setString(4, slug);
            insert.setString(5, tenant.status());
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        }
        return tenant;
    }

    public Optional<Tenant> find(Connection c, TenantScope scope) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select id, partner_id, name, slug, status, created_at from tenant where id = ?")) {
            select.setObject(1, scope.tenantId().value());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Tenant(new TenantId(rs.getObject(1, UUID.class)),
                        new PartnerId(rs.getObject(2, UUID.class)), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getTimestamp(6).toInstant()));
            }
        }
    }

    /**
     * A partner's tenants, by name. The tenant table has no tenant wall (names, reached after the access
     * check): the caller has admitted a partner admin into this partner first.
     */
    public List<Tenant> ofPartner(PartnerId partner) {
        return db.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select id, partner_id, name, slug, status, created_at "
                    + "from tenant where partner_id = ? order by name, id")) {
                select.setObject(1, partner.value());
                List<Tenant> found = new java.util.ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Tenant(new TenantId(rs.getObject(1, UUID.class)),
                                new PartnerId(rs.getObject(2, UUID.class)), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getTimestamp(6).toInstant()));
                    }
                }
                return found;
            }
        });
    }

    /** The id of the tenant with {@code slug}, if there is one (a tenant named by its slug in configuration). */
    public Optional<TenantId> idOfSlug(String slug) {
        return db.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select id from tenant where slug = ?")) {
                select.setString(1, slug);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new TenantId(rs.getObject(1, UUID.class))) : Optional.<TenantId>empty();
                }
            }
        });
    }

    /** The partner of the tenant with {@code slug}, if there is one. */
    public Optional<PartnerId> partnerOfSlug(String slug) {
        return db.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("select partner_id from tenant where slug = ?")) {
                select.setString(1, slug);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new PartnerId(rs.getObject(1, UUID.class))) : Optional.<PartnerId>empty();
                }
            }
        });
    }

    /** The partner of a tenant, if the tenant exists. */
    public Optional<PartnerId> partnerOf(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select partner_id from tenant where id = ?")) {
            select.setObject(1, tenant.value());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new PartnerId(rs.getObject(1, UUID.class))) : Optional.empty();
            }
        }
    }
}
