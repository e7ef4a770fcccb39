package io.finrelay.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.json.SealedCodec;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One step of a workflow's {@link StoredFormat}: brings a stored document from one version of the format
 * to the next. Pure, like a transition: no I/O, no clock, no randomness, so that the same stored state
 * always reads as the same state. Documents a step does not concern pass through it unchanged.
 *
 * <p>Most steps are small edits of the JSON tree ({@link #state}, {@link #event}, {@link #renameState});
 * a step that needs the old shape as a type reads it as a record kept for the purpose ({@link #typedState}).
 */
@FunctionalInterface
public interface Upcaster {

    /** The document one version on. */
    StoredDocument upcast(StoredDocument document);

    /** This step, then {@code next}, as one step (several changes of one version). */
    default Upcaster andThen(Upcaster next) {
        Objects.requireNonNull(next, "next");
        return document -> next.upcast(upcast(document));
    }

    /** Edits the JSON of every stored state named {@code stateName} in place (add, rename or convert fields). */
    static Upcaster state(String stateName, Consumer<ObjectNode> edit) {
        Objects.requireNonNull(edit, "edit");
        return document -> {
            if (document.isState(stateName)) {
                edit.accept(document.json());
            }
            return document;
        };
    }

    /** Edits the JSON of every stored event (a timer's) named {@code eventName} in place. */
    static Upcaster event(String eventName, Consumer<ObjectNode> edit) {
        Objects.requireNonNull(edit, "edit");
        return document -> {
            if (document.isEvent(eventName)) {
                edit.accept(document.json());
            }
            return document;
        };
    }

    /** A state record renamed from {@code from} to {@code to}, its fields unchanged. */
    static Upcaster renameState(String from, String to) {
        return document -> document.isState(from) ? document.renamed(to) : document;
    }

    /** An event record renamed from {@code from} to {@code to}, its fields unchanged. */
    static Upcaster renameEvent(String from, String to) {
        return document -> document.isEvent(from) ? document.renamed(to) : document;
    }

    /**
     * A typed step for states: a stored state whose name is one of {@code legacy}'s records (a record, or a
     * sealed type of records, kept beside the workflow as the old version looked) is read as that record and
     * turned by {@code toNext} into the record of the next version, whose simple name becomes the stored name.
     * States of other names pass unchanged.
     */
    static <L> Upcaster typedState(Class<L> legacy, Function<? super L, ?> toNext) {
        return typed(StoredDocument.Kind.STATE, legacy, toNext);
    }

    /** {@link #typedState} for the events timers keep. */
    static <L> Upcaster typedEvent(Class<L> legacy, Function<? super L, ?> toNext) {
        return typed(StoredDocument.Kind.EVENT, legacy, toNext);
    }

    private static <L> Upcaster typed(StoredDocument.Kind kind, Class<L> legacy, Function<? super L, ?> toNext) {
        SealedCodec<L> codec = new SealedCodec<>(legacy);
        Objects.requireNonNull(toNext, "toNext");
        return document -> {
            if (document.kind() != kind || !codec.knows(document.name())) {
                return document;
            }
            L old = codec.read(document.name(), document.json());
            Object next = Objects.requireNonNull(toNext.apply(old), "an upcaster returned no record");
            JsonNode tree = Json.mapper().valueToTree(next);
            if (!(tree instanceof ObjectNode object)) {
                throw new IllegalArgumentException("an upcaster returned " + next.getClass().getName()
                        + ", which is not stored as a JSON object");
            }
            return new StoredDocument(kind, next.getClass().getSimpleName(), object);
        };
    }
}
