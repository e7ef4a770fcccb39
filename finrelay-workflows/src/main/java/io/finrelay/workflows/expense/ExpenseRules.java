package io.finrelay.workflows.expense;

import io.finrelay.model.Money;
import io.finrelay.model.bank.Iban;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CostCenterCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.PartyRef;
import io.finrelay.model.ledger.Side;
import io.finrelay.model.ledger.TaxCode;
import io.finrelay.model.id.TaxCodeKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The checks a report passes before anything is booked, and the journal it is booked with. Pure:
 * everything comes in the claim and the reference data snapshot.
 */
public final class ExpenseRules {
    private ExpenseRules() {}

    /** Every problem with the report, first the employee's, then line by line; empty if it can be booked. */
    public static List<Finding> validate(Claim claim, ReferenceData ref) {
        List<Finding> findings = new ArrayList<>();
        ReferenceData.Employee employee = ref.employee();
        if (employee == null) {
            findings.add(finding("unknown-employee", "employee " + claim.employeeId() + " does not exist in the master data",
                    claim, "employeeId", claim.employeeId()));
            return findings;
        }
        if (!employee.active()) {
            findings.add(finding("inactive-employee", "employee " + claim.employeeId() + " (" + employee.name()
                    + ") is not active", claim, "employeeId", claim.employeeId()));
        }
        if (employee.iban() == null || !Iban.isValid(employee.iban())) {
            findings.add(finding("invalid-bank-details", "employee " + employee.name() + " has no valid IBAN",
                    claim, "employeeId", claim.employeeId()));
        }
        ReferenceData.Entity entity = ref.entity();
        if (entity == null || ref.policy() == null) {
            findings.add(finding("missing-expense-policy", "legal entity " + employee.legalEntityId()
                    + " has no expense policy (payable and input tax accounts)", claim, "legalEntityId",
                    employee.legalEntityId()));
            return findings;
        }
        if (claim.hasCompanyPaidLines() && (ref.policy().cardClearingAccount() == null
                || ref.policy().cardClearingAccount().isBlank())) {
            findings.add(finding("missing-card-clearing-account", "legal entity " + employee.legalEntityId()
                    + " has no corporate card clearing account for the lines paid by company card (set cardClearingAccount"
                    + " in its expense policy, or the card liability account in the card settings)", claim, "legalEntityId",
                    employee.legalEntityId()));
        }
        for (int i = 0; i < claim.lines().size(); i++) {
            validateLine(claim, i, ref, entity, findings);
        }
        return findings;
    }

    private static void validateLine(Claim claim, int i, ReferenceData ref, ReferenceData.Entity entity,
                                     List<Finding> findings) {
        Claim.Line line = claim.lines().get(i);
        String at = "lines[" + i + "]";
        ReferenceData.CostCenter cc = ref.costCenters().get(line.costCenter());
        if (cc == null || !cc.legalEntityId().equals(entity.id())) {
            findings.add(finding("unknown-cost-center", at + ".costCenter: cost center " + line.costCenter()
                    + " does not exist in legal entity " + entity.id(), claim, "costCenter", line.costCenter()));
        } else if (!cc.open()) {
            findings.add(finding("closed-cost-center", at + ".costCenter: cost center " + cc.code() + " is closed",
                    claim, "costCenter", line.costCenter()));
        }
        if (line.project() != null) {
            ReferenceData.Project project = ref.projects().get(line.project());
            if (project == null || !project.legalEntityId().equals(entity.id())) {
                findings.add(finding("unknown-project", at + ".project: project " + line.project()
                        + " does not exist in legal entity " + entity.id(), claim, "project", line.project()));
            } else if (!project.open()) {
                findings.add(finding("closed-project", at + ".project: project " + project.code() + " is closed",
                        claim, "project", line.project()));
            }
        }
        ReferenceData.Account account = ref.accounts().get(line.account());
        if (account == null || !account.legalEntityId().equals(entity.id())) {
            findings.add(finding("unknown-gl-account", at + ".account: GL account " + line.account()
                    + " does not exist in legal entity " + entity.id(), claim, "account", line.account()));
        } else if (!account.open()) {
            findings.add(finding("closed-gl-account", at + ".account: GL account " + account.code() + " is closed",
                    claim, "account", line.account()));
        }
        ReferenceData.Tax tax = ref.taxCodes().get(line.taxCode());
        if (tax == null || !tax.country().equals(entity.country())) {
            findings.add(finding("invalid-tax-code", at + ".taxCode: tax code " + line.taxCode() + " is not valid for "
                    + entity.country(), claim, "taxCode", line.taxCode()));
        }
        if (!claim.currency().equals(entity.functionalCurrency()) && ref.fxRates().get(line.date().toString()) == null) {
            findings.add(finding("missing-fx-rate", at + ".date: no " + claim.currency() + "/" + entity.functionalCurrency()
                    + " rate dated on or before " + line.date(), claim, "date", line.date().toString()));
        }
    }

    private static Finding finding(String code, String reason, Claim claim, String field, String value) {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("reportId", claim.reportId());
        context.put("employeeId", claim.employeeId());
        context.put(field, value == null ? "" : value);
        return new Finding(code, reason, context);
    }

    /**
     * The booking of a valid report (call only when {@link #validate} found nothing). Its total is what the
     * employee is owed: the lines paid out of pocket only, each converted once; a line paid by company card is
     * owed to the card issuer, whose settlement pays it, so it is never reimbursed (zero when every line was).
     */
    public static Booking book(Claim claim, ReferenceData ref) {
        Currency functional = Currency.getInstance(ref.entity().functionalCurrency());
        Money total = Money.zero(functional);
        List<String> conversions = new ArrayList<>();
        for (Claim.Line line : claim.lines()) {
            Money gross = functionalGross(claim, line, ref, conversions);
            if (!line.companyPaid()) {
                total = total.plus(gross);
            }
        }
        ReferenceData.Employee e = ref.employee();
        return new Booking(ref.entity().id(), functional.getCurrencyCode(), total,
                new Booking.Payee(e.holderName() == null ? e.name() : e.holderName(), e.iban(), e.bic()),
                // the policy's threshold is a number in the functional currency (its minor unit: 1000.00 reads as JPY 1000)
                Money.rounded(ref.policy().fourEyesThreshold(), functional), journalId(claim).toString(), conversions);
    }

    /**
     * The journal of a valid report, in the entity's functional currency: each line's net amount to
     * its expense account and cost center, the recoverable input tax it contains to the input tax
     * account; the gross amount of the lines the employee paid is credited to the employee payable, booked
     * against the employee (ERPs keep payables per party), and that of the lines paid by company card to the
     * corporate card clearing account, which the issuer's settlement clears (the employee is owed nothing for
     * them). Balanced by construction (net = converted gross - tax), and the model refuses it otherwise.
     */
    public static JournalEntry journal(Claim claim, ReferenceData ref, Booking booking) {
        Currency functional = Currency.getInstance(booking.functionalCurrency());
        List<JournalLine> lines = new ArrayList<>();
        Map<String, Money> inputTax = new LinkedHashMap<>();
        Money payable = Money.zero(functional);
        Money cardClearing = Money.zero(functional);
        for (Claim.Line line : claim.lines()) {
            Money gross = functionalGross(claim, line, ref, new ArrayList<>());
            ReferenceData.Tax t = ref.taxCodes().get(line.taxCode());
            Money tax = t.recoverable() ? new TaxCode(TenantId.of(claim.tenantId()), new TaxCodeKey(t.code()),
                    t.country(), t.ratePercent(), true).taxInGross(gross) : Money.zero(functional);
            Money net = gross.minus(tax);
            if (line.companyPaid()) {
                cardClearing = cardClearing.plus(gross);
            } else {
                payable = payable.plus(gross);
            }
            String memo = memo(line.merchant() + " " + line.date());
            if (net.isPositive()) {
                lines.add(new JournalLine(AccountCode.of(ref.accounts().get(line.account()).code()), Side.DEBIT, net,
                        Optional.of(new CostCenterCode(ref.costCenters().get(line.costCenter()).code())), memo));
            }
            if (tax.isPositive()) {
                inputTax.merge(t.code(), tax, Money::plus);
            }
        }
        inputTax.forEach((code, tax) -> lines.add(JournalLine.debit(AccountCode.of(ref.policy().inputTaxAccount()), tax,
                "input tax " + code)));
        if (payable.isPositive()) {
            lines.add(JournalLine.credit(AccountCode.of(ref.policy().payableAccount()), payable,
                    memo("payable to " + ref.employee().name() + " for report " + claim.reportId()))
                    .withParty(PartyRef.employee(ref.employee().id(), ref.employee().name())));
        }
        if (cardClearing.isPositive()) {
            lines.add(JournalLine.credit(AccountCode.of(ref.policy().cardClearingAccount()), cardClearing,
                    memo("paid by company card: " + ref.employee().name() + ", report " + claim.reportId())));
        }
        return new JournalEntry(JournalEntryId.of(booking.journalId()), TenantId.of(claim.tenantId()),
                LegalEntityId.of(booking.legalEntityId()), claim.approvedAt().atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                memo("Expense report " + claim.reportId() + ": " + claim.purpose()), lines);
    }

    /** A line's gross amount in the functional currency: converted once, rounded HALF_EVEN once. */
    static Money functionalGross(Claim claim, Claim.Line line, ReferenceData ref, List<String> conversions) {
        Currency reportCurrency = Currency.getInstance(claim.currency());
        Currency functional = Currency.getInstance(ref.entity().functionalCurrency());
        Money gross = line.grossAmount();
        if (reportCurrency.equals(functional)) {
            return gross;
        }
        ReferenceData.Fx fx = ref.fxRates().get(line.date().toString());
        Money converted = Money.rounded(gross.amount().multiply(fx.rate()), functional);
        conversions.add(line.lineId() + ": " + gross + " x " + fx.rate().toPlainString() + " (" + fx.source() + ", "
                + fx.rateDate() + ") = " + converted);
        return converted;
    }

    /** The journal's id is derived from tenant and report, so a rebuilt journal keeps its id. */
    static UUID journalId(Claim claim) {
        return UUID.nameUUIDFromBytes(("expense-journal:" + claim.tenantId() + ":" + claim.reportId())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String memo(String text) {
        return text.length() <= 140 ? text : text.substring(0, 140);
    }
}
