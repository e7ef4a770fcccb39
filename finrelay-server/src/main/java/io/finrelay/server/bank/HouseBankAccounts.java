package io.finrelay.server.bank;

import io.finrelay.engine.db.Database;
import io.finrelay.model.bank.Iban;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.masterdata.MasterDataKind;
import io.finrelay.server.masterdata.MasterDataStore;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;

/**
 * The tenant's house bank accounts: the accounts its legal entities hold, which its bank statements
 * are for. A change is audited as a configuration change ({@code bank-accounts/<masked IBAN>}) in the
 * transaction that makes it.
 */
@Repository
public class HouseBankAccounts {
    private final Database db;
    private final MasterDataStore masterData;
    private final AuditLog audit;
    private final Clock clock;

    public HouseBankAccounts(Database db, MasterDataStore masterData, AuditLog audit, Clock clock) {
        this.db = db;
        this.masterData = masterData;
        this.audit = audit;
        this.clock = clock;
    }

    /** A house bank account as the API shows it. */
    public record HouseBankAccount(String iban, String legalEntity, String currency, String bic, String name, Instant createdAt,
                       Instant updatedAt) {}

    /** A saved account, and whether it was new. */
    public record Saved(HouseBankAccount account, boolean created) {}

    /**
     * Creates or replaces the account. The legal entity must be one of the tenant's (else 400 naming
     * {@code legalEntity}); the IBAN, BIC and currency are checked by the caller.
     */
    public Saved save(TenantScope scope, Iban iban, String legalEntity, String currency, String bic, String name,
                      String correlationId) {
        return db.inTenant(scope.tenantId(), c -> {
            if (!isUuid(legalEntity) || !masterData.exists(c, scope, MasterDataKind.LEGAL_ENTITIES, legalEntity)) {
                throw ApiProblem.invalid("legalEntity", legalEntity, "is not a legal entity of this tenant");
            }
            Optional<HouseBankAccountRows.Row> before = HouseBankAccountRows.find(c, scope, iban.value());
            Instant now = clock.instant();
            HouseBankAccountRows.Row after = new HouseBankAccountRows.Row(iban.value(), legalEntity, currency, bic, name,
                    before.map(HouseBankAccountRows.Row::createdAt).orElse(now), now);
            HouseBankAccountRows.upsert(c, scope, after);
            audit.configurationChanged(c, scope, "bank-accounts/" + iban.masked(), before.map(r -> audited(iban, r))
                    .orElse(null), audited(iban, after), correlationId);
            return new Saved(view(after), before.isEmpty());
        });
    }

    public Optional<HouseBankAccount> find(TenantScope scope, Iban iban) {
        return db.inTenant(scope.tenantId(), c -> HouseBankAccountRows.find(c, scope, iban.value()).map(HouseBankAccounts::view));
    }

    /** In IBAN order, after {@code after}. */
    public List<HouseBankAccount> list(TenantScope scope, String after, int limit) {
        return db.inTenant(scope.tenantId(), c -> HouseBankAccountRows.list(c, scope, after, limit).stream()
                .map(HouseBankAccounts::view).toList());
    }

    private static HouseBankAccount view(HouseBankAccountRows.Row r) {
        return new HouseBankAccount(r.iban(), r.legalEntity(), r.currency(), r.bic(), r.name(), r.createdAt(), r.updatedAt());
    }

    /** The account as the audit trail keeps it: the IBAN masked, as everywhere in the trail. */
    private static Map<String, Object> audited(Iban iban, HouseBankAccountRows.Row r) {
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("iban", iban.masked());
        audited.put("legalEntity", r.legalEntity());
        audited.put("currency", r.currency());
        audited.put("bic", r.bic());
        audited.put("name", r.name());
        return audited;
    }

    private static boolean isUuid(String text) {
        try {
            UUID.fromString(text);
            return text.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
