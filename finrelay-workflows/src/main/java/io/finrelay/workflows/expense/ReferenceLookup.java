package io.finrelay.workflows.expense;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers the {@link ReferenceData} one report needs through the port, applying {@link ReferenceRules}:
 * the employee, the legal entity and its expense policy, each line's cost center, GL account and tax
 * code (after the tenant's mapping), its project if it names one (by code, not mapped), the dated FX
 * rate, and earlier reports with the same fingerprints (registering the report's own).
 */
final class ReferenceLookup {
    private ReferenceLookup() {}

    static ReferenceData resolve(ExpenseReferencePort port, Instant now, Claim claim) {
        List<String> duplicates = ReferenceRules.duplicates(port.registerFingerprints(claim.employeeId(),
                claim.reportId(), Fingerprints.of(claim)), claim.reportId(), now);
        Optional<ReferenceData.Employee> found = port.employee(claim.employeeId());
        if (found.isEmpty()) {
            return new ReferenceData(null, null, null, Map.of(), Map.of(), Map.of(), Map.of(), duplicates, Map.of());
        }
        ReferenceData.Employee employee = found.get();
        String entityId = employee.legalEntityId();
        ReferenceData.Entity entity = port.entity(entityId).orElse(null);
        Map<String, Map<String, String>> mappings = port.mappings();
        Map<String, ReferenceData.CostCenter> costCenters = new HashMap<>();
        Map<String, ReferenceData.Account> accounts = new HashMap<>();
        Map<String, ReferenceData.Tax> taxes = new HashMap<>();
        Map<String, ReferenceData.Fx> fx = new HashMap<>();
        Map<String, ReferenceData.Project> projects = new HashMap<>();
        for (Claim.Line line : claim.lines()) {
            String cc = ReferenceRules.mapped(mappings, "cost-center", line.costCenter());
            ReferenceRules.ofEntity(port.costCenters(cc), ReferenceData.CostCenter::legalEntityId, entityId)
                    .ifPresent(c -> costCenters.put(line.costCenter(), c));
            if (line.project() != null) {
                ReferenceRules.ofEntity(port.projects(line.project()), ReferenceData.Project::legalEntityId,
                        entityId).ifPresent(p -> projects.put(line.project(), p));
            }
            port.account(ReferenceRules.mapped(mappings, "gl-account", line.account()))
                    .ifPresent(a -> accounts.put(line.account(), a));
            port.tax(ReferenceRules.mapped(mappings, "tax-code", line.taxCode()))
                    .ifPresent(t -> taxes.put(line.taxCode(), t));
            if (entity != null && !claim.currency().equals(entity.functionalCurrency())) {
                ReferenceRules.usableRate(port.latestRate(claim.currency(), entity.functionalCurrency(),
                        line.date()), line.date()).ifPresent(r -> fx.put(line.date().toString(), r));
            }
        }
        return new ReferenceData(employee, entity, entity == null ? null : port.policy(entityId).orElse(null),
                costCenters, accounts, taxes, fx, duplicates, projects);
    }
}
