package io.finrelay.server.bank;

import io.finrelay.engine.db.Database;
import io.finrelay.server.security.TenantScope;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/** The read side of the bank file ledger, for the API: each read in a transaction of its own, inside the tenant. */
@Repository
public class BankFileStore {
    private final Database db;

    public BankFileStore(Database db) {
        this.db = db;
    }

    /** Newest first, before {@code before} if given, of one status if given. */
    public List<BankFileView> list(TenantScope scope, UUID before, String status, int limit) {
        return db.inTenant(scope.tenantId(), c -> BankFileRows.list(c, scope, before, status, limit));
    }

    public Optional<BankFileView> find(TenantScope scope, UUID fileId) {
        return db.inTenant(scope.tenantId(), c -> BankFileRows.find(c, scope, fileId));
    }
}
