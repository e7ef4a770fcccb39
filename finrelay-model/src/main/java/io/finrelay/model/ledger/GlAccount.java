package io.finrelay.model.ledger;

import io.finrelay.model.Check;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;

/** A general-ledger account of a legal entity, keyed by its code; only open ones take new postings. */
public record GlAccount(TenantId tenantId, AccountCode code, String name, AccountType type,
        LegalEntityId legalEntityId, boolean open) {
    public GlAccount {
        Check.required("tenantId", tenantId);
        Check.required("code", code);
        Check.text("name", name, 140);
        Check.required("type", type);
        Check.required("legalEntityId", legalEntityId);
    }
}
