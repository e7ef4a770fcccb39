package io.finrelay.server.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.governance.Duties;
import io.finrelay.server.secrets.SecretBox;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.CanonicalDocument;
import io.finrelay.server.web.Correlation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changing a payee's bank account, the master-data change segregation of duties watches: who changed
 * it and when is recorded (the changer may not pay that payee within the tenant's cooling period),
 * and audited with the IBAN masked. Also re-sealing a tenant's IBANs after a key rotation.
 */
@RestController
public class BankDetailController {
    private static final String BASE = "/v1/tenants/{tenantId}";

    private final Access access;
    private final BankAccountChanges changes;
    private final SecretBox box;

    public BankDetailController(Access access, BankAccountChanges changes, SecretBox box) {
        this.access = access;
        this.changes = changes;
        this.box = box;
    }

    /**
     * Replaces the bank account of an employee or vendor. {@code changedBy} names the person making
     * the change (until people authenticate, the caller names them; absent, the API key is recorded).
     */
    @CanonicalDocument(value = {"employee", "vendor"}, request = false, response = "200")
    @PutMapping(BASE + "/{kind:employees|vendors}/{key}/bank-account")
    public JsonNode replace(@PathVariable UUID tenantId, @PathVariable String kind, @PathVariable String key,
                            @RequestBody BankAccountChange body, HttpServletRequest request) {
        // Admitted to read first: another tenant's id is a 404 whatever the role, then writing is checked.
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        MasterDataKind type = MasterDataKind.fromPath(kind).orElseThrow();
        if (body == null) {
            throw ApiProblem.invalid("body", null, "is required: the new bank account");
        }
        if (!body.otherFields().isEmpty()) {
            throw ApiProblem.invalid(body.otherFields().keySet().stream().map(field -> new ApiProblem.FieldError(
                    "bankAccount." + field, null, "is not a field of a bank account (iban, bic, holderName)",
                    "unknown-field")).toList());
        }
        String changedBy = Duties.person(scope, body.changedBy(), "changedBy", true);
        ObjectNode account = JsonNodeFactory.instance.objectNode();
        if (body.iban() != null) {
            account.put("iban", body.iban());
        }
        if (body.bic() != null) {
            account.put("bic", body.bic());
        }
        if (body.holderName() != null) {
            account.put("holderName", body.holderName());
        }
        return changes.replace(scope, type, key, account, changedBy, Correlation.of(request),
                () -> access.require(scope, Action.WRITE_MASTER_DATA));
    }

    /** Seals every IBAN of the tenant under the active key (after a rotation, or plaintext from before sealing). */
    @PostMapping(BASE + "/bank-details/reseal")
    public Resealed reseal(@PathVariable UUID tenantId, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.MANAGE_GOVERNANCE);
        Map<String, Integer> rewritten = changes.resealAll(scope, Correlation.of(request));
        return new Resealed(box.activeKeyId(), rewritten);
    }

    /** The key every IBAN is sealed under now, and how many records of each kind were rewritten. */
    public record Resealed(String activeKeyId,
                           @Schema(description = "records rewritten, per kind", example = "{\"employees\": 12, \"vendors\": 3}")
                           Map<String, Integer> rewritten) {}
}
