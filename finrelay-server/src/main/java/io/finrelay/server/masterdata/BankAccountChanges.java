package io.finrelay.server.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.audit.AuditRecord;
import io.finrelay.engine.audit.AuditTrail;
import io.finrelay.engine.db.Database;
import io.finrelay.model.bank.Iban;
import io.finrelay.server.secrets.SecretBox;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The transactions behind {@link BankDetailController}: a payee's bank account replaced (with who
 * changed it, and the audit record with the IBAN masked) and a tenant's IBANs resealed, each in one
 * transaction inside the tenant.
 */
@Component
public class BankAccountChanges {
    private final Database db;
    private final MasterDataStore store;
    private final BankDetailStore bankDetails;
    private final SecretBox box;
    private final Clock clock;
    private final CanonicalValidator validator;
    private final AuditTrail audit = new AuditTrail();

    public BankAccountChanges(Database db, MasterDataStore store, BankDetailStore bankDetails, SecretBox box, Clock clock,
                              CanonicalValidator validator) {
        this.db = db;
        this.store = store;
        this.bankDetails = bankDetails;
        this.box = box;
        this.clock = clock;
        this.validator = validator;
    }

    /**
     * Replaces the payee's bank account and answers the payee as it is now. {@code mayWrite} runs once
     * the payee is found (another tenant's id stays a 404 whatever the caller's role) and refuses a
     * caller who may only read.
     */
    public JsonNode replace(TenantScope scope, MasterDataKind type, String key, ObjectNode account, String changedBy,
                            String correlationId, Runnable mayWrite) {
        return db.inTenant(scope.tenantId(), c -> {
            JsonNode current = store.find(c, scope, type, key).orElseThrow(() -> ApiProblem.notFound(type.storedName() + " " + key));
            mayWrite.run();
            ObjectNode next = ((ObjectNode) current).deepCopy();
            next.set("bankAccount", account);
            List<ApiProblem.FieldError> errors = validator.validate(type.schema(), next);
            if (!errors.isEmpty()) {
                throw ApiProblem.invalid(errors);
            }
            type.toRecord(next, scope.tenantId());
            if (next.equals(current)) {
                return current;
            }
            Instant now = clock.instant();
            bankDetails.replaceAccount(c, scope, type.storedName(), key, next);
            bankDetails.recordChange(c, scope, type.storedName(), key, changedBy, now);
            audit.append(c, List.of(new AuditRecord(scope.tenantId(), null, correlationId, now,
                    scope.principal().actor(), "master-data.bank-details-changed", Map.of("kind", type.storedName(),
                    "key", key, "changedBy", changedBy, "iban", Iban.of(account.path("iban").asText()).masked()))));
            return next;
        });
    }

    /** Seals every IBAN of the tenant under the active key; answers how many of each kind were rewritten. */
    public Map<String, Integer> resealAll(TenantScope scope, String correlationId) {
        return db.inTenant(scope.tenantId(), c -> {
            Map<String, Integer> counts = bankDetails.resealAll(c, scope);
            audit.append(c, List.of(new AuditRecord(scope.tenantId(), null, correlationId, clock.instant(),
                    scope.principal().actor(), "secrets.resealed", Map.of("activeKeyId", box.activeKeyId(),
                    "rewritten", counts))));
            return counts;
        });
    }
}
