package io.finrelay.model.expense;

import static io.finrelay.model.Fixtures.ERIKA;
import static io.finrelay.model.Fixtures.REPORT;
import static io.finrelay.model.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.CostCenterCode;
import io.finrelay.model.id.ProjectCode;
import io.finrelay.model.id.TaxCodeKey;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpenseReportTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    static ExpenseLine line(String merchant, String gross) {
        return new ExpenseLine(LocalDate.of(2025, 3, 12), merchant, AccountCode.of("6650"), CostCenterCode.of("CC-1200"),
                Optional.of(ProjectCode.of("PRJ-2025-017")), Money.of(gross, "EUR"), TaxCodeKey.of("DE-VAT19"), Optional.empty());
    }

    @Test
    void totalIsTheSumOfTheLines() {
        ExpenseReport report = new ExpenseReport(REPORT, TENANT, ERIKA, "Customer visit Zurich", EUR,
                List.of(line("Deutsche Bahn", "189.90"), line("Hotel Schweizerhof", "312.45")));
        assertThat(report.total()).isEqualTo(Money.of("502.35", "EUR"));
    }

    @Test
    void everyLineIsInTheReportCurrency() {
        ExpenseLine chf = new ExpenseLine(LocalDate.of(2025, 3, 12), "Taxi Zürich", AccountCode.of("6673"),
                CostCenterCode.of("CC-1200"), Optional.empty(), Money.of("38.50", "CHF"), TaxCodeKey.of("FOREIGN0"), Optional.empty());
        assertThatThrownBy(() -> new ExpenseReport(REPORT, TENANT, ERIKA, "Customer visit Zurich", EUR,
                List.of(line("Deutsche Bahn", "189.90"), chf)))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("lines[1].grossAmount"));
    }

    @Test
    void aReportNeedsLinesAndAPurpose() {
        assertThatThrownBy(() -> new ExpenseReport(REPORT, TENANT, ERIKA, "Trip", EUR, List.of()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("lines");
        assertThatThrownBy(() -> new ExpenseReport(REPORT, TENANT, ERIKA, " ", EUR, List.of(line("DB", "1.00"))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("purpose"));
    }

    @Test
    void linesArePositiveAndReceiptHashesAreSha256() {
        assertThatThrownBy(() -> line("Refund", "-5.00")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new ExpenseLine(LocalDate.of(2025, 3, 12), "DB", AccountCode.of("6673"),
                CostCenterCode.of("CC-1200"), Optional.empty(), Money.of("10.00", "EUR"), TaxCodeKey.of("DE-VAT7"),
                Optional.of("not-a-hash")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("receiptHash"));
    }
}
