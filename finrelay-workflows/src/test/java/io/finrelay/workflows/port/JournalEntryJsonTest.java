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
    void round_trips_exactly_with_amounts_as_strings() {
        JournalEntry e = entry();
        String json = JournalEntryJson.write(e);
        assertThat(json).contains("\"amount\":\"1234.56\"").doesNotContain("1234.56,");
        assertThat(JournalEntryJson.read(json)).isEqualTo(e);
    }

    @Test
    void broken_payload_names_the_field() {
        assertThatThrownBy(() -> JournalEntryJson.read("{\"id\":\"x\"}")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("bookingDate");
        assertThatThrownBy(() -> JournalEntryJson.read("not json")).isInstanceOf(ValidationException.class);
    }
}
