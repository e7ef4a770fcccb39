package io.finrelay.workflows.port;

import io.finrelay.model.ledger.CostCenter;
import io.finrelay.model.ledger.GlAccount;
import io.finrelay.model.ledger.TaxCode;
import io.finrelay.model.party.Customer;
import io.finrelay.model.party.Employee;
import io.finrelay.model.party.LegalEntity;
import io.finrelay.model.party.Vendor;
import java.util.List;
import java.util.Objects;

/**
 * What changed in the ERP since a watermark, as canonical records, and the watermark to ask from next
 * time. Records the canonical model cannot hold (an employee without e-mail, a vendor without IBAN)
 * are listed in {@code skipped} with the reason instead of being dropped silently.
 */
public record MasterData(List<Synced<LegalEntity>> legalEntities, List<Synced<Vendor>> vendors,
                         List<Synced<Customer>> customers, List<Synced<Employee>> employees,
                         List<Synced<GlAccount>> accounts, List<Synced<CostCenter>> costCenters,
                         List<Synced<TaxCode>> taxes, List<FiscalPeriod> fiscalPeriods, List<ErpJournal> journals,
                         List<Skipped> skipped, Watermark next) {

    /** An ERP record that was not turned into a canonical one, and why. */
    public record Skipped(String kind, String erpRef, String reason) {}

    public MasterData {
        legalEntities = List.copyOf(legalEntities);
        vendors = List.copyOf(vendors);
        customers = List.copyOf(customers);
        employees = List.copyOf(employees);
        accounts = List.copyOf(accounts);
        costCenters = List.copyOf(costCenters);
        taxes = List.copyOf(taxes);
        fiscalPeriods = List.copyOf(fiscalPeriods);
        journals = List.copyOf(journals);
        skipped = List.copyOf(skipped);
        Objects.requireNonNull(next, "next");
    }
}
