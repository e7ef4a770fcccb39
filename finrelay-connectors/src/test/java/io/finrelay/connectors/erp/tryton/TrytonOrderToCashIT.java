package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import io.finrelay.workflows.port.CreditExposure;
import io.finrelay.workflows.port.Opportunity;
import io.finrelay.workflows.port.Watermark;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Credit exposure and CRM opportunities read (and updated) on the real Tryton. */
class TrytonOrderToCashIT {

    @Test
    void aCustomersCreditExposureCountsAPostedCustomerInvoice() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        TrytonClient t = erp.client();
        long customer = t.createOne("party.party", Map.of("name", "Initech " + UUID.randomUUID().toString().substring(0, 8),
                "credit_limit_amount", new BigDecimal("1000"), "addresses", List.of(List.of("create",
                        List.of(Map.of("city", "Hamburg"))))));
        CreditExposure before = erp.creditExposure(Long.toString(customer));
        assertThat(before.creditLimit()).contains(Money.of("1000.00", "EUR"));
        assertThat(before.creditAmount()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(before.openReceivables()).isEmpty();

        // Set-up through Tryton itself: a customer invoice of 300.00, posted.
        TrytonSetup.postCustomerInvoice(t, peer.facts(), customer, new BigDecimal("300.00"), "Consulting");

        CreditExposure after = erp.creditExposure(Long.toString(customer));
        assertThat(after.creditAmount()).isEqualTo(Money.of("300.00", "EUR"));
        assertThat(after.headroom()).contains(Money.of("700.00", "EUR"));
        assertThat(after.allows(Money.of("700.00", "EUR"))).isTrue();
        assertThat(after.allows(Money.of("700.01", "EUR"))).isFalse();
        assertThat(after.openReceivables()).singleElement().satisfies(i -> {
            assertThat(i.amount()).isEqualTo(Money.of("300.00", "EUR"));
            assertThat(i.partyRef()).isEqualTo(Long.toString(customer));
        });
    }

    @Test
    void opportunitiesAreReadIncrementallyAndUpdated() {
        TrytonPeer peer = TrytonITSupport.peer();
        TrytonErp erp = new TrytonErp(peer.config());
        TrytonClient t = erp.client();
        Watermark mark = erp.pullMasterData(Watermark.BEGINNING).next();
        String description = "Roll-out " + UUID.randomUUID().toString().substring(0, 8);
        long opportunity = t.createOne("sale.opportunity", Map.of("party", peer.facts().customer(), "employee", peer.facts().employee(),
                "company", peer.facts().company(), "start_date", peer.facts().today(), "description", description,
                "amount", new BigDecimal("25000"), "conversion_probability", new TrytonCodec.FloatValue(new BigDecimal("0.4"))));

        List<Opportunity> changed = erp.opportunities(mark);
        assertThat(changed).anySatisfy(o -> {
            assertThat(o.erpRef()).isEqualTo(Long.toString(opportunity));
            assertThat(o.description()).isEqualTo(description);
            assertThat(o.amount()).contains(Money.of("25000.00", "EUR"));
            assertThat(o.probability()).isEqualByComparingTo("0.4");
            assertThat(o.state()).isEqualTo("lead");
        });

        Opportunity updated = erp.updateOpportunity(Long.toString(opportunity), new Opportunity.Update(
                Optional.of(Money.of("30000.00", "EUR")), Optional.of(new BigDecimal("0.75")), Optional.empty(),
                Optional.of(Opportunity.Stage.OPPORTUNITY)));
        assertThat(updated.state()).isEqualTo("opportunity");
        assertThat(updated.amount()).contains(Money.of("30000.00", "EUR"));
        assertThat(updated.probability()).isEqualByComparingTo("0.75");
        var held = t.read("sale.opportunity", List.of(opportunity), List.of("state", "amount")).get(0);
        assertThat(held.path("state").asText()).isEqualTo("opportunity");
        assertThat(TrytonCodec.toDecimal(held.get("amount"))).isEqualByComparingTo("30000");
    }
}
