package io.finrelay.engine.workflow;

import io.finrelay.engine.json.Json;
import java.util.Objects;

/**
 * How a {@link CommandType}'s payload record becomes the JSON the outbox stores (and the peer receives)
 * and how a connector reads it back. Most payloads are records the engine's {@link Json} writes as they
 * are ({@link #json}); a payload whose wire form is defined elsewhere (a canonical document of the model,
 * whose records know no JSON library) names its own codec beside the command type.
 *
 * @param <P> the payload record
 */
public interface PayloadCodec<P> {

    /** What the outbox writes with the engine's {@link Json}: the payload itself, or a JSON tree of its wire form. */
    Object stored(P payload);

    /** The payload back from the JSON stored; a broken one fails with an unchecked exception that says what is wrong. */
    P read(String json);

    /** The engine's JSON, both ways. */
    static <P> PayloadCodec<P> json(Class<P> type) {
        return new JsonCodec<>(type);
    }

    /** The engine's JSON: equal for equal types, so that two declarations of one command type are equal. */
    record JsonCodec<P>(Class<P> type) implements PayloadCodec<P> {
        public JsonCodec {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public Object stored(P payload) {
            return payload;
        }

        @Override
        public P read(String json) {
            return Json.read(json, type);
        }
    }
}
