package io.finrelay.server.bank;

import io.finrelay.server.security.Access;
import io.finrelay.server.security.Action;
import io.finrelay.server.security.TenantScope;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/tenants/{t}/cash/positions}: the latest balance per legal entity, account and currency, with its age. */
@RestController
public class CashPositionController {
    /** All positions of the tenant (one per account and currency: a short list, not paged). */
    public record CashPositionList(List<CashPositions.CashPosition> items) {}

    private final Access access;
    private final CashPositions positions;

    public CashPositionController(Access access, CashPositions positions) {
        this.access = access;
        this.positions = positions;
    }

    /** The cash position per house account and currency from the latest statement balances, with their age. */
    @Operation(operationId = "listCashPositions")
    @GetMapping("/v1/tenants/{tenantId}/cash/positions")
    public CashPositionList list(@PathVariable UUID tenantId) {
        TenantScope scope = access.tenant(tenantId, Action.READ_OPERATIONS);
        return new CashPositionList(positions.list(scope));
    }
}
