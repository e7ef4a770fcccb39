package io.finrelay.model.party;

import io.finrelay.model.Check;
import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.id.EmployeeId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;

/** An employee of a legal entity; reimbursements go to {@code bankAccount}. */
public record Employee(EmployeeId id, TenantId tenantId, LegalEntityId legalEntityId, String name, String email,
        boolean active, BankAccount bankAccount) {
    public Employee {
        Check.required("id", id);
        Check.required("tenantId", tenantId);
        Check.required("legalEntityId", legalEntityId);
        Check.text("name", name, 140);
        Check.email("email", email);
        Check.required("bankAccount", bankAccount);
    }
}
