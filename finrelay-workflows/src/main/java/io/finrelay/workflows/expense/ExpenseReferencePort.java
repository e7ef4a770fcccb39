package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.Reading;
import io.finrelay.workflows.governance.BankDetailChange;
import io.finrelay.workflows.governance.DutyPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tenant's stored master data as the expense workflow reads it, in the transaction that decides
 * (see {@link ExpenseReimbursement#enrich}). The server implements it over its tables. It returns what
 * is stored, unjudged: which entry counts (the mapping's precedence, the employee's own entity, how
 * old a rate may be, how far back a duplicate counts) is decided by {@link ReferenceRules}.
 *
 * <p>An implementation reads with the engine's connection, which is not confined to one tenant: it
 * must filter by the reading's tenant itself. A database failure is an unchecked
 * {@code DatabaseException}: it fails the transaction, it is not a finding about the report.
 */
public interface ExpenseReferencePort {

    /** The port reading in one deciding transaction, for its instance's tenant. */
    @FunctionalInterface
    interface Source {
        ExpenseReferencePort in(Reading reading);
    }

    /** The employee, bank details opened (unsealed), or empty. */
    Optional<ReferenceData.Employee> employee(String employeeId);

    Optional<ReferenceData.Entity> entity(String legalEntityId);

    Optional<ReferenceData.Policy> policy(String legalEntityId);

    /** The tenant's code mappings: kind ({@code cost-center}, {@code gl-account}, {@code tax-code}) to source to target. */
    Map<String, Map<String, String>> mappings();

    /** Every cost center with this code, whatever its legal entity (codes are unique per entity). */
    List<ReferenceData.CostCenter> costCenters(String code);

    /** Every project with this code, whatever its legal entity. */
    List<ReferenceData.Project> projects(String code);

    Optional<ReferenceData.Account> account(String code);

    Optional<ReferenceData.Tax> tax(String code);

    /** The latest stored rate from {@code base} to {@code quote} dated on or before {@code day}, however old. */
    Optional<ReferenceData.Fx> latestRate(String base, String quote, LocalDate day);

    /**
     * Registers the report's fingerprints (each once, so registering again changes nothing), serialised
     * (at least per employee) so that of two identical reports exactly one is the later, and returns every report
     * that registered one of the same fingerprints before this one, with when it did.
     */
    List<EarlierClaim> registerFingerprints(String employeeId, String reportId, List<String> fingerprints);

    /** The release roles the tenant's expense set-up gives {@code person} (the person a machine key names), sorted. */
    List<String> releaseRoles(String person);

    /** The last change of the employee's bank details, or empty when they never changed. */
    Optional<BankDetailChange> lastBankDetailChange(String employeeId);

    /** The tenant's duty policy ({@link DutyPolicy#defaults()} when it has not set one). */
    DutyPolicy dutyPolicy();

    /** A report that registered a fingerprint before the one looked at. */
    record EarlierClaim(String reportId, Instant receivedAt) {}
}
