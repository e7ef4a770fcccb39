package io.finrelay.connectors.sandbox;

import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.reconciliation.BankBooking;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Clears reconciled open items in a REST ERP: the {@code clear-match} command of a reconciliation
 * match goes to {@code POST /api/v1/clearings} with the command id as Idempotency-Key, and after an
 * unknown outcome it is looked up by that key before anything is sent again. The ERP clears an item
 * once; a clearing of an already cleared item under another key is refused there. After a bank
 * return, {@code reverse-clearing} undoes a clearing at {@code POST /api/v1/clearing-reversals}, under
 * the same rules: one reversal per clearing, looked up by its key after an unknown outcome. A line a
 * tenant's rule books (a bank charge) is posted at {@code POST /api/v1/bank-bookings}, once per line.
 */
public final class ClearingConnector extends RestErpCommands {

    /** @param endpoints the tenant's REST ERP (empty: none configured) */
    public ClearingConnector(Function<TenantId, Optional<PeerEndpoint>> endpoints) {
        super(ReconciliationMatch.ERP, endpoints, Map.of(ReconciliationMatch.CLEAR, "/api/v1/clearings",
                ReconciliationMatch.REVERSE, "/api/v1/clearing-reversals", BankBooking.POST, "/api/v1/bank-bookings"));
    }
}
