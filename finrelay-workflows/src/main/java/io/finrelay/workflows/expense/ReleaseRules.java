package io.finrelay.workflows.expense;

import java.util.List;
import java.util.Optional;

/**
 * Who may release a reimbursement (segregation of duties): a person with the treasurer role who is
 * neither the report's submitter nor its approver; above the tenant's threshold, two distinct such
 * people (four eyes). A refusal names the rule it broke, so that the audit trail says why.
 */
public final class ReleaseRules {
    public static final String TREASURER = "treasurer";

    private ReleaseRules() {}

    /** Empty if {@code releaser} may add a release now; otherwise the reason for the refusal. */
    public static Optional<String> refusal(Claim claim, List<String> releasedBy, String releaser, List<String> roles) {
        if (releaser == null || releaser.isBlank()) {
            return Optional.of("a release must name the person releasing");
        }
        if (roles == null || !roles.contains(TREASURER)) {
            return Optional.of("segregation of duties: " + releaser + " does not have the treasurer role");
        }
        if (releaser.equals(claim.submitter())) {
            return Optional.of("segregation of duties: " + releaser + " submitted report " + claim.reportId()
                    + " and may not release its payment");
        }
        if (releaser.equals(claim.approver())) {
            return Optional.of("segregation of duties: " + releaser + " approved report " + claim.reportId()
                    + " and may not release its payment");
        }
        if (releasedBy.contains(releaser)) {
            return Optional.of("four eyes: " + releaser + " has already released this payment; a second, different "
                    + "treasurer must release it");
        }
        return Optional.empty();
    }
}
