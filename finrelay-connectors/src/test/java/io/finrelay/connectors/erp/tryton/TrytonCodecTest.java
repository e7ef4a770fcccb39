package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class TrytonCodecTest {

    @Test
    void decimalsDatesAndBytesTravelAsTrytonClassObjects() throws Exception {
        JsonNode node = TrytonCodec.encode(List.of(new BigDecimal("1234.50"), LocalDate.of(2025, 3, 31),
                LocalDateTime.of(2025, 3, 31, 23, 59, 58, 123_456_000), "hé".getBytes(StandardCharsets.UTF_8)));
        assertThat(node.toString()).isEqualTo("[{\"__class__\":\"Decimal\",\"decimal\":\"1234.50\"},"
                + "{\"__class__\":\"date\",\"year\":2025,\"month\":3,\"day\":31},"
                + "{\"__class__\":\"datetime\",\"year\":2025,\"month\":3,\"day\":31,\"hour\":23,\"minute\":59,"
                + "\"second\":58,\"microsecond\":123456},{\"__class__\":\"bytes\",\"base64\":\"aMOp\"}]");
        JsonNode back = TrytonCodec.MAPPER.readTree(node.toString());
        assertThat(TrytonCodec.toDecimal(back.get(0))).isEqualTo(new BigDecimal("1234.50"));
        assertThat(TrytonCodec.toDate(back.get(1))).isEqualTo(LocalDate.of(2025, 3, 31));
        assertThat(TrytonCodec.toInstant(back.get(2))).isEqualTo(Instant.parse("2025-03-31T23:59:58.123456Z"));
        assertThat(new String(TrytonCodec.toBytes(back.get(3)), StandardCharsets.UTF_8)).isEqualTo("hé");
    }

    @Test
    void aDoubleIsNeverSent() {
        assertThatThrownBy(() -> TrytonCodec.encode(Map.of("amount", 0.1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never");
        assertThatThrownBy(() -> TrytonCodec.encode(1.5f)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFloatFieldGetsAPlainNumberWrittenFromTheExactDecimal() {
        assertThat(TrytonCodec.encode(new TrytonCodec.FloatValue(new BigDecimal("0.40"))).toString()).isEqualTo("0.40");
    }

    @Test
    void plainJsonFloatsAreReadAsExactDecimals() throws Exception {
        JsonNode n = TrytonCodec.MAPPER.readTree("{\"p\": 0.1, \"big\": 12345678901234567.89}");
        assertThat(TrytonCodec.toDecimal(n.get("p"))).isEqualTo(new BigDecimal("0.1"));
        assertThat(TrytonCodec.toDecimal(n.get("big"))).isEqualTo(new BigDecimal("12345678901234567.89"));
    }

    @Property
    void everyAmountRoundTripsExactly(@ForAll @Scale(2) @BigRange(min = "-1e15", max = "1e15") BigDecimal amount)
            throws Exception {
        JsonNode wire = TrytonCodec.MAPPER.readTree(TrytonCodec.encode(amount).toString());
        assertThat(TrytonCodec.toDecimal(wire)).isEqualByComparingTo(amount);
        assertThat(TrytonCodec.toDecimal(wire).toPlainString()).isEqualTo(amount.toPlainString());
    }

    @Test
    void taxKeysComeFromTaxNames() {
        assertThat(TrytonMasterData.taxKey("VAT 19%", 7)).isEqualTo("VAT-19");
        assertThat(TrytonMasterData.taxKey("%%%", 7)).isEqualTo("TX7");
        assertThat(TrytonMasterData.taxKey("Reduced rate for books and newspapers", 7)).hasSizeLessThanOrEqualTo(16);
    }
}
