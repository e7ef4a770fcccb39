package io.finrelay.server.security;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.Tenants;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * The partner of a tenant, remembered after the first look-up: a tenant never moves to another
 * partner, so the answer cannot go stale, and authenticating a JWT or admitting a partner admin then
 * costs no database round trip. Only found tenants are remembered (an unknown id is asked again).
 */
@Component
public class TenantDirectory {
    private final Database db;
    private final Tenants tenants;
    private final ConcurrentMap<TenantId, PartnerId> partners = new ConcurrentHashMap<>();

    public TenantDirectory(Database db, Tenants tenants) {
        this.db = db;
        this.tenants = tenants;
    }

    public Optional<PartnerId> partnerOf(TenantId tenant) {
        PartnerId known = partners.get(tenant);
        if (known != null) {
            return Optional.of(known);
        }
        return remember(tenant, db.inSystem(c -> tenants.partnerOf(c, tenant)));
    }

    /**
     * The same, looked up (when not remembered) on {@code c}, a transaction in the system role the caller holds:
     * for work inside the engine's deciding transaction, which must not wait for a second connection.
     */
    public Optional<PartnerId> partnerOf(Connection c, TenantId tenant) throws SQLException {
        PartnerId known = partners.get(tenant);
        if (known != null) {
            return Optional.of(known);
        }
        return remember(tenant, tenants.partnerOf(c, tenant));
    }

    private Optional<PartnerId> remember(TenantId tenant, Optional<PartnerId> found) {
        found.ifPresent(p -> partners.putIfAbsent(tenant, p));
        return found;
    }
}
