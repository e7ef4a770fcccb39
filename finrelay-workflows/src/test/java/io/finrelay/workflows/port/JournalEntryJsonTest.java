package io.finrelay.workflows.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.model.Money;
import io.finrelay.model.ValidationException;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.id.TenantId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.model.ledger.PartyRef;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JournalEntryJsonTest {

    static JournalEntry entry() {
        return new JournalEntry(new JournalEntryId(UUID.randomUUID()), new TenantId(UUID.randomUUID()),
                new LegalEntityId(UUID.randomUUID()), LocalDate.of(2025, 3, 31), "Travel March",
                List.of(JournalLine.debit(AccountCode.of("6400"), Money.of("1234.56", "EUR"), "hotel"),
                        JournalLine.credit(AccountCode.of("1200"), Money.of("1234.56", "EUR"), "")));
    }

    @Test
    void roundTripsExactlyWithAmountsAsStrings() {
        JournalEntry e = entry();
        String json = JournalEntryJson.write(e);
        assertThat(json).contains("\"amount\":\"1234.56\"").doesNotContain("1234.56,");
        assertThat(JournalEntryJson.read(json)).isEqualTo(e);
    }

    @Test
    void aPayableLineKeepsItsPartyThroughThePayload() {
        JournalEntry e = entry();
        JournalEntry withParty = new JournalEntry(e.id(), e.tenantId(), e.legalEntityId(), e.bookingDate(), e.description(),
                List.of(e.lines().get(0), e.lines().get(1).withParty(PartyRef.employee("5b0e7c3a-9d14-4f2b-8a61-3c7e2d9f0b15",
                        "Erika Mustermann"))));
        String json = JournalEntryJson.write(withParty);
        assertThat(json).contains("\"party\":{\"kind\":\"EMPLOYEE\",\"id\":\"5b0e7c3a-9d14-4f2b-8a61-3c7e2d9f0b15\"");
        assertThat(JournalEntryJson.read(json)).isEqualTo(withParty);
        assertThatThrownBy(() -> JournalEntryJson.read(json.replace("EMPLOYEE", "SUPPLIER")))
                .isInstanceOfSatisfying(ValidationException.class, v -> assertThat(v.field()).isEqualTo("lines[1].party.kind"));
        assertThatThrownBy(() -> JournalEntryJson.read(json.replace("\"Erika Mustermann\"", "\" \"")))
                .isInstanceOfSatisfying(ValidationException.class, v -> assertThat(v.field()).isEqualTo("lines[1].party.name"));
    }

    @Test
    void brokenPayloadNamesTheField() {
        assertThatThrownBy(() -> JournalEntryJson.read("{\"id\":\"x\"}")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("bookingDate");
        assertThatThrownBy(() -> JournalEntryJson.read("not json")).isInstanceOf(ValidationException.class);
    }
}
