package io.finrelay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.workflow.CommandRequest;
import io.finrelay.engine.workflow.CommandType;
import io.finrelay.engine.workflow.PayloadCodec;
import io.finrelay.model.id.TenantId;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommandTypeTest {
    record Transfer(String iban, BigDecimal amount) {}

    /** A wire form the record does not have by itself: the IBAN grouped in fours, the amount in cents. */
    static final PayloadCodec<Transfer> GROUPED = new PayloadCodec<>() {
        @Override
        public Object stored(Transfer t) {
            return JsonNodeFactory.instance.objectNode().put("iban", t.iban().replaceAll("(.{4})(?!$)", "$1 "))
                    .put("cents", t.amount().movePointRight(2).longValueExact());
        }

        @Override
        public Transfer read(String json) {
            var node = Json.read(json, com.fasterxml.jackson.databind.JsonNode.class);
            if (!node.has("cents")) {
                throw new IllegalArgumentException("cents is required");
            }
            return new Transfer(node.get("iban").asText().replace(" ", ""), BigDecimal.valueOf(node.get("cents").asLong(), 2));
        }
    };

    static final CommandType<Transfer> PLAIN = new CommandType<>("bank", "transfer", Transfer.class);
    static final CommandType<Transfer> WIRE = new CommandType<>("bank", "wire-transfer", Transfer.class, GROUPED);

    private static CommandEnvelope envelope(CommandRequest request) {
        return new CommandEnvelope(TenantId.of(UUID.randomUUID().toString()), UUID.randomUUID(), UUID.randomUUID(), "test",
                "T-1", request.connector(), request.type(), Json.write(request.payload()), "corr", 1);
    }

    @Test
    void aPayloadIsStoredAsTheEngineWritesTheRecordAndReadBackAsIt() {
        Transfer t = new Transfer("DE02120300000000202051", new BigDecimal("412.80"));
        CommandRequest request = PLAIN.request(t);
        assertThat(Json.write(request.payload())).isEqualTo("{\"iban\":\"DE02120300000000202051\",\"amount\":\"412.80\"}");
        assertThat(envelope(request).payload(PLAIN)).isEqualTo(t);
        assertThat(new CommandType<>("bank", "transfer", Transfer.class)).as("declared twice, one type").isEqualTo(PLAIN);
    }

    @Test
    void aCommandTypeWithItsOwnCodecStoresItsWireFormAndTheConnectorGetsTheRecord() {
        Transfer t = new Transfer("DE02120300000000202051", new BigDecimal("412.80"));
        CommandEnvelope command = envelope(WIRE.request(t));
        assertThat(command.payloadJson()).isEqualTo("{\"iban\":\"DE02 1203 0000 0000 2020 51\",\"cents\":41280}");
        assertThat(command.payload(WIRE)).isEqualTo(t);
        assertThatThrownBy(() -> command.payload(PLAIN)).as("another command type")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a bank/transfer");
        CommandEnvelope broken = new CommandEnvelope(command.tenantId(), command.commandId(), command.instanceId(), "test",
                "T-1", "bank", "wire-transfer", "{\"iban\":\"DE02\"}", "corr", 1);
        assertThatThrownBy(() -> broken.payload(WIRE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cents is required");
    }
}
