package io.finrelay.workflows.invoice;

import io.finrelay.model.Money;
import io.finrelay.workflows.governance.Actor;
import io.finrelay.workflows.governance.DutyPolicy;
import io.finrelay.workflows.governance.Refusal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who must approve a supplier invoice, and whether a given approval counts. Pure: the tenant's rules,
 * the delegations in force and the people's roles come in as data.
 *
 * <p>A tenant keeps an ordered list of {@link Rule}s. When an invoice enters approval, the first rule
 * whose legal entity, cost center, currency and amount band fit the invoice decides its {@link Route}:
 * how many distinct approvers, which of them qualify (by role or by name), and a role one of them must
 * hold (a controller above EUR 50,000, say). No rule fitting routes the invoice to any one approver, as
 * before rules existed. The duty policy's four-eyes threshold still applies on top of the route.
 *
 * <p>A person who is away names a {@link Delegation}: between two dates, the delegate's approval counts
 * as theirs (with their roles), and is recorded as "delegate for approver". Nobody who took the invoice
 * in, or confirmed the changed bank details it is paid to, may approve it, themselves or through a
 * delegation; and nobody counts twice.
 */
public final class ApprovalRouting {
    /** An approval by someone the route does not admit (no role of the route, not named, no delegation). */
    public static final String NOT_ELIGIBLE = "sod.approver-not-eligible";
    /** The last approval a route needs must come from the role it requires. */
    public static final String REQUIRED_ROLE = "sod.approver-role";
    /** An approval on behalf of someone who has not delegated to the approver for today. */
    public static final String NO_DELEGATION = "sod.no-delegation";
    /** The person who confirmed the bank details that differ from the vendor master may not approve the invoice. */
    public static final String CONFIRMER_APPROVAL = "sod.confirmer-approval";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private ApprovalRouting() {}

    /**
     * One approval rule of a tenant.
     *
     * @param id            the rule's name, shown in the timeline (e.g. {@code de01-4100-small})
     * @param legalEntityId the legal entity it applies to, or null for any
     * @param costCenter    the cost center it applies to (the vendor's), or null for any
     * @param currency      the currency its amounts are in; an invoice in another currency does not fit
     * @param above         the band's lower end, exclusive (null: from zero)
     * @param upTo          the band's upper end, inclusive (null: no limit)
     * @param approvers     how many distinct people must approve
     * @param roles         the duty roles that qualify an approver
     * @param named         the people who qualify by name; with {@code roles}: either qualifies; both empty: anyone
     * @param requiredRole  a role at least one of the approvers must hold (qualifies on its own), or null
     */
    public record Rule(String id, String legalEntityId, String costCenter, String currency, BigDecimal above,
                       BigDecimal upTo, int approvers, List<String> roles, List<String> named, String requiredRole) {
        public Rule {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("a rule id is 1-63 of a-z 0-9 . _ -, not " + id);
            }
            Objects.requireNonNull(currency, "currency");
            if (approvers < 1 || approvers > 5) {
                throw new IllegalArgumentException("rule " + id + " needs 1 to 5 approvers, not " + approvers);
            }
            if (above != null && upTo != null && upTo.compareTo(above) <= 0) {
                throw new IllegalArgumentException("rule " + id + ": upTo " + upTo.toPlainString()
                        + " must be above " + above.toPlainString());
            }
            roles = roles == null ? List.of() : List.copyOf(roles);
            named = named == null ? List.of() : List.copyOf(named);
            if (requiredRole != null && requiredRole.isBlank()) {
                requiredRole = null;
            }
        }

        /** Does the rule apply to this invoice's entity, cost center and amount? */
        boolean fits(String entity, String costCenterOfInvoice, Money amount) {
            if (!currency.equals(amount.currencyCode())) {
                return false;
            }
            if (legalEntityId != null && !legalEntityId.equals(entity)) {
                return false;
            }
            if (costCenter != null && !costCenter.equals(costCenterOfInvoice)) {
                return false;
            }
            BigDecimal value = amount.amount().abs();
            return (above == null || value.compareTo(above) > 0) && (upTo == null || value.compareTo(upTo) <= 0);
        }

        private String band() {
            return (above == null ? "up to " : "above " + above.toPlainString() + (upTo == null ? "" : " and up to "))
                    + (upTo == null ? "" : upTo.toPlainString()) + " " + currency;
        }
    }

    /** {@code approver} lets {@code delegate} approve for them from {@code from} to {@code to}, both days included. */
    public record Delegation(String approver, List<String> approverRoles, String delegate, LocalDate from, LocalDate to) {
        public Delegation {
            Objects.requireNonNull(approver, "approver");
            Objects.requireNonNull(delegate, "delegate");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            approverRoles = approverRoles == null ? List.of() : List.copyOf(approverRoles);
        }

        boolean inForce(String who, LocalDate day) {
            return delegate.equals(who) && !day.isBefore(from) && !day.isAfter(to);
        }
    }

    /**
     * What an invoice needs, fixed when it entered approval: the rule that routed it ({@code ruleId}, null
     * when none fitted), the approvers, who qualifies, the role one must hold, and why (for the timeline).
     */
    public record Route(String ruleId, int approvers, List<String> roles, List<String> named, String requiredRole,
                        String reason) {
        public Route {
            roles = roles == null ? List.of() : List.copyOf(roles);
            named = named == null ? List.of() : List.copyOf(named);
            Objects.requireNonNull(reason, "reason");
        }

        /** Any one approver, as before approval rules: the route of invoices no rule fits. */
        public static Route anyone(String reason) {
            return new Route(null, 1, List.of(), List.of(), null, reason);
        }

        boolean admits(String name, List<String> rolesHeld) {
            if (roles.isEmpty() && named.isEmpty() && requiredRole == null) {
                return true;
            }
            return named.contains(name) || rolesHeld.stream().anyMatch(roles::contains)
                    || (requiredRole != null && rolesHeld.contains(requiredRole));
        }

        private String who() {
            List<String> any = new ArrayList<>();
            if (!roles.isEmpty()) {
                any.add("role " + String.join(" or ", roles));
            }
            if (!named.isEmpty()) {
                any.add("named " + String.join(", ", named));
            }
            return any.isEmpty() ? "anyone" : String.join(" or ", any);
        }
    }

    /** One approval that counts: {@code by} acted, for {@code onBehalfOf} when delegated; {@code roles}: of whom it counts for. */
    public record Approval(String by, String onBehalfOf, List<String> roles) {
        public Approval {
            Objects.requireNonNull(by, "by");
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        /** The person the approval counts for. */
        public String counts() {
            return onBehalfOf != null ? onBehalfOf : by;
        }

        /** How the timeline and the invoice show it: {@code "k.brandt"} or {@code "m.wolf for k.brandt"}. */
        public String shown() {
            return onBehalfOf != null ? by + " for " + onBehalfOf : by;
        }
    }

    /**
     * The route of an invoice of {@code amount} booked to {@code legalEntityId} and {@code costCenter}: the
     * first of the tenant's {@code rules} that fits, or any one approver when none does.
     */
    public static Route route(List<Rule> rules, String legalEntityId, String costCenter, Money amount) {
        String facts = "legal entity " + legalEntityId + ", cost center " + (costCenter == null ? "none" : costCenter)
                + ", " + amount.amount().abs().toPlainString() + " " + amount.currencyCode();
        for (Rule rule : rules == null ? List.<Rule>of() : rules) {
            if (rule.fits(legalEntityId, costCenter, amount)) {
                Route route = new Route(rule.id(), rule.approvers(), rule.roles(), rule.named(), rule.requiredRole(), "");
                String reason = "approval rule " + rule.id() + " routed it (" + facts + "; the rule covers "
                        + (rule.legalEntityId() == null ? "any legal entity" : "legal entity " + rule.legalEntityId())
                        + ", " + (rule.costCenter() == null ? "any cost center" : "cost center " + rule.costCenter())
                        + ", " + rule.band() + "): " + rule.approvers() + " approver" + (rule.approvers() == 1 ? "" : "s")
                        + " of " + route.who()
                        + (rule.requiredRole() == null ? "" : ", one of them with role " + rule.requiredRole());
                return new Route(rule.id(), rule.approvers(), rule.roles(), rule.named(), rule.requiredRole(), reason);
            }
        }
        return Route.anyone("no approval rule of the tenant fits (" + facts + "): any one approver, "
                + "two above the duty policy's four-eyes threshold");
    }

    /** How many approvals the invoice needs: the route's, or two when the duty policy's four eyes ask more. */
    public static int required(Route route, DutyPolicy policy, Money amount) {
        return Math.max(route.approvers(), policy.releasesRequired(amount.abs(), null));
    }

    /** What a person's attempt to approve comes to: the approval that counts, or the rule that refuses it. */
    public sealed interface Outcome {
        record Counts(Approval approval) implements Outcome {}

        record Refused(Refusal refusal) implements Outcome {}
    }

    /**
     * Whether {@code actor}'s approval counts, now that {@code sofar} have approved and {@code required}
     * are needed. {@code onBehalfOf}: the person the actor says they approve for (null: the actor's own
     * right, else a delegation in force to the actor of someone the route admits). {@code submitter}
     * took the invoice in; {@code confirmer} confirmed its changed bank details (or null).
     */
    public static Outcome approve(Route route, List<Approval> sofar, int required, Actor actor, String onBehalfOf,
                                  List<Delegation> delegations, LocalDate today, DutyPolicy policy, String submitter,
                                  String confirmer, String invoice) {
        String who = actor.name();
        Approval approval;
        if (onBehalfOf != null && !onBehalfOf.equals(who)) {
            Optional<Delegation> d = delegations.stream().filter(x -> x.approver().equals(onBehalfOf) && x.inForce(who, today))
                    .findFirst();
            if (d.isEmpty()) {
                return refuse(NO_DELEGATION, who + " approves invoice " + invoice + " for " + onBehalfOf + ", but "
                        + onBehalfOf + " has no delegation to " + who + " in force on " + today);
            }
            approval = new Approval(who, onBehalfOf, d.get().approverRoles());
        } else if (route.admits(who, actor.roles())) {
            approval = new Approval(who, null, actor.roles());
        } else {
            Optional<Delegation> d = delegations.stream().filter(x -> x.inForce(who, today)
                    && route.admits(x.approver(), x.approverRoles())
                    && sofar.stream().noneMatch(a -> a.counts().equals(x.approver()))).findFirst();
            if (d.isEmpty()) {
                return refuse(NOT_ELIGIBLE, who + " may not approve invoice " + invoice + ": "
                        + (route.ruleId() == null ? "" : "rule " + route.ruleId() + " ") + "asks for " + route.who()
                        + (route.requiredRole() == null ? "" : " or role " + route.requiredRole())
                        + ", and no one it admits has delegated to " + who + " for " + today);
            }
            approval = new Approval(who, d.get().approver(), d.get().approverRoles());
        }
        if (approval.onBehalfOf() != null && !route.admits(approval.onBehalfOf(), approval.roles())) {
            return refuse(NOT_ELIGIBLE, onBehalfOf + ", for whom " + who + " approves, may not approve invoice " + invoice
                    + " either: " + (route.ruleId() == null ? "" : "rule " + route.ruleId() + " ") + "asks for " + route.who());
        }
        for (String person : approval.onBehalfOf() == null ? List.of(who) : List.of(who, approval.onBehalfOf())) {
            Optional<Refusal> self = policy.approval(new Actor(person, List.of()), submitter);
            if (self.isPresent()) {
                return new Outcome.Refused(new Refusal(self.get().rule(), "segregation of duties: "
                        + person + " took invoice " + invoice + " in and may not approve it"
                        + (person.equals(who) ? "" : ", not even through " + who)));
            }
            if (policy.selfApprovalForbidden() && person.equals(confirmer)) {
                return refuse(CONFIRMER_APPROVAL, "segregation of duties: " + person + " confirmed the changed bank details "
                        + "of invoice " + invoice + " and may not also approve it");
            }
            if (sofar.stream().anyMatch(a -> a.by().equals(person) || a.counts().equals(person))) {
                return refuse(DutyPolicy.FOUR_EYES, "four eyes: " + person + " has already approved invoice " + invoice
                        + "; a second, different approver must");
            }
        }
        String role = route.requiredRole();
        boolean roleMissing = role != null && sofar.stream().noneMatch(a -> a.roles().contains(role))
                && !approval.roles().contains(role);
        if (roleMissing && sofar.size() + 1 >= required) {
            return refuse(REQUIRED_ROLE, "invoice " + invoice + " needs an approver with role " + role
                    + (route.ruleId() == null ? "" : " (rule " + route.ruleId() + ")") + " and has none yet; "
                    + approval.counts() + " does not hold it, so the last approval must come from a " + role);
        }
        return new Outcome.Counts(approval);
    }

    /** Are {@code approvals} enough? */
    public static boolean complete(Route route, List<Approval> approvals, int required) {
        return approvals.size() >= required && (route.requiredRole() == null
                || approvals.stream().anyMatch(a -> a.roles().contains(route.requiredRole())));
    }

    private static Outcome refuse(String rule, String sentence) {
        return new Outcome.Refused(new Refusal(rule, sentence));
    }
}
