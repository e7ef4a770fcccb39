package io.finrelay.engine.workflow;

import java.util.Objects;

/**
 * One kind of command a workflow sends, declared once beside the workflow: the connector it goes to,
 * its type there, the record its payload is, and how that record is written as JSON ({@link PayloadCodec};
 * the engine's JSON unless named). {@link Decision.Accepted#send(CommandType, Object)} sends one; a
 * connector reads the payload back as that record with
 * {@link io.finrelay.engine.outbox.CommandEnvelope#payload(CommandType)}.
 *
 * @param <P> the payload record
 */
public record CommandType<P>(String connector, String type, Class<P> payloadType, PayloadCodec<P> codec) {
    public CommandType {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(codec, "codec");
    }

    /** A command whose payload the engine's JSON writes as it is. */
    public CommandType(String connector, String type, Class<P> payloadType) {
        this(connector, type, payloadType, PayloadCodec.json(payloadType));
    }

    public CommandRequest request(P payload) {
        return new CommandRequest(connector, type, codec.stored(payloadType.cast(Objects.requireNonNull(payload, "payload"))));
    }

    /** Whether a command addressed to {@code connector} as {@code type} is one of these. */
    public boolean matches(String connector, String type) {
        return this.connector.equals(connector) && this.type.equals(type);
    }
}
