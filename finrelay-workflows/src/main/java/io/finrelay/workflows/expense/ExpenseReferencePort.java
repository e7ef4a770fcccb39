package io.finrelay.workflows.expense;

import io.finrelay.engine.workflow.Reading;
import java.sql.SQLException;
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
 * <p>Every method reads with the engine's connection, which is not confined to one tenant: each must
 * filter by {@code reading.tenant()} itself.
 */
public interface ExpenseReferencePort {

    /** The employee, bank details opened (unsealed), or empty. */
    Optional<ReferenceData.Employee> employee(Reading reading, String employeeId) throws SQLException;

    Optional<ReferenceData.Entity> entity(Reading reading, String legalEntityId) throws SQLException;

    Optional<ReferenceData.Policy> policy(Reading reading, String legalEntityId) throws SQLException;

    /** The tenant's code mappings: kind ({@code cost-center}, {@code gl-account}, {@code tax-code}) to source to target. */
    Map<String, Map<String, String>> mappings(Reading reading) throws SQLException;

    /** Every cost center with this code, whatever its legal entity (codes are unique per entity). */
    List<ReferenceData.CostCenter> costCenters(Reading reading, String code) throws SQLException;

    /** Every project with this code, whatever its legal entity. */
    List<ReferenceData.Project> projects(Reading reading, String code) throws SQLException;

    Optional<ReferenceData.Account> account(Reading reading, String code) throws SQLException;

    Optional<ReferenceData.Tax> tax(Reading reading, String code) throws SQLException;

    /** The latest stored rate from {@code base} to {@code quote} dated on or before {@code day}, however old. */
    Optional<ReferenceData.Fx> latestRate(Reading reading, String base, String quote, LocalDate day) throws SQLException;

    /**
     * Registers the report's fingerprints (each once, so registering again changes nothing), serialised
     * per employee so that of two identical reports exactly one is the later, and returns every report
     * that registered one of the same fingerprints before this one, with when it did.
     */
    List<EarlierClaim> registerFingerprints(Reading reading, String employeeId, String reportId, List<String> fingerprints)
            throws SQLException;

    /** A report that registered a fingerprint before the one looked at. */
    record EarlierClaim(String reportId, Instant receivedAt) {}
}
