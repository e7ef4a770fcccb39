package io.finrelay.reconciliation;

import static io.finrelay.reconciliation.Fixtures.MUELLER_IBAN;
import static io.finrelay.reconciliation.Fixtures.NOV_27;
import static io.finrelay.reconciliation.Fixtures.SCHMIDT_IBAN;
import static io.finrelay.reconciliation.Fixtures.SETTINGS;
import static io.finrelay.reconciliation.Fixtures.credit;
import static io.finrelay.reconciliation.Fixtures.debit;
import static io.finrelay.reconciliation.Fixtures.input;
import static io.finrelay.reconciliation.Fixtures.payable;
import static io.finrelay.reconciliation.Fixtures.receivable;
import static io.finrelay.reconciliation.Fixtures.receivableRf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import io.finrelay.model.bank.BankStatementLine.Direction;
import io.finrelay.reconciliation.generator.LabelledGenerator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScoringMatcherTest {
    private final ScoringMatcher matcher = new ScoringMatcher();

    private static Match only(MatchResult result) {
        assertThat(result.matches()).hasSize(1);
        return result.matches().get(0);
    }

    private static List<String> features(Match m) {
        return m.reasons().stream().map(Reason::feature).toList();
    }

    @Test
    void aDebitCarryingOurEndToEndIdMatchesItsPayableAutomaticallyAndSaysWhy() {
        MatchResult result = matcher.match(input(
                List.of(debit("f1:1", "412.80").endToEnd("E2E-PAY-0003").from("SCHMIDT LOGISTIK AG", SCHMIDT_IBAN)
                        .text("Invoice RE-48213").build()),
                List.of(payable("AP-3", "RE-48213", "E2E-PAY-0003", "412.80"), payable("AP-4", "RE-48214", "E2E-PAY-0004", "412.80"))));

        Match m = only(result);
        assertThat(m.itemIds()).containsExactly("AP-3");
        assertThat(m.status()).isEqualTo(Match.Status.AUTO);
        assertThat(m.score()).isEqualTo(1.0);
        assertThat(m.reasons()).contains(new Reason("end-to-end-id", "E2E-PAY-0003", ScoringMatcher.Weights.END_TO_END_ID));
        assertThat(m.difference()).isEqualTo(new Match.Difference(Money.of("0.00", "EUR"), Match.Difference.Kind.NONE));
        assertThat(result.unmatchedItemIds()).containsExactly("AP-4");
    }

    @Test
    void aCreditWithAValidRfReferenceMatchesTheReceivableItNames() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:2", "1190.00").rf("RF18 5390 0754 7034").from("MUELLER MASCHINENBAU", MUELLER_IBAN).build()),
                List.of(receivableRf("AR-1", "INV-2026-000541", "RF18539007547034", "1190.00"),
                        receivableRf("AR-2", "INV-2026-000542", "RF7132", "1190.00"))));

        Match m = only(result);
        assertThat(m.itemIds()).containsExactly("AR-1");
        assertThat(m.status()).isEqualTo(Match.Status.AUTO);
        assertThat(features(m)).contains("creditor-reference", "amount");
    }

    @Test
    void anRfReferenceWithWrongCheckDigitsIsNoExactKey() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:2", "1190.00").rf("RF19539007547034").build()),
                List.of(receivableRf("AR-1", "INV-2026-000541", "RF18539007547034", "1190.00"))));

        assertThat(result.matches()).allSatisfy(m -> {
            assertThat(features(m)).doesNotContain("creditor-reference");
            assertThat(m.status()).isEqualTo(Match.Status.SUGGESTED);
        });
    }

    @Test
    void aReferenceWithATypoStillMatchesWithALowerScore() {
        OpenItem item = receivable("AR-7", "INV-2026-004711", "2380.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27);
        MatchResult withPayer = matcher.match(input(List.of(credit("f1:3", "2380.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                .text("Rechnung INV-2026-007411").build()), List.of(item)));
        MatchResult withoutPayer = matcher.match(input(List.of(credit("f1:3", "2380.00").from("M. Huber", "NL91ABNA0417164300")
                .text("Rechnung INV-2026-007411").build()), List.of(item)));

        Match known = only(withPayer);
        assertThat(features(known)).contains("reference-typo").doesNotContain("invoice-number");
        assertThat(known.status()).isEqualTo(Match.Status.AUTO);
        Match stranger = only(withoutPayer);
        assertThat(stranger.status()).isEqualTo(Match.Status.SUGGESTED);
        assertThat(stranger.score()).isLessThan(known.score());
    }

    @Test
    void anInvoiceNumberOnlyInTheFreeTextMatchesWhateverItsSpelling() {
        List<OpenItem> items = List.of(
                receivable("AR-11", "INV-2026-004711", "845.20", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27.minusDays(10)),
                receivable("AR-12", "INV-2026-004712", "845.20", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27.minusDays(10)));
        for (String text : List.of("Rechnung Nr. RE 2026/004711 vom 03.11.2026", "inv2026004711", "Paiement facture INV.2026.004711")) {
            MatchResult result = matcher.match(input(List.of(credit("f1:4", "845.20").from("Mueller Maschinenbau", "NL91ABNA0417164300")
                    .text(text).build()), items));

            Match m = only(result);
            assertThat(m.itemIds()).as(text).containsExactly("AR-11");
            assertThat(m.status()).as(text).isEqualTo(Match.Status.AUTO);
            assertThat(features(m)).contains("invoice-number");
        }
    }

    @Test
    void aShortNumberInTheTextIsNoInvoiceKey() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:5", "99.00").from("Jana Novak", "CZ6508000000192000145399").text("Kd-Nr 4711 Bestellung 2026").build()),
                List.of(receivable("AR-4711", "4711", "120.00", "Novak Textil s.r.o.", "CZ5508000000001234567899", NOV_27))));

        assertThat(result.matches()).isEmpty();
        assertThat(result.unmatchedLineIds()).containsExactly("f1:5");
    }

    @Test
    void withoutAReferenceTheKnownIbanNameAndExactAmountMatchButANameAloneOnlySuggests() {
        OpenItem item = receivable("AR-21", "INV-2026-000021", "3125.40", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27.minusDays(2));
        OpenItem other = receivable("AR-22", "INV-2026-000022", "980.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27);

        Match byIban = only(matcher.match(input(List.of(credit("f1:6", "3125.40").from("Müller Maschinenbau GmbH", MUELLER_IBAN)
                .text("Zahlung").build()), List.of(item, other))));
        Match byName = only(matcher.match(input(List.of(credit("f1:6", "3125.40").from("Müller Maschinenbau GmbH", null).build()),
                List.of(item, other))));

        assertThat(byIban.itemIds()).containsExactly("AR-21");
        assertThat(byIban.status()).isEqualTo(Match.Status.AUTO);
        assertThat(features(byIban)).contains("counterparty-iban", "counterparty-name", "amount", "date");
        assertThat(byName.itemIds()).containsExactly("AR-21");
        assertThat(byName.status()).isEqualTo(Match.Status.SUGGESTED);
    }

    @Test
    void onePaymentForSeveralInvoicesNamedInTheTextMatchesThemAll() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:7", "1535.70").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                        .text("Rechnungen INV-2026-000101 / INV-2026-000102").build()),
                List.of(receivable("AR-101", "INV-2026-000101", "1200.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27),
                        receivable("AR-102", "INV-2026-000102", "335.70", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27),
                        receivable("AR-103", "INV-2026-000103", "335.70", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27))));

        Match m = only(result);
        assertThat(m.itemIds()).containsExactly("AR-101", "AR-102");
        assertThat(m.status()).isEqualTo(Match.Status.AUTO);
        assertThat(m.difference().kind()).isEqualTo(Match.Difference.Kind.NONE);
        assertThat(result.unmatchedItemIds()).containsExactly("AR-103");
    }

    @Test
    void onePaymentForSeveralInvoicesWithoutWordsIsFoundBySubsetSumAndOnlySuggested() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:8", "650.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN).text("Sammelzahlung").build()),
                List.of(receivable("AR-31", "INV-2026-000031", "100.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27),
                        receivable("AR-32", "INV-2026-000032", "250.50", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27),
                        receivable("AR-33", "INV-2026-000033", "399.50", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27),
                        receivable("AR-34", "INV-2026-000034", "1200.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27))));

        Match m = only(result);
        assertThat(m.itemIds()).containsExactly("AR-32", "AR-33");
        assertThat(m.status()).isEqualTo(Match.Status.SUGGESTED);
        assertThat(features(m)).contains("amount-subset");
    }

    @Test
    void instalmentsNamingOneInvoiceTogetherSettleIt() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:9", "1500.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN).text("Rate 1/2 INV-2026-000300").build(),
                        credit("f2:1", "1500.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN).text("Rate 2/2 INV-2026-000300")
                                .booked(NOV_27.plusDays(14)).build()),
                List.of(receivable("AR-300", "INV-2026-000300", "3000.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27))));

        Match m = only(result);
        assertThat(m.lineIds()).containsExactly("f1:9", "f2:1");
        assertThat(m.itemIds()).containsExactly("AR-300");
        assertThat(m.status()).isEqualTo(Match.Status.AUTO);
        assertThat(m.difference().kind()).isEqualTo(Match.Difference.Kind.NONE);
    }

    @Test
    void aPartialPaymentMatchesAndTheDifferenceSaysWhatStaysOpen() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:10", "300.00").rf("RF18539007547034").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                        .text("Teilzahlung").build()),
                List.of(receivableRf("AR-1", "INV-2026-000541", "RF18539007547034", "1000.00"))));

        Match m = only(result);
        assertThat(m.difference()).isEqualTo(new Match.Difference(Money.of("-700.00", "EUR"), Match.Difference.Kind.PARTIAL));
        assertThat(result.unmatchedItemIds()).isEmpty();
    }

    @Test
    void anOverpaymentNamingItsInvoiceIsSuggestedAndTheDifferenceSaysWhatWasPaidBeyondIt() {
        OpenItem item = receivable("AR-41", "INV-2026-000041", "2500.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27);
        MatchResult result = matcher.match(input(List.of(credit("f1:13", "2550.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                .text("INV-2026-000041").build()), List.of(item)));

        Match m = only(result);
        assertThat(m.difference()).isEqualTo(new Match.Difference(Money.of("50.00", "EUR"), Match.Difference.Kind.OVERPAYMENT));
        assertThat(m.status()).as("a person decides what becomes of the surplus").isEqualTo(Match.Status.SUGGESTED);
        assertThat(m.reasons()).extracting(Reason::feature).contains("amount-overpaid");
    }

    @Test
    void anOverpaymentThatNamesNoInvoiceIsNoCandidate() {
        OpenItem item = receivable("AR-42", "INV-2026-000042", "2500.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27);
        MatchResult result = matcher.match(input(List.of(credit("f1:14", "2550.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                .text("Zahlung").build()), List.of(item)));

        assertThat(result.matches()).isEmpty();
    }

    @Test
    void aPaymentShortByABankFeeWithinToleranceMatchesAsFeeAndBeyondItAsPartial() {
        OpenItem item = receivable("AR-40", "INV-2026-000040", "2500.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27);
        Match within = only(matcher.match(input(List.of(credit("f1:11", "2492.50").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                .text("INV-2026-000040").build()), List.of(item))));
        Match beyond = only(matcher.match(input(List.of(credit("f1:11", "2475.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                .text("INV-2026-000040").build()), List.of(item))));

        assertThat(within.difference()).isEqualTo(new Match.Difference(Money.of("-7.50", "EUR"), Match.Difference.Kind.FEE));
        assertThat(within.status()).isEqualTo(Match.Status.AUTO);
        assertThat(beyond.difference()).isEqualTo(new Match.Difference(Money.of("-25.00", "EUR"), Match.Difference.Kind.PARTIAL));
    }

    @Test
    void aMatchSaysWhyInWordsWhenItIsReadTheSameWordsEachTime() {
        OpenItem item = receivable("AR-40", "INV-2026-000040", "2500.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27);
        Match m = only(matcher.match(input(List.of(credit("f1:11", "2492.50").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                .text("Rechnung INV-2026-000040").build()), List.of(item))));

        assertThat(m.reasons()).containsExactly(
                new Reason("invoice-number", "INV-2026-000040", ScoringMatcher.Weights.INVOICE_NUMBER),
                new Reason("counterparty-iban", MUELLER_IBAN, ScoringMatcher.Weights.COUNTERPARTY_IBAN),
                new Reason("amount-fee", "EUR 2492.50 for EUR 2500.00, short by 7.50", ScoringMatcher.Weights.AMOUNT_FEE),
                new Reason("date", "0 days from the due date", ScoringMatcher.Weights.DATE));
        assertThat(m.reasons()).isEqualTo(m.reasons());
    }

    @Test
    void aForeignCurrencyCreditMatchesByItsOriginalAmountAndAnFxDifferenceWithinTolerance() {
        OpenItem usd = new OpenItem("AR-50", OpenItem.Side.RECEIVABLE, "DE01", "Acme Corp.", "US64SVBKUS6S3300958879", "INV-2026-000050",
                null, null, null, Money.of("1000.00", "USD"), NOV_27);
        Match exact = only(matcher.match(input(List.of(credit("f1:12", "920.00").original("1000.00", "USD")
                .from("ACME CORP", "US64SVBKUS6S3300958879").text("INV-2026-000050").build()), List.of(usd))));
        Match off = only(matcher.match(input(List.of(credit("f1:12", "901.60").original("980.00", "USD")
                .from("ACME CORP", "US64SVBKUS6S3300958879").text("INV-2026-000050").build()), List.of(usd))));

        assertThat(exact.difference()).isEqualTo(new Match.Difference(Money.of("0.00", "USD"), Match.Difference.Kind.NONE));
        assertThat(exact.status()).isEqualTo(Match.Status.AUTO);
        assertThat(off.difference()).isEqualTo(new Match.Difference(Money.of("-20.00", "USD"), Match.Difference.Kind.FX));
    }

    @Test
    void ambiguousTwinsAreOnlySuggestedNeverAuto() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:13", "450.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN).text("Zahlung").build(),
                        credit("f1:14", "450.00").from("MUELLER MASCHINENBAU", MUELLER_IBAN).text("Zahlung").build()),
                List.of(receivable("AR-61", "INV-2026-000061", "450.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27),
                        receivable("AR-62", "INV-2026-000062", "450.00", "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27))));

        assertThat(result.matches()).hasSize(2).allSatisfy(m -> assertThat(m.status()).isEqualTo(Match.Status.SUGGESTED));
    }

    @Test
    void bankChargesAndInterestAreBookedByTheTenantsRulesButNotALineAReferenceClaims() {
        List<Rule> rules = List.of(new Rule(10, "Bank charges", "ACMT-MDOP-CHRG", null, null, Direction.DEBIT, "6855", null),
                new Rule(20, "Interest", null, "zinsen|interest", null, null, "7100", null));
        MatchInput in = new MatchInput(List.of(
                debit("f1:15", "12.50").code("ACMT-MDOP-CHRG").text("Kontofuehrungsgebuehr 11/2026").build(),
                credit("f1:16", "3.17").code("ACMT-MDOP-INTR").text("Habenzinsen Q4").build(),
                debit("f1:17", "412.80").code("ACMT-MDOP-CHRG").endToEnd("E2E-PAY-0003").build()),
                List.of(payable("AP-3", "RE-48213", "E2E-PAY-0003", "412.80")), rules, SETTINGS, Set.of());

        MatchResult result = matcher.match(in);

        assertThat(result.ruleHits()).containsExactly(new MatchResult.RuleHit("f1:15", rules.get(0)),
                new MatchResult.RuleHit("f1:16", rules.get(1)));
        assertThat(only(result).lineIds()).containsExactly("f1:17");
    }

    @Test
    void aRuleWrittenWithDashesBooksTheCodeAsTheCamtReaderSpellsItWithSlashes() {
        List<Rule> rules = List.of(new Rule(10, "Bank charges", "acmt-mdop-chrg", null, null, Direction.DEBIT, "6855", null));
        MatchInput in = new MatchInput(List.of(
                debit("f1:20", "9.90").code("ACMT/MDOP/CHRG").text("Entgelt Kontofuehrung").build(),
                debit("f1:21", "9.90").code("ACMT/MDOP/INTR").text("Sollzinsen").build()),
                List.of(), rules, SETTINGS, Set.of());

        MatchResult result = matcher.match(in);

        assertThat(result.ruleHits()).containsExactly(new MatchResult.RuleHit("f1:20", rules.get(0)));
        assertThat(result.unmatchedLineIds()).containsExactly("f1:21");
    }

    @Test
    void aRejectedPairIsNeverProposedAgain() {
        MatchInput in = new MatchInput(List.of(debit("f1:18", "412.80").endToEnd("E2E-PAY-0003").build()),
                List.of(payable("AP-3", "RE-48213", "E2E-PAY-0003", "412.80")), List.of(), SETTINGS,
                Set.of(new MatchInput.RejectedPair("f1:18", "AP-3")));

        MatchResult result = matcher.match(in);

        assertThat(result.matches()).isEmpty();
        assertThat(result.unmatchedLineIds()).containsExactly("f1:18");
        assertThat(result.unmatchedItemIds()).containsExactly("AP-3");
    }

    @Test
    void aReturnedPaymentIsAReturnNamingItsItemNeverAPayment() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:19", "412.80").returned("AC04", "E2E-PAY-0003").from("SCHMIDT LOGISTIK AG", SCHMIDT_IBAN)
                        .text("RETOURE AC04 KONTO AUFGELOEST").build()),
                List.of(payable("AP-3", "RE-48213", "E2E-PAY-0003", "412.80"))));

        assertThat(result.returns()).containsExactly(new MatchResult.Return("f1:19", "AP-3", "E2E-PAY-0003", "AC04", null));
        assertThat(result.matches()).isEmpty();
        assertThat(result.unmatchedItemIds()).containsExactly("AP-3");
    }

    @Test
    void aBatchedDebitNamingItsPaymentRunMatchesAllItsItems() {
        List<OpenItem> run = List.of(
                new OpenItem("AP-71", OpenItem.Side.PAYABLE, "DE01", "Schmidt Logistik AG", SCHMIDT_IBAN, "RE-1", null, "E2E-71",
                        "PMTINF-2026-000017", Money.of("1000.00", "EUR"), NOV_27),
                new OpenItem("AP-72", OpenItem.Side.PAYABLE, "DE01", "Weber Elektro GmbH", "DE44500105175407324931", "W-99", null,
                        "E2E-72", "PMTINF-2026-000017", Money.of("250.25", "EUR"), NOV_27));
        MatchResult result = matcher.match(input(List.of(debit("f1:20", "1250.25").entryReference("PMTINF-2026-000017")
                .text("SEPA-SAMMLER 2 POSTEN").build()), run));

        Match m = only(result);
        assertThat(m.itemIds()).containsExactly("AP-71", "AP-72");
        assertThat(m.status()).isEqualTo(Match.Status.AUTO);
        assertThat(features(m)).contains("payment-run");
    }

    @Test
    void aCreditNeverMatchesAPayableNorAnotherCurrency() {
        MatchResult result = matcher.match(input(
                List.of(credit("f1:21", "412.80").endToEnd("E2E-PAY-0003").build()),
                List.of(payable("AP-3", "RE-48213", "E2E-PAY-0003", "412.80"))));

        assertThat(result.matches()).isEmpty();
    }

    @Test
    void theSameLineIdTwiceIsRefused() {
        Line line = debit("f1:1", "1.00").build();
        assertThatThrownBy(() -> matcher.match(input(List.of(line, line), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("f1:1");
    }

    @Test
    void theResultDoesNotDependOnTheInputsOrder() {
        LabelledGenerator.Labelled labelled = LabelledGenerator.generate(7L, 3_000, 3_000);
        MatchInput in = labelled.input();
        List<Line> lines = new ArrayList<>(in.lines());
        List<OpenItem> items = new ArrayList<>(in.items());
        Collections.shuffle(lines, new Random(1));
        Collections.shuffle(items, new Random(2));

        MatchResult first = matcher.match(in);
        MatchResult shuffled = matcher.match(new MatchInput(lines, items, in.rules(), in.settings(), in.rejected()));

        assertThat(shuffled).isEqualTo(first);
    }

    @Test
    void settingsWithoutAFeeToleranceForTheCurrencyAllowNoFee() {
        Settings strict = new Settings(0.9, 0.1, Map.of(), BigDecimal.ZERO, 30, 4);
        MatchResult result = matcher.match(new MatchInput(List.of(credit("f1:22", "2492.50").from("MUELLER MASCHINENBAU", MUELLER_IBAN)
                .text("INV-2026-000040").build()), List.of(receivable("AR-40", "INV-2026-000040", "2500.00",
                "Müller Maschinenbau GmbH", MUELLER_IBAN, NOV_27)), List.of(), strict, Set.of()));

        assertThat(only(result).difference().kind()).isEqualTo(Match.Difference.Kind.PARTIAL);
    }
}
