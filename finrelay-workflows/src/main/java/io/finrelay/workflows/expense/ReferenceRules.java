package io.finrelay.workflows.expense;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which stored master data counts for a report: pure functions over what {@link ExpenseReferencePort}
 * returns, so the rules are tested without a database and read in one place.
 */
public final class ReferenceRules {
    /** How old a rate may be and still convert a receipt (weekends and holidays have none). */
    public static final int FX_MAX_AGE_DAYS = 7;
    /** How far back an earlier report with the same fingerprint makes this one a possible duplicate. */
    public static final Duration DUPLICATE_WINDOW = Duration.ofDays(180);

    private ReferenceRules() {}

    /** The code to book on: the tenant's mapping of the report's code when it has one, else the code itself. */
    public static String mapped(Map<String, Map<String, String>> mappings, String kind, String code) {
        return mappings.getOrDefault(kind, Map.of()).getOrDefault(code, code);
    }

    /**
     * Of the entries sharing a code across legal entities, the one of the employee's entity; failing
     * that, the first (the port returns them in a stable order).
     */
    public static <T> Optional<T> ofEntity(List<T> candidates, Function<T, String> entityOf, String legalEntityId) {
        return candidates.stream().filter(c -> legalEntityId.equals(entityOf.apply(c))).findFirst()
                .or(() -> candidates.stream().findFirst());
    }

    /** A rate converts a receipt of {@code day} if it is dated on that day or up to six days before. */
    public static Optional<ReferenceData.Fx> usableRate(Optional<ReferenceData.Fx> latest, LocalDate day) {
        return latest.filter(r -> !r.rateDate().isAfter(day) && r.rateDate().isAfter(day.minusDays(FX_MAX_AGE_DAYS)));
    }

    /** The earlier reports that make this one a possible duplicate: registered within the window before {@code now}, by id. */
    public static List<String> duplicates(List<ExpenseReferencePort.EarlierClaim> earlier, String reportId, Instant now) {
        Instant from = now.minus(DUPLICATE_WINDOW);
        TreeSet<String> ids = new TreeSet<>();
        for (ExpenseReferencePort.EarlierClaim e : earlier) {
            if (!e.reportId().equals(reportId) && e.receivedAt().isAfter(from)) {
                ids.add(e.reportId());
            }
        }
        return List.copyOf(ids);
    }
}
