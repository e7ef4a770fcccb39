package io.finrelay.connectors.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.model.ValidationException;
import io.finrelay.workflows.expense.Claim;
import io.finrelay.workflows.expense.PaymentType;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The expense platform's report, read into its records and mapped to the workflow's claim. */
class ConcurReportsTest {
    /** As the expense platform's client reads a report: decimals as written (1450.00 keeps its two places). */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private static JsonNode report(String expenses, String status) throws Exception {
        return JSON.readTree("""
                {"reportId": "EXP-2026-00417", "name": "Customer visit Nordlicht Handel, Zurich", "currencyCode": "EUR",
                 "approvalStatus": {"code": "%s"}, "approvedDate": "2026-11-30T15:42:00Z",
                 "reportOwner": {"employeeId": "a3d6e9f2-1c4b-4a7e-b0d3-6f9c2e5a8b17", "loginId": "erika.mustermann"},
                 "approver": {"loginId": "t.berger"}, "policy": {"ignored": true},
                 "expenses": [%s]}""".formatted(status, expenses));
    }

    private static final String TRAIN = """
            {"expenseId": "E-1", "transactionDate": "2026-11-26", "vendor": {"name": "Deutsche Bahn"},
             "accountCode": "6673", "allocations": [{"costCenter": "CC-1200", "project": "PRJ-2025-017"}],
             "approvedAmount": {"value": 1450.00, "currencyCode": "EUR"}, "taxCode": "DE-VAT7"}""";

    @Test
    void anApprovedReportBecomesAClaimWithItsAmountsDigitForDigit() throws Exception {
        Claim claim = ConcurReports.toClaim("tenant-1", report(TRAIN, "A_APPR"));
        assertThat(claim.reportId()).isEqualTo("EXP-2026-00417");
        assertThat(claim.lines()).singleElement().satisfies(line -> {
            assertThat(line.grossAmount().amount()).isEqualTo(new BigDecimal("1450.00"));
            assertThat(line.grossAmount().currencyCode()).isEqualTo("EUR");
            assertThat(line.grossAmount().amount().scale()).isEqualTo(2);
            assertThat(line.date()).isEqualTo(LocalDate.of(2026, 11, 26));
            assertThat(line.costCenter()).isEqualTo("CC-1200");
            assertThat(line.project()).isEqualTo("PRJ-2025-017");
        });
        assertThat(ConcurReports.toClaim("tenant-1", report(TRAIN.replace("1450.00", "\"1450.00\""), "A_APPR"))
                .lines().getFirst().grossAmount().amount()).as("a string amount reads the same").isEqualTo(new BigDecimal("1450.00"));
    }

    @Test
    void anAmountWrittenWithoutItsTrailingZeroIsTakenAtTheCurrencysMinorUnits() throws Exception {
        // JSON numbers carry no scale: a platform (or a proxy parsing and writing it again) may send 314.40 as 314.4
        Claim claim = ConcurReports.toClaim("tenant-1", report(TRAIN.replace("1450.00", "314.4"), "A_APPR"));
        assertThat(claim.lines().getFirst().grossAmount().amount()).hasToString("314.40");
        assertThat(claim.reimbursableTotal().amount()).hasToString("314.40");
        assertThat(ConcurReports.toClaim("tenant-1", report(TRAIN.replace("1450.00", "3E+2"), "A_APPR"))
                .lines().getFirst().grossAmount().amount()).hasToString("300.00");
    }

    @Test
    void anAmountWithMoreDecimalsThanItsCurrencyHasIsRefusedNotRounded() throws Exception {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> ConcurReports.toClaim("tenant-1", report(TRAIN.replace("1450.00", "1450.005"), "A_APPR")));
        assertThat(e.field()).isEqualTo("expenses[0].approvedAmount.value");
        assertThat(e.rejectedValue()).isEqualTo("1450.005");
        assertThat(e.reason()).contains("more than 2 decimals", "EUR");
        JsonNode euro = report(TRAIN, "A_APPR");
        ((com.fasterxml.jackson.databind.node.ObjectNode) euro).put("currencyCode", "EURO"); // the report's, read first
        ValidationException currency = catchThrowableOfType(ValidationException.class, () -> ConcurReports.toClaim("tenant-1", euro));
        assertThat(currency.field()).isEqualTo("currencyCode");
        assertThat(currency.reason()).contains("ISO 4217");
    }

    @Test
    void aReportNotYetApprovedIsRefusedNamingTheStatus() throws Exception {
        ValidationException e = catchThrowableOfType(ValidationException.class,
                () -> ConcurReports.toClaim("tenant-1", report(TRAIN, "A_PEND")));
        assertThat(e.field()).isEqualTo("approvalStatus.code");
    }

    @Test
    void aWrongTypeOrAForeignCurrencyIsRefusedNamingTheField() throws Exception {
        ValidationException wrongType = catchThrowableOfType(ValidationException.class,
                () -> ConcurReports.toClaim("tenant-1", report(TRAIN.replace("1450.00", "\"a lot\""), "A_APPR")));
        assertThat(wrongType.field()).isEqualTo("expenses[0].approvedAmount.value");
        assertThat(wrongType.reason()).doesNotContain("java.", "BigDecimal");
        ValidationException currency = catchThrowableOfType(ValidationException.class,
                () -> ConcurReports.toClaim("tenant-1", report(TRAIN.replace("\"currencyCode\": \"EUR\"}", "\"currencyCode\": \"CHF\"}"), "A_APPR")));
        assertThat(currency.field()).isEqualTo("expenses[0].approvedAmount.currencyCode");
        ValidationException date = catchThrowableOfType(ValidationException.class,
                () -> ConcurReports.toClaim("tenant-1", report(TRAIN.replace("2026-11-26", "26.11.2026"), "A_APPR")));
        assertThat(date.field()).isEqualTo("expenses[0].transactionDate");
    }

    @Test
    void eachExpenseSaysWhoPaidItAndOneWithoutAPaymentTypeWasPaidInCash() throws Exception {
        String hotel = """
                {"expenseId": "E-2", "transactionDate": "2026-11-26", "vendor": {"name": "Hotel Baur au Lac"},
                 "accountCode": "6660", "allocations": [{"costCenter": "CC-1200"}],
                 "approvedAmount": {"value": 412.80, "currencyCode": "EUR"}, "taxCode": "DE-VAT7",
                 "paymentType": {"id": "gWqM7$p0", "name": "Company Billed/Company Paid", "code": "CBCP"}}""";
        String taxi = """
                {"expenseId": "E-3", "transactionDate": "2026-11-27", "vendor": {"name": "Taxi Zentrale Zurich"},
                 "accountCode": "6673", "allocations": [{"costCenter": "CC-1200"}],
                 "approvedAmount": {"value": 38.50, "currencyCode": "EUR"}, "taxCode": "DE-VAT7",
                 "paymentType": {"name": "Cash", "code": "CASH"}}""";
        Claim claim = ConcurReports.toClaim("tenant-1", report(TRAIN + "," + hotel + "," + taxi, "A_APPR"));
        assertThat(claim.lines()).extracting(Claim.Line::paymentType)
                .containsExactly(PaymentType.CASH, PaymentType.COMPANY_CARD, PaymentType.CASH);
        assertThat(claim.total().amount()).isEqualByComparingTo("1901.30");
        assertThat(claim.reimbursableTotal().amount()).as("the hotel went on the company's card").isEqualByComparingTo("1488.50");
    }

    @Test
    void anUnknownPaymentTypeIsRefusedNamingTheFieldRatherThanGuessed() throws Exception {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> ConcurReports.toClaim("tenant-1",
                report(TRAIN.replace("\"taxCode\"", "\"paymentType\": {\"code\": \"PCARD\"}, \"taxCode\""), "A_APPR")));
        assertThat(e.field()).isEqualTo("expenses[0].paymentType.code");
        assertThat(e.rejectedValue()).isEqualTo("PCARD");
    }
}
