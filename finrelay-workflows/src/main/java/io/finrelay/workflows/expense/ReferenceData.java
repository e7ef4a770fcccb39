package io.finrelay.workflows.expense;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The tenant's master data one report needs, as it stood when it was looked up: the answer of the
 * {@code resolve} command. The workflow decides on this snapshot and never reads a database itself,
 * so a decision can be replayed from the audit trail. A missing entry (null, or absent from a map)
 * means the master data has no such record.
 *
 * @param costCenters by the report's code; {@code code} is the one to book on (after the tenant's mapping)
 * @param accounts    by the report's GL account code, likewise
 * @param taxCodes    by the report's tax code
 * @param fxRates     by line date (ISO text), only when the report currency is not the functional one
 * @param earlierDuplicates earlier reports of the same employee with a line of the same amount, date and
 *                    merchant, or the same receipt hash, within the window
 * @param projects    by the project code named on a line (lines without a project need none); a snapshot
 *                    recorded before projects were looked up reads as none
 */
public record ReferenceData(Employee employee, Entity entity, Policy policy, Map<String, CostCenter> costCenters,
                            Map<String, Account> accounts, Map<String, Tax> taxCodes, Map<String, Fx> fxRates,
                            List<String> earlierDuplicates, Map<String, Project> projects) {

    public record Employee(String id, String legalEntityId, String name, boolean active, String iban, String bic,
                           String holderName) {}

    public record Entity(String id, String country, String functionalCurrency) {}

    /**
     * The legal entity's expense policy: where the employee payable and input tax are booked, the four-eyes
     * threshold, and the account that takes the lines paid by company card ({@code cardClearingAccount}: the
     * corporate card clearing or liability account the issuer's settlement clears; null when none is set, and
     * then a report with such a line cannot be booked).
     */
    public record Policy(String payableAccount, String inputTaxAccount, BigDecimal fourEyesThreshold,
                         String cardClearingAccount) {}

    public record CostCenter(String code, String legalEntityId, boolean open) {}

    public record Project(String code, String legalEntityId, boolean open) {}

    public record Account(String code, String legalEntityId, boolean open) {}

    public record Tax(String code, String country, BigDecimal ratePercent, boolean recoverable) {}

    /** 1 unit of the report currency = {@code rate} units of the functional currency, dated and sourced. */
    public record Fx(LocalDate rateDate, BigDecimal rate, String source) {}

    public ReferenceData {
        costCenters = costCenters == null ? Map.of() : Map.copyOf(costCenters);
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        taxCodes = taxCodes == null ? Map.of() : Map.copyOf(taxCodes);
        fxRates = fxRates == null ? Map.of() : Map.copyOf(fxRates);
        earlierDuplicates = earlierDuplicates == null ? List.of() : List.copyOf(earlierDuplicates);
        projects = projects == null ? Map.of() : Map.copyOf(projects);
    }
}
