package io.finrelay.model.party;

import io.finrelay.model.Check;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.id.VendorId;

/** A vendor (supplier) a legal entity pays, at {@code bankAccount}. */
public record Vendor(VendorId id, TenantId tenantId, LegalEntityId legalEntityId, String name, String country,
        BankAccount bankAccount, boolean active) {
    public Vendor {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("legalEntityId", legalEntityId);
        Check.text("name", name, 140);
        Check.country("country", country);
        Check.required("bankAccount", bankAccount);
    }
}
