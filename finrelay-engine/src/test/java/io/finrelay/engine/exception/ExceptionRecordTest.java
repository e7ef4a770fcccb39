package io.finrelay.engine.exception;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.model.id.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExceptionRecordTest {
    private static final Instant AT = Instant.parse("2026-03-04T10:15:00Z");

    private static ExceptionRecord raised(String reason, Map<String, String> context) {
        return new ExceptionRecord(new TenantId(UUID.randomUUID()), UUID.randomUUID(), UUID.randomUUID(), null,
                ExceptionRecord.Kind.INCIDENT, "bank-rejected", reason, context, ExceptionRecord.Status.OPEN, null,
                "corr-1", AT, AT);
    }

    @Test
    void anIbanInTheReasonOrTheContextIsMaskedBeforeItIsStored() {
        ExceptionRecord r = raised("the bank rejected payment ER-2026-0001-P1 to DE89370400440532013000 (AC04)",
                Map.of("payeeIban", "DE89 3704 0044 0532 0130 00", "reasonCode", "AC04"));
        assertThat(r.reason()).isEqualTo("the bank rejected payment ER-2026-0001-P1 to DE89 **** **** **** **30 00 (AC04)");
        assertThat(r.context()).containsEntry("payeeIban", "DE89 **** **** **** **30 00").containsEntry("reasonCode", "AC04");
    }

    @Test
    void aReasonWithoutAnIbanIsKeptWordForWord() {
        ExceptionRecord r = raised("posting period 2026-03 is closed", Map.of("journalId", "JE-2026-0017"));
        assertThat(r.reason()).isEqualTo("posting period 2026-03 is closed");
        assertThat(r.context()).containsExactly(Map.entry("journalId", "JE-2026-0017"));
    }
}
