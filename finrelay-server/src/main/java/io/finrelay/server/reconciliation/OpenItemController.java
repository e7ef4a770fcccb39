package io.finrelay.server.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import io.finrelay.server.web.Correlation;
import io.finrelay.workflows.port.ErpPort;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a tenant expects on its accounts: open receivables and payables, by the API or pulled from the
 * ERP. Finrelay's own reimbursement payments become open items by themselves when released.
 */
@RestController
public class OpenItemController {
    private static final Set<String> STATUSES = Set.of("OPEN", "MATCHED", "PARTIAL", "WITHDRAWN", "RETURNED");

    public record OpenItemView(String id, String source, String direction, String legalEntity, String counterpartyName,
                               String counterpartyIban, String invoiceNumber, String creditorReference,
                               String endToEndId, String paymentRunId, String amount, String openAmount, String currency,
                               LocalDate dueDate, String status) {
        static OpenItemView of(OpenItemStore.Row r) {
            return new OpenItemView(r.id(), r.source(), r.direction(), r.legalEntity(), r.counterpartyName(),
                    r.counterpartyIban(), r.invoiceNumber(), r.creditorReference(), r.endToEndId(), r.paymentRunId(),
                    r.amount().toPlainString(), r.openAmount().toPlainString(), r.currency().trim(), r.dueDate(), r.status());
        }
    }

    public record Page(List<OpenItemView> items, String next) {}

    public record CreatedView(List<String> created, List<String> unchanged) {}

    private final Access access;
    private final OpenItems openItems;
    private final ReconciliationQueries queries;
    private final ErpConnections erps;
    private final ObjectMapper json;

    OpenItemController(Access access, OpenItems openItems, ReconciliationQueries queries, ErpConnections erps,
                       ObjectMapper json) {
        this.access = access;
        this.openItems = openItems;
        this.queries = queries;
        this.erps = erps;
        this.json = json;
    }

    /** Creates open items (a JSON array); 201 when any was created, 200 when all were there with the same content. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Created: the items created and those unchanged", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The same content again: the earlier record, nothing changed", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", ref = "#/components/responses/Unprocessable")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(array = @ArraySchema(
            schema = @Schema(implementation = OpenItemInput.class), minItems = 1, maxItems = OpenItemInput.MAX_ITEMS)))
    @PostMapping("/v1/tenants/{tenantId}/open-items")
    public ResponseEntity<CreatedView> create(@PathVariable UUID tenantId, @RequestBody(required = false) JsonNode body,
                                              HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.SUBMIT_EVENTS);
        List<OpenItemInput.Valid> valid = OpenItemInput.parseAll(body, json);
        OpenItems.Created done = openItems.create(scope, valid, Correlation.of(request));
        return ResponseEntity.status(done.created().isEmpty() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new CreatedView(done.created(), done.unchanged()));
    }

    /**
     * Lists open items by status (OPEN, MATCHED, PARTIAL, WITHDRAWN: a Finrelay payment that will not be made,
     * because the bank rejected it or its report was withdrawn before its release, or RETURNED: a Finrelay payment
     * the bank booked back and its workflow took), in pages.
     */
    @GetMapping("/v1/tenants/{tenantId}/open-items")
    public Page list(@PathVariable UUID tenantId, @RequestParam(required = false) String status,
                     @RequestParam(required = false) String cursor, @RequestParam(defaultValue = "100") int limit) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (status != null && !STATUSES.contains(status)) {
            throw ApiProblem.invalid("status", status, "must be one of OPEN, MATCHED, PARTIAL, WITHDRAWN, RETURNED");
        }
        if (limit < 1 || limit > 500) {
            throw ApiProblem.invalid("limit", limit, "must lie in [1, 500]");
        }
        List<OpenItemStore.Row> rows = queries.openItems(scope, status, cursor, limit + 1);
        String next = rows.size() > limit ? rows.get(limit - 1).id() : null;
        return new Page(rows.stream().limit(limit).map(OpenItemView::of).toList(), next);
    }

    /** Pulls the ERP's open payables and receivables (Tryton); a tenant whose ERP offers none gets 409. */
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The items pulled, and those already there", useReturnTypeSchema = true)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", ref = "#/components/responses/Conflict")
    @PostMapping("/v1/tenants/{tenantId}/open-items/pull-from-erp")
    public CreatedView pull(@PathVariable UUID tenantId, HttpServletRequest request) {
        TenantScope scope = access.tenant(tenantId, Action.SUBMIT_EVENTS);
        ErpPort erp = erps.tryton(scope.tenantId()).orElseThrow(() -> ApiProblem.conflict("no-erp-open-items",
                "the tenant's ERP connector offers no open items (configure a Tryton ERP connector)"));
        OpenItems.Created done = openItems.pull(scope, erp, Correlation.of(request));
        return new CreatedView(done.created(), done.unchanged());
    }
}
