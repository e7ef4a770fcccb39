package io.finrelay.engine.runtime;

import io.finrelay.engine.json.SealedCodec;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workflows this node runs, by type, each with the codecs of its states and events. */
public final class WorkflowRegistry {

    /** A definition with its codecs, built once. */
    public record Registered<S extends WorkflowState, E extends WorkflowEvent>(
            WorkflowDefinition<S, E> definition, SealedCodec<S> states, SealedCodec<E> events) {

        static <S extends WorkflowState, E extends WorkflowEvent> Registered<S, E> of(WorkflowDefinition<S, E> definition) {
            return new Registered<>(definition, new SealedCodec<>(definition.stateType()),
                    new SealedCodec<>(definition.eventType()));
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
