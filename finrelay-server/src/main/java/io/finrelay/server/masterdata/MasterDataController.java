package io.finrelay.server.masterdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.AcceptsIdempotencyKey;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.CanonicalDocument;
import io.finrelay.server.web.Correlation;
import io.finrelay.server.web.IdempotentRequests;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Master data of a tenant: legal entities, employees, vendors, cost centers, projects, GL accounts and tax codes.
 * Input is checked twice, by the canonical JSON Schema (shape) and by building the model record (the
 * deeper rules); either way a refusal names the field. Records refer to a legal entity of the same tenant.
 */
@RestController
public class MasterDataController {
    private static final String BASE = "/v1/tenants/{tenantId}/{kind:" + MasterDataKind.PATH_PATTERN + "}";

    /** A page of records; {@code next} is the {@code after} value of the next page, absent on the last. */
    public record Page(
            @ArraySchema(arraySchema = @Schema(description = "records of the path's kind, as GET .../{key} answers each"))
            List<JsonNode> items,
            @Schema(description = "the key to list after for the next page; absent on the last") String next) {}

    private final Access access;
    private final MasterDataStore store;
    private final CanonicalValidator validator;
    private final IdempotentRequests idempotent;
    private final Clock clock;
    private final BankDetailStore bankDetailStore;
    private final AuditLog audit;

    public MasterDataController(Access access, MasterDataStore store, CanonicalValidator validator,
                                IdempotentRequests idempotent, Clock clock, BankDetailStore bankDetailStore,
                                AuditLog audit) {
        this.audit = audit;
        this.bankDetailStore = bankDetailStore;
        this.access = access;
        this.store = store;
        this.validator = validator;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    /** Creates a master-data record of the given kind (legal entity, cost center, project, GL account...). */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the record, created", useReturnTypeSchema = true)
    @CanonicalDocument(value = {"legal-entity", "employee", "vendor", "cost-center", "project", "gl-account", "tax-code"}, response = "201")
    @AcceptsIdempotencyKey
    @PostMapping(path = BASE, consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JsonNode> create(@PathVariable UUID tenantId, @PathVariable String kind,
                                           @RequestBody JsonNode body, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.WRITE_MASTER_DATA);
        MasterDataKind type = kind(kind);
        if (!body.isObject()) {
            throw ApiProblem.invalid("body", null, "must be a JSON object");
        }
        List<ApiProblem.FieldError> errors = validator.validate(type.schema(), body);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        ObjectNode document = ((ObjectNode) body).deepCopy();
        if (document.has("tenantId") && !document.get("tenantId").asText().equalsIgnoreCase(tenantId.toString())) {
            throw ApiProblem.invalid("tenantId", document.get("tenantId").asText(), "must be the tenant of the path, or left out");
        }
        document.put("tenantId", tenantId.toString());
        return idempotent.execute(scope.tenantId(), request, body, c -> {
            if (type.keyedById()) {
                // The caller may bring its own id (the schema checked its shape); stored in one spelling.
                document.put("id", document.has("id") ? UUID.fromString(document.get("id").asText()).toString()
                        : UUID.randomUUID().toString());
            }
            type.toRecord(document, scope.tenantId());
            String key = document.get(type.keyField()).asText();
            Optional<UUID> legalEntity = type.legalEntityOf(document);
            if (legalEntity.isPresent() && !store.exists(c, scope, MasterDataKind.LEGAL_ENTITIES, legalEntity.get().toString())) {
                throw ApiProblem.invalid("legalEntityId", legalEntity.get().toString(), "no such legal entity in this tenant");
            }
            if (store.exists(c, scope, type, key)) {
                throw new ApiProblem(HttpStatus.CONFLICT, "already-exists", "Already exists",
                        "a " + type.storedName() + " with " + type.keyField() + " '" + key + "' already exists",
                        Map.of(type.keyField(), key));
            }
            store.insert(c, scope, type, key, document, clock.instant());
            if (BankDetails.holdsBankAccount(type.storedName())) {
                // Creating a payee sets its bank details: the creator is their first changer.
                bankDetailStore.recordChange(c, scope, type.storedName(), key, scope.principal().actor(), clock.instant());
            }
            // The trail keeps a payee's IBAN masked, as a reader without the bank-details permission sees it.
            audit.append(c, scope, "master-data.created", null, BankDetails.masked(document), Correlation.of(request));
            URI location = URI.create("/v1/tenants/" + tenantId + "/" + type.path() + "/" + key);
            return IdempotentRequests.Outcome.of(HttpStatus.CREATED, location, document);
        });
    }

    /** One master-data record of the given kind. */
    @CanonicalDocument(value = {"legal-entity", "employee", "vendor", "cost-center", "project", "gl-account", "tax-code"}, request = false, response = "200")
    @GetMapping(BASE + "/{key}")
    public JsonNode get(@PathVariable UUID tenantId, @PathVariable String kind, @PathVariable String key) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        MasterDataKind type = kind(kind);
        // IBANs are masked for callers without read-bank-details by IbanMaskingAdvice, for every answer.
        return store.find(scope, type, key)
                .orElseThrow(() -> ApiProblem.notFound(type.storedName() + " " + key));
    }

    /** Lists the master-data records of the given kind. */
    @GetMapping(BASE)
    public Page list(@PathVariable UUID tenantId, @PathVariable String kind,
                     @RequestParam(required = false) String after,
                     @RequestParam(defaultValue = "50") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_MASTER_DATA);
        MasterDataKind type = kind(kind);
        int size = Math.clamp(limit, 1, 500);
        List<JsonNode> items = store.list(scope, type, after, size);
        String next = items.size() < size ? null : items.getLast().get(type.keyField()).asText();
        return new Page(items, next);
    }

    private static MasterDataKind kind(String path) {
        return MasterDataKind.fromPath(path).orElseThrow(() -> ApiProblem.notFound("resource " + path));
    }
}
