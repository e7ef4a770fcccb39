package io.finrelay.formats.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.formats.card.CardTransactionFile.CardTransaction;
import io.finrelay.formats.card.CardTransactionFile.Problem;
import io.finrelay.formats.card.CardTransactionFile.RefusedException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardTransactionFileTest {
    static final String HEADER = "transaction_id,card_account,employee_id,holder_name,transaction_date,posting_date,"
            + "settlement_date,merchant_name,mcc,billing_amount,billing_currency,original_amount,original_currency\n";

    private static List<CardTransaction> read(String csv) {
        return CardTransactionFile.readCsv(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Problem> refused(String csv) {
        try {
            read(csv);
        } catch (RefusedException e) {
            return e.problems();
        }
        throw new AssertionError("the file was taken");
    }

    @Test
    void anIssuersExportIsReadWithItsForeignChargesAndRefunds() {
        List<CardTransaction> read = read(HEADER
                + "VCF-2026-11-000101,4111********1111,E-1001,Anna Keller,2026-11-03,2026-11-04,2026-11-25,"
                + "LUFTHANSA 2201234567890,3000,412.90,EUR,,\n"
                + "VCF-2026-11-000102,4111********1111,E-1001,Anna Keller,2026-11-10,2026-11-12,2026-11-25,"
                + "\"APPLE STORE #R095, NEW YORK\",5732,1161.57,EUR,1249.00,USD\n"
                + "VCF-2026-11-000103,4111********1111,E-1001,Anna Keller,2026-11-14,2026-11-15,2026-11-25,"
                + "HOTEL ADLON KEMPINSKI,3501,-35.00,EUR,,\n");
        assertThat(read).hasSize(3);
        CardTransaction apple = read.get(1);
        assertThat(apple.merchantName()).isEqualTo("APPLE STORE #R095, NEW YORK");
        assertThat(apple.billingAmount()).isEqualByComparingTo("1161.57");
        assertThat(apple.originalAmount()).isEqualTo(new BigDecimal("1249.00"));
        assertThat(apple.originalCurrency()).isEqualTo("USD");
        assertThat(apple.settlementDate()).isEqualTo(LocalDate.of(2026, 11, 25));
        assertThat(read.get(0).originalAmount()).isNull();
        assertThat(read.get(2).billingAmount()).isNegative();
    }

    @Test
    void columnsMayComeInAnyOrderAndUnknownOnesAreIgnored() {
        List<CardTransaction> read = read("billing_currency,billing_amount,merchant_name,settlement_date,posting_date,"
                + "transaction_date,employee_id,card_account,transaction_id,issuer_batch\n"
                + "EUR,78.40,SHELL 4711 HAMBURG,2026-11-25,2026-11-07,2026-11-06,E-1001,ACC-0042,CDF-77,B17\n");
        assertThat(read).singleElement().satisfies(t -> {
            assertThat(t.transactionId()).isEqualTo("CDF-77");
            assertThat(t.mcc()).isNull();
        });
    }

    @Test
    void aBadCellIsRefusedWithItsLineAndColumnAndSoIsEveryOtherOne() {
        List<Problem> problems = refused(HEADER
                + "VCF-1,4111********1111,E-1001,Anna Keller,2026-11-03,2026-11-04,2026-11-25,LUFTHANSA,3000,412.90,EUR,,\n"
                + "VCF-2,4111********1111,E-1001,Anna Keller,2026-11-03,2026-11-04,2026-11-25,LUFTHANSA,3000,412,90,EUR,,\n"
                + "VCF-3,4111********1111,E-1001,Anna Keller,03.11.2026,2026-11-04,2026-11-25,LUFTHANSA,3000,12.999,EUR,,\n");
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0).line()).isEqualTo(3);
        assertThat(problems.get(0).message()).contains("14 cells but the header names 13");
        assertThat(problems.get(1).line()).isEqualTo(4);
        assertThat(problems.get(1).column()).isEqualTo(5);
        assertThat(problems.get(1).field()).isEqualTo("transaction_date");
        assertThat(problems.get(1).message()).startsWith("line 4, column 5 (transaction_date): '03.11.2026' is no ISO date");
        assertThat(problems.get(2).column()).isEqualTo(10);
        assertThat(problems.get(2).message()).contains("more decimals than EUR has (2)");
    }

    @Test
    void aFullCardNumberIsNeverTakenIn() {
        List<Problem> problems = refused(HEADER
                + "VCF-1,4111 1111 1111 1111,E-1001,,2026-11-03,2026-11-04,2026-11-25,LUFTHANSA,,412.90,EUR,,\n");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("card_account");
            assertThat(p.message()).contains("never the PAN").doesNotContain("4111 1111");
        });
    }

    @Test
    void aHeaderWithoutARequiredColumnOrAnEmptyFileIsRefused() {
        assertThat(refused("transaction_id,card_account\nVCF-1,ACC-1\n")).extracting(Problem::field)
                .contains("employee_id", "billing_amount", "settlement_date");
        assertThat(refused("")).singleElement().satisfies(p -> assertThat(p.message()).contains("empty"));
        assertThat(refused(HEADER)).singleElement().satisfies(p -> assertThat(p.message()).contains("no transaction"));
    }

    @Test
    void datesOutOfOrderAndAnOriginalAmountWithoutItsCurrencyAreRefused() {
        List<Problem> problems = refused(HEADER
                + "VCF-1,ACC-1,E-1001,,2026-11-05,2026-11-04,2026-11-25,LUFTHANSA,,412.90,EUR,,\n"
                + "VCF-2,ACC-1,E-1001,,2026-11-03,2026-11-04,2026-11-25,LUFTHANSA,,412.90,EUR,450.00,\n"
                + "VCF-3,ACC-1,E-1001,,2026-11-03,2026-11-04,2026-11-25,LUFTHANSA,,0.00,EUR,,\n");
        assertThat(problems).extracting(Problem::field).containsExactly("posting_date", "original_currency", "billing_amount");
    }

    @Test
    void jsonItemsAreCheckedByTheSameRulesAndNamedByTheirIndex() {
        Map<String, String> good = Map.of("transaction_id", "VCF-1", "card_account", "ACC-1", "employee_id", "E-1001",
                "transaction_date", "2026-11-03", "posting_date", "2026-11-04", "settlement_date", "2026-11-25",
                "merchant_name", "LUFTHANSA", "billing_amount", "412.90", "billing_currency", "EUR");
        assertThat(CardTransactionFile.fromRecords(List.of(good))).hasSize(1);
        Map<String, String> bad = new java.util.HashMap<>(good);
        bad.put("billing_currency", "EURO");
        assertThatThrownBy(() -> CardTransactionFile.fromRecords(List.of(good, bad)))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.line()).isEqualTo(1);
                            assertThat(p.column()).isNull();
                            assertThat(p.message()).startsWith("transactions[1].billing_currency: 'EURO'");
                        }));
    }
}
