package io.finrelay.server.ledger;

import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.ApiProblem;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The books Finrelay caused, for an outside check: the journals it posted in the ERP as an hledger journal. */
@RestController
public class LedgerController {
    private final Access access;
    private final LedgerExport export;

    public LedgerController(Access access, LedgerExport export) {
        this.access = access;
        this.export = export;
    }

    /**
     * The expense journal entries and supplier invoices Finrelay posted in the tenant's ERP, as an hledger
     * journal ({@code format=hledger}, the only format so far), oldest first.
     */
    @GetMapping(value = "/v1/tenants/{tenantId}/ledger/export", produces = "text/plain")
    public ResponseEntity<String> export(@PathVariable UUID tenantId,
                                         @RequestParam(defaultValue = "hledger") String format) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        if (!format.equals("hledger")) {
            throw ApiProblem.invalid("format", format, "must be hledger");
        }
        return ResponseEntity.ok().contentType(new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"finrelay-" + tenantId + ".journal\"")
                .body(export.hledger(scope));
    }
}
