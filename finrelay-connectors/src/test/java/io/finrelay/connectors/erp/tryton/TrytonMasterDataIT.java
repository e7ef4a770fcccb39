package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.id.AccountCode;
import io.finrelay.model.ledger.AccountType;
import io.finrelay.workflows.port.FiscalPeriod;
import io.finrelay.workflows.port.MasterData;
import io.finrelay.workflows.port.Watermark;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The master data pull turns Tryton's records into canonical ones, and picks up only changes after a watermark. */
class TrytonMasterDataIT {

    @Test
    void pullsCompanyPartiesAccountsTaxesPeriodsAndJournals() {
        TrytonPeer peer = TrytonITSupport.peer();
        MasterData data = new TrytonErp(peer.config()).pullMasterData(Watermark.BEGINNING);

        assertThat(data.legalEntities()).singleElement().satisfies(le -> {
            assertThat(le.record().name()).isEqualTo("Demo Finance GmbH");
            assertThat(le.record().functionalCurrency().getCurrencyCode()).isEqualTo("EUR");
            assertThat(le.record().country()).isEqualTo("DE");
            assertThat(le.record().id()).isEqualTo(TrytonITSupport.legalEntity(peer));
        });
        assertThat(data.vendors()).anySatisfy(v -> {
            assertThat(v.record().name()).isEqualTo("ACME Supplies Ltd");
            assertThat(v.record().bankAccount().iban().value()).isEqualTo("DE89370400440532013000");
            assertThat(v.record().bankAccount().bic()).hasValueSatisfying(b -> assertThat(b.value()).startsWith("COBADEFF"));
            assertThat(v.erpRef()).isEqualTo(Long.toString(peer.facts().supplier()));
        });
        assertThat(data.customers()).anySatisfy(c -> {
            assertThat(c.record().name()).isEqualTo("Globex Corporation");
            assertThat(c.record().creditLimit().amount()).isEqualByComparingTo("5000");
        });
        assertThat(data.customers()).noneSatisfy(c -> assertThat(c.record().name()).isIn("Demo Finance GmbH",
                "Commerzbank AG", "Erika Mustermann"));
        assertThat(data.employees()).anySatisfy(e -> {
            assertThat(e.record().name()).isEqualTo("Erika Mustermann");
            assertThat(e.record().email()).isEqualTo("erika.mustermann@example.com");
            assertThat(e.record().bankAccount().iban().value()).isEqualTo("DE02120300000000202051");
        });
        Map<AccountCode, AccountType> types = new java.util.HashMap<>();
        data.accounts().forEach(a -> types.put(a.record().code(), a.record().type()));
        assertThat(types).containsEntry(AccountCode.of("1000"), AccountType.ASSET)
                .containsEntry(AccountCode.of("1400"), AccountType.ASSET)
                .containsEntry(AccountCode.of("1600"), AccountType.LIABILITY)
                .containsEntry(AccountCode.of("4000"), AccountType.INCOME)
                .containsEntry(AccountCode.of("6000"), AccountType.EXPENSE);
        assertThat(data.skipped()).anySatisfy(s -> assertThat(s.reason()).contains("view"));
        assertThat(data.taxes()).anySatisfy(t -> {
            assertThat(t.record().code().value()).isEqualTo("VAT-19");
            assertThat(t.record().ratePercent()).isEqualByComparingTo(new BigDecimal("19"));
        });
        assertThat(data.fiscalPeriods()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(FiscalPeriod.Kind.PERIOD);
            assertThat(p.name()).isEqualTo(TrytonSetup.CLOSED_PERIOD);
            assertThat(p.open()).isFalse();
        });
        assertThat(data.fiscalPeriods()).anySatisfy(p -> {
            assertThat(p.kind()).isEqualTo(FiscalPeriod.Kind.YEAR);
            assertThat(p.contains(peer.facts().today())).isTrue();
            assertThat(p.open()).isTrue();
        });
        assertThat(data.journals()).extracting(j -> j.code()).contains("MISC", "CASH", "EXP");
        assertThat(data.costCenters()).isEmpty();      // analytic_account is not activated on the peer
    }

    @Test
    void anIncrementalPullBringsOnlyWhatChangedAfterTheWatermark() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        Watermark mark = erp.pullMasterData(Watermark.BEGINNING).next();
        String name = "Customer " + UUID.randomUUID().toString().substring(0, 8);
        long party = erp.client().createOne("party.party", Map.of("name", name));

        MasterData changes = erp.pullMasterData(mark);
        assertThat(changes.customers()).extracting(c -> c.record().name()).contains(name)
                .doesNotContain("Globex Corporation");
        assertThat(changes.vendors()).extracting(v -> v.record().name()).doesNotContain("ACME Supplies Ltd");
        assertThat(changes.next().changedAt()).isAfter(mark.changedAt());

        erp.client().write("party.party", List.of(party), Map.of("name", name + " renamed"));
        assertThat(erp.pullMasterData(changes.next()).customers()).extracting(c -> c.record().name())
                .contains(name + " renamed");
    }
}
