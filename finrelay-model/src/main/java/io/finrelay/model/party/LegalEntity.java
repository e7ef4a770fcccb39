package io.finrelay.model.party;

import io.finrelay.model.Check;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import java.util.Currency;

/** A legal entity (company code): it keeps a ledger in its functional currency. */
public record LegalEntity(LegalEntityId id, TenantId tenantId, String name, String country, Currency functionalCurrency) {
    public LegalEntity {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.text("name", name, 140);
        Check.country("country", country);
        Check.moneyCurrency("functionalCurrency", functionalCurrency);
    }
}
