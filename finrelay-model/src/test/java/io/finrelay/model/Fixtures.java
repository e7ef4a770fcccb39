package io.finrelay.model;

import io.finrelay.model.bank.BankAccount;
import io.finrelay.model.bank.Bic;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.EmployeeId;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;

/** Realistic test data shared by the record tests. */
public final class Fixtures {
    public static final TenantId TENANT = TenantId.of("6f1c2a9e-4b7d-4e0a-9c3b-2d5e8f7a1b04");
    public static final LegalEntityId ACME_GMBH = LegalEntityId.of("0b9e3c41-7d2a-4f65-8e1b-95c4a7d3e210");
    public static final EmployeeId ERIKA = EmployeeId.of("a3d6e9f2-1c4b-4a7e-b0d3-6f9c2e5a8b17");
    public static final JournalEntryId JOURNAL = JournalEntryId.of("c2f5a8d1-4e7b-4c0a-93d6-8b1e4f7a2c39");
    public static final BankAccount ERIKA_ACCOUNT =
            BankAccount.of(Iban.of("DE89 3704 0044 0532 0130 00"), Bic.of("COBADEFFXXX"), "Erika Mustermann");
    public static final BankAccount ACME_ACCOUNT =
            BankAccount.of(Iban.of("DE75512108001245126199"), "ACME GmbH");

    private Fixtures() {}
}
