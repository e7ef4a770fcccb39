package io.finrelay.engine.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A stored state of a workflow, or an event its timer keeps, as an upcaster sees it: the record's name
 * (stored beside the JSON: {@code state_name}, {@code event_type}) and its JSON tree, in one version of the
 * workflow's {@link StoredFormat}. An upcaster returns the document one version on; it may change the tree
 * it is given (every read parses a fresh one).
 */
public record StoredDocument(Kind kind, String name, ObjectNode json) {

    /** What the document is: an instance's state, or the event a timer will deliver to it. */
    public enum Kind { STATE, EVENT }

    public StoredDocument {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a stored document needs the name of its record");
        }
        Objects.requireNonNull(json, "json");
    }

    public boolean isState(String stateName) {
        return kind == Kind.STATE && name.equals(stateName);
    }

    public boolean isEvent(String eventName) {
        return kind == Kind.EVENT && name.equals(eventName);
    }

    /** The same JSON under another record name (a renamed state or event). */
    public StoredDocument renamed(String newName) {
        return new StoredDocument(kind, newName, json);
    }
}
