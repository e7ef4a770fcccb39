package io.finrelay.workflows.expense;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.workflows.expense.ExpenseReferencePort.EarlierClaim;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReferenceRulesTest {
    private static final Instant NOW = Instant.parse("2026-03-02T09:16:00Z");
    private static final String DE = "0c9a4a52-1b2e-4c57-8a0e-3f7c1d0e5a22";
    private static final String CH = "1d9a4a52-1b2e-4c57-8a0e-3f7c1d0e5a23";

    @Test
    void theTenantsMappingWinsOverTheReportsOwnCodeAndOnlyForItsKind() {
        Map<String, Map<String, String>> mappings = Map.of("cost-center", Map.of("SALES-HH", "CC-410"),
                "gl-account", Map.of("TRAVEL", "6650"));
        assertThat(ReferenceRules.mapped(mappings, "cost-center", "SALES-HH")).isEqualTo("CC-410");
        assertThat(ReferenceRules.mapped(mappings, "gl-account", "TRAVEL")).isEqualTo("6650");
        assertThat(ReferenceRules.mapped(mappings, "cost-center", "CC-420")).isEqualTo("CC-420");
        assertThat(ReferenceRules.mapped(mappings, "tax-code", "SALES-HH")).isEqualTo("SALES-HH");
    }

    @Test
    void aCodeSharedByTwoEntitiesIsTheEmployeesEntitysOneElseTheFirst() {
        List<ReferenceData.CostCenter> both = List.of(new ReferenceData.CostCenter("CC-410", CH, true),
                new ReferenceData.CostCenter("CC-410", DE, false));
        assertThat(ReferenceRules.ofEntity(both, ReferenceData.CostCenter::legalEntityId, DE))
                .contains(new ReferenceData.CostCenter("CC-410", DE, false));
        assertThat(ReferenceRules.ofEntity(both.subList(0, 1), ReferenceData.CostCenter::legalEntityId, DE))
                .contains(new ReferenceData.CostCenter("CC-410", CH, true));
        assertThat(ReferenceRules.ofEntity(List.<ReferenceData.CostCenter>of(), ReferenceData.CostCenter::legalEntityId, DE))
                .isEmpty();
    }

    @Test
    void aRateConvertsReceiptsOfItsDayAndTheSixDaysAfterButNotOlderOnes() {
        LocalDate receipt = LocalDate.parse("2026-02-24");
        ReferenceData.Fx friday = new ReferenceData.Fx(LocalDate.parse("2026-02-20"), new BigDecimal("0.9412"), "ECB");
        ReferenceData.Fx weekOld = new ReferenceData.Fx(LocalDate.parse("2026-02-17"), new BigDecimal("0.9398"), "ECB");
        ReferenceData.Fx sixDays = new ReferenceData.Fx(LocalDate.parse("2026-02-18"), new BigDecimal("0.9401"), "ECB");
        assertThat(ReferenceRules.usableRate(Optional.of(friday), receipt)).contains(friday);
        assertThat(ReferenceRules.usableRate(Optional.of(sixDays), receipt)).contains(sixDays);
        assertThat(ReferenceRules.usableRate(Optional.of(weekOld), receipt)).isEmpty();
        assertThat(ReferenceRules.usableRate(Optional.empty(), receipt)).isEmpty();
        // A rate dated after the receipt never converts it.
        assertThat(ReferenceRules.usableRate(Optional.of(friday), LocalDate.parse("2026-02-19"))).isEmpty();
    }

    @Test
    void anEarlierReportCountsAsADuplicateFor180DaysOnceEachAndNeverTheReportItself() {
        List<EarlierClaim> earlier = List.of(
                new EarlierClaim("ER-2026-0002", NOW.minusSeconds(3600)),
                new EarlierClaim("ER-2025-0417", NOW.minus(ReferenceRules.DUPLICATE_WINDOW).plusSeconds(60)),
                new EarlierClaim("ER-2025-0101", NOW.minus(ReferenceRules.DUPLICATE_WINDOW)),
                new EarlierClaim("ER-2026-0002", NOW.minusSeconds(7200)),
                new EarlierClaim("ER-2026-0009", NOW.minusSeconds(60)));
        assertThat(ReferenceRules.duplicates(earlier, "ER-2026-0009", NOW)).containsExactly("ER-2025-0417", "ER-2026-0002");
        assertThat(ReferenceRules.duplicates(List.of(), "ER-2026-0009", NOW)).isEmpty();
    }
}
