package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.Money;
import io.finrelay.workflows.port.CreditExposure;
import io.finrelay.workflows.port.Opportunity;
import io.finrelay.workflows.port.Watermark;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
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
        long address = t.search("party.address", List.of(List.of("party", "=", customer)), 1, null).getFirst();
        long revenue = t.search("account.account", List.of(List.of("code", "=", "4000")), 1, null).getFirst();
        long receivable = t.search("account.account", List.of(List.of("code", "=", "1400")), 1, null).getFirst();
        long journal = t.search("account.journal", List.of(List.of("code", "=", "REV")), 1, null).getFirst();
        long eur = t.search("currency.currency", List.of(List.of("code", "=", "EUR")), 1, null).getFirst();
        Map<String, Object> line = new LinkedHashMap<>(Map.of("type", "line", "description", "Consulting",
                "quantity", new TrytonCodec.FloatValue(new BigDecimal("2")), "unit_price", new BigDecimal("150.00"),
                "account", revenue, "company", peer.facts().company(), "currency", eur));
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("type", "out");
        invoice.put("company", peer.facts().company());
        invoice.put("party", customer);
        invoice.put("invoice_address", address);
        invoice.put("currency", eur);
        invoice.put("journal", journal);
        invoice.put("account", receivable);
        invoice.put("invoice_date", peer.facts().today());
        invoice.put("lines", List.of(List.of("create", List.of(line))));
        long id = t.createOne("account.invoice", invoice);
        t.button("account.invoice", "post", List.of(id));

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
