package io.finrelay.model.ledger;

import static io.finrelay.model.Fixtures.ACME_GMBH;
import static io.finrelay.model.Fixtures.JOURNAL;
import static io.finrelay.model.Fixtures.TENANT;
import static io.finrelay.model.ledger.JournalLine.credit;
import static io.finrelay.model.ledger.JournalLine.debit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CostCenterCode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class JournalEntryTest {
    private static final AccountCode TRAVEL = AccountCode.of("6650");
    private static final AccountCode EMPLOYEE_PAYABLE = AccountCode.of("1742");
    private static final AccountCode BANK = AccountCode.of("1200");
    private static final AccountCode FX_CLEARING = AccountCode.of("1590");
    private static final LocalDate BOOKING = LocalDate.of(2025, 3, 31);

    static JournalEntry entry(List<JournalLine> lines) {
        return new JournalEntry(JOURNAL, TENANT, ACME_GMBH, BOOKING, "Travel expenses March", lines);
    }

    @Example
    void balancedEntryConstructs() {
        JournalEntry entry = entry(List.of(
                new JournalLine(TRAVEL, Side.DEBIT, Money.of("84.03", "EUR"), Optional.of(CostCenterCode.of("CC-1200")), "Hotel Berlin"),
                debit(AccountCode.of("1576"), Money.of("15.97", "EUR"), "Input VAT 19 %"),
                credit(EMPLOYEE_PAYABLE, Money.of("100.00", "EUR"), "Erika Mustermann")));
        assertThat(entry.totalDebits(Currency.getInstance("EUR"))).isEqualTo(Money.of("100.00", "EUR"));
    }

    @Example
    void eachCurrencyMustBalanceOnItsOwn() {
        // EUR +10 / -10 balances.
        entry(List.of(debit(TRAVEL, Money.of("10.00", "EUR"), ""), credit(BANK, Money.of("10.00", "EUR"), "")));
        // EUR 10 debit against USD 10 credit: the grand total is zero, the books are not.
        assertThatThrownBy(() -> entry(List.of(
                debit(TRAVEL, Money.of("10.00", "EUR"), ""), credit(BANK, Money.of("10.00", "USD"), ""))))
                .isInstanceOfSatisfying(UnbalancedJournalException.class, e -> {
                    assertThat(e.currency().getCurrencyCode()).isEqualTo("EUR");
                    assertThat(e.difference()).isEqualTo(Money.of("10.00", "EUR"));
                    assertThat(e.field()).isEqualTo("lines");
                    assertThat(e.getMessage()).contains("EUR").contains("10.00");
                });
        // FX booked properly: each currency balances through a clearing account.
        entry(List.of(
                debit(FX_CLEARING, Money.of("10.00", "EUR"), "USD bought"), credit(BANK, Money.of("10.00", "EUR"), ""),
                debit(BANK, Money.of("10.85", "USD"), ""), credit(FX_CLEARING, Money.of("10.85", "USD"), "EUR sold")));
    }

    @Example
    void namesTheDifference() {
        assertThatThrownBy(() -> entry(List.of(
                debit(TRAVEL, Money.of("100.00", "EUR"), ""), credit(BANK, Money.of("99.99", "EUR"), ""))))
                .isInstanceOfSatisfying(UnbalancedJournalException.class,
                        e -> assertThat(e.difference()).isEqualTo(Money.of("0.01", "EUR")));
    }

    @Example
    void needsAtLeastTwoLines() {
        assertThatThrownBy(() -> entry(List.of(debit(TRAVEL, Money.of("10.00", "EUR"), ""))))
                .isInstanceOf(UnbalancedJournalException.class);
        assertThatThrownBy(() -> entry(List.of())).isInstanceOf(ValidationException.class)
                .hasMessageContaining("two lines");
    }

    @Example
    void linesCarryPositiveAmountsOnly() {
        assertThatThrownBy(() -> debit(TRAVEL, Money.of("-10.00", "EUR"), ""))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("amount"));
        assertThatThrownBy(() -> debit(TRAVEL, Money.of("0.00", "EUR"), "")).isInstanceOf(ValidationException.class);
    }

    @Example
    void aPayableLineCarriesTheEmployeeItIsOwedToAndABadPartyIsNamed() {
        JournalLine payable = credit(EMPLOYEE_PAYABLE, Money.of("100.00", "EUR"), "report 2025-03")
                .withParty(PartyRef.employee("5b0e7c3a-9d14-4f2b-8a61-3c7e2d9f0b15", "Erika Mustermann"));
        assertThat(payable.party()).contains(new PartyRef(PartyRef.Kind.EMPLOYEE,
                "5b0e7c3a-9d14-4f2b-8a61-3c7e2d9f0b15", "Erika Mustermann"));
        assertThat(debit(TRAVEL, Money.of("100.00", "EUR"), "").party()).isEmpty();
        assertThatThrownBy(() -> PartyRef.employee("E 1001", "Erika Mustermann"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("party.id"));
        assertThatThrownBy(() -> PartyRef.employee("E-1001", "  "))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("party.name"));
    }

    @Example
    void linesAreCopiedSoTheEntryStaysBalanced() {
        List<JournalLine> lines = new ArrayList<>(List.of(
                debit(TRAVEL, Money.of("10.00", "EUR"), ""), credit(BANK, Money.of("10.00", "EUR"), "")));
        JournalEntry entry = entry(lines);
        lines.add(debit(TRAVEL, Money.of("5.00", "EUR"), ""));
        assertThat(entry.lines()).hasSize(2);
        assertThatThrownBy(() -> entry.lines().add(debit(TRAVEL, Money.of("5.00", "EUR"), "")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    // --- properties ---------------------------------------------------------------------------

    private static final List<Currency> CURRENCIES =
            List.of("EUR", "USD", "JPY", "BHD", "CHF").stream().map(Currency::getInstance).toList();
    private static final List<AccountCode> ACCOUNTS = List.of(TRAVEL, EMPLOYEE_PAYABLE, BANK, FX_CLEARING);

    /** Balanced lines in one currency: some debits, and their total split into some credits. */
    private static Arbitrary<List<JournalLine>> balancedIn(Currency currency) {
        Arbitrary<List<Long>> debits = Arbitraries.longs().between(1, 50_000_000L).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<Integer> creditCount = Arbitraries.integers().between(1, 4);
        return Combinators.combine(debits, creditCount, Arbitraries.of(ACCOUNTS)).as((amounts, credits, account) -> {
            List<JournalLine> lines = new ArrayList<>();
            long total = 0;
            for (long minor : amounts) {
                lines.add(debit(account, Money.ofMinor(minor, currency), ""));
                total += minor;
            }
            int parts = (int) Math.min(credits, total);
            long share = total / parts;
            for (int i = 0; i < parts; i++) {
                long minor = i < parts - 1 ? share : total - share * (parts - 1);
                lines.add(credit(BANK, Money.ofMinor(minor, currency), ""));
            }
            return lines;
        });
    }

    @Provide
    Arbitrary<List<JournalLine>> balancedJournals() {
        return Arbitraries.subsetOf(CURRENCIES).ofMinSize(1).ofMaxSize(3)
                .flatMap(currencies -> Combinators.combine(currencies.stream().map(JournalEntryTest::balancedIn).toList())
                        .as(perCurrency -> perCurrency.stream().flatMap(List::stream).toList()))
                .flatMap(lines -> Arbitraries.shuffle(lines));
    }

    @Property
    void balancedMultiCurrencyJournalsConstruct(@ForAll("balancedJournals") List<JournalLine> lines) {
        JournalEntry entry = entry(lines);
        assertThat(JournalEntry.differences(entry.lines()).values()).allMatch(Money::isZero);
    }

    enum Perturbation { AMOUNT_UP, AMOUNT_DOWN, FLIP_SIDE, OTHER_CURRENCY, DROP_LINE }

    @Property
    void anySinglePerturbationOfOneLineIsRefused(@ForAll("balancedJournals") List<JournalLine> lines,
            @ForAll @IntRange(min = 0, max = 100) int lineSeed, @ForAll Perturbation perturbation,
            @ForAll @IntRange(min = 1, max = 1_000) int minorDelta) {
        List<JournalLine> perturbed = new ArrayList<>(lines);
        int index = lineSeed % lines.size();
        JournalLine line = perturbed.get(index);
        Money amount = line.amount();
        Money delta = Money.ofMinor(minorDelta, amount.currency());
        switch (perturbation) {
            case AMOUNT_UP -> perturbed.set(index, withAmount(line, amount.plus(delta)));
            case AMOUNT_DOWN -> perturbed.set(index, withAmount(line,
                    amount.compareTo(delta) > 0 ? amount.minus(delta) : amount.plus(delta)));
            case FLIP_SIDE -> perturbed.set(index, new JournalLine(line.account(),
                    line.side() == Side.DEBIT ? Side.CREDIT : Side.DEBIT, amount, line.costCenter(), line.memo()));
            case OTHER_CURRENCY -> perturbed.set(index, withAmount(line, otherCurrency(amount)));
            case DROP_LINE -> perturbed.remove(index);
        }
        assertThatThrownBy(() -> entry(perturbed)).isInstanceOf(ValidationException.class);
    }

    private static JournalLine withAmount(JournalLine line, Money amount) {
        return new JournalLine(line.account(), line.side(), amount, line.costCenter(), line.memo());
    }

    private static Money otherCurrency(Money amount) {
        // Same number of minor units, other currency: a sum that "looks" equal but is not.
        Currency other = CURRENCIES.stream().filter(c -> !c.equals(amount.currency())).findFirst().orElseThrow();
        return Money.ofMinor(amount.toMinorUnits(), other);
    }
}
