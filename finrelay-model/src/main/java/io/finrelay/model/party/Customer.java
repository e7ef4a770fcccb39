package io.finrelay.model.party;

import io.finrelay.model.Check;
import io.finrelay.model.Money;
import io.finrelay.model.id.CustomerId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;

/** A customer a legal entity invoices, with the credit limit order-to-cash checks against (zero or more). */
public record Customer(CustomerId id, TenantId tenantId, LegalEntityId legalEntityId, String name, String country,
        Money creditLimit, boolean active) {
    public Customer {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("legalEntityId", legalEntityId);
        Check.text("name", name, 140);
        Check.country("country", country);
        Check.notNegative("creditLimit", creditLimit);
    }
}
