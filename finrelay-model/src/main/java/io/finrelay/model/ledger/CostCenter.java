package io.finrelay.model.ledger;

import io.finrelay.model.Check;
import io.finrelay.model.id.CostCenterCode;
import io.finrelay.model.id.CostCenterId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;

/** A cost center of a legal entity; only open ones take new postings. */
public record CostCenter(CostCenterId id, TenantId tenantId, CostCenterCode code, String name,
        LegalEntityId legalEntityId, boolean open) {
    public CostCenter {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("code", code);
        Check.text("name", name, 140);
        Check.required("legalEntityId", legalEntityId);
    }
}
