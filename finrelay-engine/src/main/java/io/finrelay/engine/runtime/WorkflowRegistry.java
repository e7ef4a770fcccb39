package io.finrelay.engine.runtime;

import io.finrelay.engine.json.Json;
import io.finrelay.engine.json.SealedCodec;
import io.finrelay.engine.workflow.StoredDocument;
import io.finrelay.engine.workflow.StoredFormat;
import io.finrelay.engine.workflow.StoredFormatException;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The workflows this node runs, by type, each with the codecs of its states and events. */
public final class WorkflowRegistry {

    /**
     * A definition with its codecs and its stored format, built once. States and timer events are read
     * through {@link #readState} and {@link #readEvent}, which upcast what an older version stored.
     */
    public record Registered<S extends WorkflowState, E extends WorkflowEvent>(
            WorkflowDefinition<S, E> definition, SealedCodec<S> states, SealedCodec<E> events, StoredFormat format) {

        static <S extends WorkflowState, E extends WorkflowEvent> Registered<S, E> of(WorkflowDefinition<S, E> definition) {
            StoredFormat format = Objects.requireNonNull(definition.storedFormat(), "storedFormat");
            format.requireComplete(definition.type());
            return new Registered<>(definition, new SealedCodec<>(definition.stateType()),
                    new SealedCodec<>(definition.eventType()), format);
        }

        /**
         * The state stored as {@code name} and {@code json} in format {@code version}. At the current version
         * it is read as it is (the hot path: one comparison more than before versioning); an older one is
         * upcast first. Throws {@link StoredFormatException} for a version this node does not know, or a
         * document its upcasters cannot bring to the current records.
         */
        public S readState(String name, String json, int version) {
            if (format.isCurrent(version)) {
                return states.read(name, json);
            }
            return read(states, format.upcast(definition.type(), version, StoredDocument.Kind.STATE, name, json), version);
        }

        /** The event a timer stored as {@code name} and {@code json} in format {@code version}; as {@link #readState}. */
        public E readEvent(String name, String json, int version) {
            if (format.isCurrent(version)) {
                return events.read(name, json);
            }
            return read(events, format.upcast(definition.type(), version, StoredDocument.Kind.EVENT, name, json), version);
        }

        /** A stored state as the current version names and writes it, for the read side (views, APIs). */
        public StoredDocument currentState(String name, String json, int version) {
            S state = readState(name, json, version);
            return new StoredDocument(StoredDocument.Kind.STATE, states.nameOf(state),
                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().valueToTree(state));
        }

        private <T> T read(SealedCodec<T> codec, StoredDocument document, int version) {
            try {
                return codec.read(document.name(), document.json());
            } catch (RuntimeException e) {
                throw new StoredFormatException(definition.type(), version, format.current(), "the "
                        + (document.kind() == StoredDocument.Kind.STATE ? "state " : "timer event ") + document.name()
                        + " of workflow " + definition.type() + ", stored in format version " + version
                        + ", does not read as version " + format.current() + " after upcasting: "
                        + StoredFormatException.reasonOf(e), e);
            }
        }
    }

    private final Map<String, Registered<?, ?>> byType = new LinkedHashMap<>();

    public WorkflowRegistry(List<? extends WorkflowDefinition<?, ?>> definitions) {
        for (WorkflowDefinition<?, ?> definition : definitions) {
            if (byType.putIfAbsent(definition.type(), Registered.of(definition)) != null) {
                throw new IllegalArgumentException("two workflows of type " + definition.type());
            }
        }
    }

    public Optional<Registered<?, ?>> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Registered<?, ?> get(String type) {
        return find(type).orElseThrow(() -> new IllegalArgumentException("unknown workflow type '" + type + "'"));
    }

    public Collection<Registered<?, ?>> all() {
        return byType.values();
    }
}
