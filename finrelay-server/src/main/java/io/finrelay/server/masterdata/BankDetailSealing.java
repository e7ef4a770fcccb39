package io.finrelay.server.masterdata;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.secrets.SecretBox;
import io.finrelay.server.security.Access;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up, seals every IBAN not yet under the active key, tenant by tenant: plaintext from before
 * sealing existed, and values under a key that a rotation has since replaced. Rows already under the
 * active key are not even read, so a start with nothing to do costs one filtered scan per tenant.
 */
@Component
public class BankDetailSealing implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BankDetailSealing.class);

    private final Database db;
    private final Access access;
    private final BankDetailStore store;

    public BankDetailSealing(Database db, Access access, BankDetailStore store) {
        this.db = db;
        this.access = access;
        this.store = store;
    }

    @Override
    public void run(ApplicationArguments args) {
        sealAllTenants();
    }

    /** Seals what needs it in every tenant, one transaction per tenant; the number of documents rewritten. */
    public int sealAllTenants() {
        int total = 0;
        for (TenantId tenant : tenants()) {
            Map<String, Integer> rewritten;
            try {
                rewritten = db.inTenant(tenant, c -> store.resealAll(c, access.configured(tenant, "bank-detail sealing")));
            } catch (SecretBox.SecretException e) {
                // One unreadable value must not stop the server: that tenant stays as it was, the others go on.
                log.error("could not seal the bank details of tenant {}: {}", tenant.value(), e.getMessage());
                continue;
            }
            int count = rewritten.values().stream().mapToInt(Integer::intValue).sum();
            if (count > 0) {
                log.info("sealed the bank details of {} payee(s) of tenant {} under the active key", count, tenant.value());
            }
            total += count;
        }
        return total;
    }

    private List<TenantId> tenants() {
        return db.inTransaction(c -> {
            // Not tenant-scoped on purpose (the tenant table carries no wall): the list of tenants is what the per-tenant work starts from.
            try (PreparedStatement select = c.prepareStatement("select id from tenant order by id");
                 ResultSet rs = select.executeQuery()) {
                List<TenantId> ids = new ArrayList<>();
                while (rs.next()) {
                    ids.add(new TenantId(rs.getObject(1, UUID.class)));
                }
                return ids;
            }
        });
    }
}
