package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.audit.AuditChain;
import io.finrelay.engine.audit.AuditChain.Row;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The seal hash: a function of the previous hash, the position and every field of the row. */
class AuditChainTest {
    private static final UUID ACME = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    private static final UUID INSTANCE = UUID.fromString("018f2b6e-0000-7000-8000-000000000042");
    private static final Row ROW = new Row(ACME, 4711, INSTANCE, "corr-INV-2026-0042",
            Instant.parse("2026-11-02T09:00:00.123456Z"), "ops:anna", "exception.resolve",
            "{\"to\": \"RESOLVED\", \"from\": \"OPEN\", \"note\": \"paid by hand, 2400.00 EUR\"}");

    @Test
    void theSameRowAfterTheSameHashGivesTheSameSeal() {
        byte[] hash = AuditChain.link(AuditChain.GENESIS, 1, ROW);

        assertThat(hash).hasSize(32).isEqualTo(AuditChain.link(new byte[32], 1, ROW));
    }

    @Test
    void everyFieldThePositionAndThePreviousHashChangeTheSeal() {
        byte[] original = AuditChain.link(AuditChain.GENESIS, 1, ROW);
        List<byte[]> variants = List.of(
                AuditChain.link(AuditChain.link(AuditChain.GENESIS, 1, ROW), 1, ROW),
                AuditChain.link(AuditChain.GENESIS, 2, ROW),
                AuditChain.link(AuditChain.GENESIS, 1, new Row(UUID.randomUUID(), 4711, INSTANCE, ROW.correlationId(),
                        ROW.occurredAt(), ROW.actor(), ROW.kind(), ROW.detailJson())),
                AuditChain.link(AuditChain.GENESIS, 1, new Row(ACME, 4712, INSTANCE, ROW.correlationId(),
                        ROW.occurredAt(), ROW.actor(), ROW.kind(), ROW.detailJson())),
                AuditChain.link(AuditChain.GENESIS, 1, new Row(ACME, 4711, null, ROW.correlationId(),
                        ROW.occurredAt(), ROW.actor(), ROW.kind(), ROW.detailJson())),
                AuditChain.link(AuditChain.GENESIS, 1, new Row(ACME, 4711, INSTANCE, "corr-other",
                        ROW.occurredAt(), ROW.actor(), ROW.kind(), ROW.detailJson())),
                AuditChain.link(AuditChain.GENESIS, 1, new Row(ACME, 4711, INSTANCE, ROW.correlationId(),
                        ROW.occurredAt().plusNanos(1_000), ROW.actor(), ROW.kind(), ROW.detailJson())),
                AuditChain.link(AuditChain.GENESIS, 1, new Row(ACME, 4711, INSTANCE, ROW.correlationId(),
                        ROW.occurredAt(), "ops:mallory", ROW.kind(), ROW.detailJson())),
                AuditChain.link(AuditChain.GENESIS, 1, new Row(ACME, 4711, INSTANCE, ROW.correlationId(),
                        ROW.occurredAt(), ROW.actor(), "exception.cancel", ROW.detailJson())),
                AuditChain.link(AuditChain.GENESIS, 1, new Row(ACME, 4711, INSTANCE, ROW.correlationId(),
                        ROW.occurredAt(), ROW.actor(), ROW.kind(), ROW.detailJson().replace("2400.00", "2400.01"))));

        HexFormat hex = HexFormat.of();
        assertThat(variants.stream().map(hex::formatHex).distinct()).hasSize(variants.size())
                .doesNotContain(hex.formatHex(original));
    }

    @Test
    void textFieldsCannotTradeCharactersAcrossTheirBorder() {
        Row actorAb = new Row(ACME, 1, null, "c", ROW.occurredAt(), "ops:ab", "c", "{}");
        Row actorA = new Row(ACME, 1, null, "c", ROW.occurredAt(), "ops:a", "bc", "{}");

        assertThat(AuditChain.link(AuditChain.GENESIS, 1, actorAb)).isNotEqualTo(AuditChain.link(AuditChain.GENESIS, 1, actorA));
    }
}
