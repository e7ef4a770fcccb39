package io.finrelay.model.ledger;

import io.finrelay.model.Check;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.ProjectCode;
import io.finrelay.model.id.ProjectId;
import io.finrelay.model.id.TenantId;

/** A project of a legal entity that costs can be booked to; only open ones take new postings. */
public record Project(ProjectId id, TenantId tenantId, ProjectCode code, String name,
        LegalEntityId legalEntityId, boolean open) {
    public Project {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("code", code);
        Check.text("name", name, 140);
        Check.required("legalEntityId", legalEntityId);
    }
}
