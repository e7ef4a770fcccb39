package io.finrelay.engine.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The version of the format a workflow stores its instances' states (and its timers' events) in, with the
 * upcasters that read every older version. Each stored state carries the version it was written in; the
 * engine reads a state of the current version directly (no upcasting cost), brings an older one to the
 * current version step by step ({@code 1 -> 2 -> 3}) before the transition sees it, and writes the next state
 * in the current version. A version it does not know (newer than the code) is refused, never guessed at.
 *
 * <pre>{@code
 * StoredFormat.version(3)
 *     .from(1, Upcaster.state("Paying", json -> json.put("currency", "EUR")))   // 1 -> 2
 *     .from(2, Upcaster.renameState("Blocked", "OnHold"))                       // 2 -> 3
 * }</pre>
 *
 * <p>Immutable; a definition builds it once.
 */
public final class StoredFormat {
    private static final StoredFormat FIRST = new StoredFormat(1, new TreeMap<>());

    private final int current;
    private final TreeMap<Integer, Upcaster> steps;

    private StoredFormat(int current, TreeMap<Integer, Upcaster> steps) {
        this.current = current;
        this.steps = steps;
    }

    /** The first format, which every workflow stores in until its states change. */
    public static StoredFormat first() {
        return FIRST;
    }

    /** Version {@code current}; each older version needs its step, given with {@link #from}. */
    public static StoredFormat version(int current) {
        if (current < 1) {
            throw new IllegalArgumentException("a stored format's version starts at 1, got " + current);
        }
        return new StoredFormat(current, new TreeMap<>());
    }

    /** This format with the step that brings version {@code version} to {@code version + 1}. */
    public StoredFormat from(int version, Upcaster step) {
        Objects.requireNonNull(step, "step");
        if (version < 1 || version >= current) {
            throw new IllegalArgumentException("a step from version " + version + " does not lead to version "
                    + current + ": steps go from 1 to " + (current - 1));
        }
        TreeMap<Integer, Upcaster> copy = new TreeMap<>(steps);
        if (copy.putIfAbsent(version, step) != null) {
            throw new IllegalArgumentException("two steps from version " + version);
        }
        return new StoredFormat(current, copy);
    }

    public int current() {
        return current;
    }

    /** Fails, naming them, when a version older than the current one has no step (checked when registered). */
    public void requireComplete(String workflowType) {
        List<Integer> missing = new ArrayList<>();
        for (int v = 1; v < current; v++) {
            if (!steps.containsKey(v)) {
                missing.add(v);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("workflow " + workflowType + " stores format version " + current
                    + " but has no upcaster from version(s) " + missing + ": states written then could not be read");
        }
    }

    /** Whether a document stored in {@code version} needs upcasting (false on the hot path). */
    public boolean isCurrent(int version) {
        return version == current;
    }

    /**
     * The document stored in {@code version}, brought to the current version. Throws
     * {@link StoredFormatException} for a version this format does not know, or when a step fails.
     */
    public StoredDocument upcast(String workflowType, int version, StoredDocument.Kind kind, String name, String json) {
        if (version < 1 || version > current) {
            throw new StoredFormatException(workflowType, version, current, "the " + describe(kind) + " " + name
                    + " of workflow " + workflowType + " is stored in format version " + version
                    + ", which this node does not know (it reads versions 1 to " + current
                    + "): it was written by newer code, or it is not a version at all", null);
        }
        JsonNode tree = Json.read(json, JsonNode.class);
        if (!(tree instanceof ObjectNode object)) {
            throw new StoredFormatException(workflowType, version, current, "the " + describe(kind) + " " + name
                    + " of workflow " + workflowType + " is not stored as a JSON object", null);
        }
        StoredDocument document = new StoredDocument(kind, name, object);
        for (int v = version; v < current; v++) {
            try {
                document = Objects.requireNonNull(steps.get(v).upcast(document), "an upcaster returned nothing");
            } catch (RuntimeException e) {
                throw new StoredFormatException(workflowType, version, current, "the upcaster of workflow "
                        + workflowType + " from version " + v + " to " + (v + 1) + " failed on the "
                        + describe(kind) + " " + document.name() + ": " + StoredFormatException.reasonOf(e), e);
            }
        }
        return document;
    }

    private static String describe(StoredDocument.Kind kind) {
        return kind == StoredDocument.Kind.STATE ? "state" : "timer event";
    }

    @Override
    public String toString() {
        return "StoredFormat[version " + current + ", steps from " + steps.keySet() + "]";
    }
}
