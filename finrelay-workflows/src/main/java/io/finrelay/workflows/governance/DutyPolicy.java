package io.finrelay.workflows.governance;

import io.finrelay.model.Money;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's segregation-of-duties policy, and the one place its rules are evaluated. Pure: the
 * caller brings every fact (who, their roles, the amount, the payee's last bank-detail change, the
 * time), and each decision answers with the refusal, naming the rule, or with nothing.
 *
 * @param fourEyesAbove      per currency, the amount above which two distinct treasurers must release
 * @param bankDetailCooling  how long the person who changed a payee's bank details may not pay that payee
 * @param selfApprovalForbidden  whether a submitter may approve their own claim
 * @param makerChecker       whether the submitter and the approver are barred from releasing the payment
 */
public record DutyPolicy(List<Money> fourEyesAbove, Duration bankDetailCooling, boolean selfApprovalForbidden,
                         boolean makerChecker) {
    public static final String TREASURER = "treasurer";

    public static final String RELEASER_NAMED = "sod.releaser-named";
    public static final String RELEASER_ROLE = "sod.releaser-role";
    public static final String SELF_RELEASE = "sod.self-release";
    public static final String APPROVER_RELEASE = "sod.approver-release";
    public static final String BANK_DETAIL_COOLING = "sod.bank-detail-cooling";
    public static final String FOUR_EYES = "sod.four-eyes";
    public static final String SELF_APPROVAL = "sod.self-approval";

    /** What a tenant gets until it sets its own: maker-checker on, no self-approval, a 7-day cooling period. */
    public static DutyPolicy defaults() {
        return new DutyPolicy(List.of(), Duration.ofDays(7), true, true);
    }

    public DutyPolicy {
        fourEyesAbove = List.copyOf(fourEyesAbove);
        Objects.requireNonNull(bankDetailCooling, "bankDetailCooling");
        if (bankDetailCooling.isNegative()) {
            throw new IllegalArgumentException("bankDetailCooling must not be negative: " + bankDetailCooling);
        }
        Set<String> currencies = new HashSet<>();
        for (Money threshold : fourEyesAbove) {
            if (threshold.isNegative() || !currencies.add(threshold.currencyCode())) {
                throw new IllegalArgumentException("fourEyesAbove needs one non-negative amount per currency, not "
                        + fourEyesAbove);
            }
        }
    }

    /** The tenant's four-eyes threshold for a currency, if it set one. */
    public Optional<Money> fourEyesThreshold(String currency) {
        return fourEyesAbove.stream().filter(m -> m.currencyCode().equals(currency)).findFirst();
    }

    /**
     * How many distinct releasers a payment needs: two above the threshold, one at or below it. The
     * stricter of the tenant's threshold and the legal entity's own applies.
     */
    public int releasesRequired(Money amount, Money entityThreshold) {
        Optional<Money> tenant = fourEyesThreshold(amount.currencyCode());
        // compared as Money: an entity threshold in another currency than the amount is a CurrencyMismatchException
        Optional<Money> threshold = entityThreshold == null ? tenant
                : Optional.of(tenant.filter(t -> t.compareTo(entityThreshold) < 0).orElse(entityThreshold));
        return threshold.filter(t -> amount.compareTo(t) > 0).isPresent() ? 2 : 1;
    }

    /** May {@code f.releaser()} add a release to this payment now? Empty if so. */
    public Optional<Refusal> release(ReleaseFacts f) {
        String who = f.releaser().name();
        if (who.isBlank()) {
            return refuse(RELEASER_NAMED, "a release must name the person releasing");
        }
        if (!f.releaser().has(TREASURER)) {
            return refuse(RELEASER_ROLE, "segregation of duties: " + who + " does not have the treasurer role");
        }
        if (makerChecker && who.equals(f.submitter())) {
            return refuse(SELF_RELEASE, "segregation of duties: " + who + " submitted " + f.object() + " and may not release its payment");
        }
        if (makerChecker && who.equals(f.approver())) {
            return refuse(APPROVER_RELEASE, "segregation of duties: " + who + " approved " + f.object() + " and may not release its payment");
        }
        Optional<Refusal> selfApproved = approval(new Actor(f.approver() == null ? "" : f.approver(), List.of()), f.submitter());
        if (selfApproved.isPresent()) {
            return selfApproved;
        }
        BankDetailChange change = f.payeeBankChange();
        // The window is half-open: at exactly changedAt + cooling the changer may release again.
        if (change != null && change.changedBy().equals(who)
                && f.now().isBefore(change.changedAt().plus(bankDetailCooling))) {
            return refuse(BANK_DETAIL_COOLING, "segregation of duties: " + who + " changed the payee's bank details at "
                    + change.changedAt() + " and may not release a payment to them before "
                    + change.changedAt().plus(bankDetailCooling));
        }
        if (f.earlierReleasers().contains(who)) {
            return refuse(FOUR_EYES, "four eyes: " + who + " has already released this payment; a second, different "
                    + "treasurer must release it");
        }
        return Optional.empty();
    }

    /** May {@code approver} approve what {@code submitter} submitted? Empty if so. */
    public Optional<Refusal> approval(Actor approver, String submitter) {
        if (selfApprovalForbidden && approver.name().equals(submitter)) {
            return refuse(SELF_APPROVAL, "segregation of duties: " + approver.name() + " may not approve their own submission");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(String rule, String sentence) {
        return Optional.of(new Refusal(rule, sentence));
    }
}
