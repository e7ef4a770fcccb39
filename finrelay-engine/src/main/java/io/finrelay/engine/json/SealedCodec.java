package io.finrelay.engine.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stores a value of a sealed type as (name, JSON) and reads it back, by walking the permitted
 * subclasses once. The name is the record's simple name, so names stay readable in SQL and timelines;
 * two permitted types with the same simple name are refused when the codec is built.
 */
public final class SealedCodec<T> {
    private final Class<T> root;
    private final Map<String, Class<? extends T>> byName = new HashMap<>();

    public SealedCodec(Class<T> root) {
        this.root = Objects.requireNonNull(root);
        collect(root);
        if (byName.isEmpty()) {
            throw new IllegalArgumentException(root.getName() + " has no permitted record types: make it sealed");
        }
    }

    private void collect(Class<?> type) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collect(sub);
            }
        } else if (!type.isInterface() && root.isAssignableFrom(type)) {
            Class<? extends T> concrete = type.asSubclass(root);
            Class<? extends T> clash = byName.putIfAbsent(type.getSimpleName(), concrete);
            if (clash != null && clash != concrete) {
                throw new IllegalArgumentException("two types named " + type.getSimpleName() + " under " + root.getName());
            }
        }
    }

    public String nameOf(T value) {
        return value.getClass().getSimpleName();
    }

    public String write(T value) {
        return Json.write(value);
    }

    public T read(String name, String json) {
        return Json.read(json, typeOf(name));
    }

    /** Reads a value from a JSON tree already parsed (an upcast state, say). */
    public T read(String name, JsonNode tree) {
        Class<? extends T> type = typeOf(name);
        try {
            return Json.mapper().treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot read JSON as " + type.getName(), e);
        }
    }

    private Class<? extends T> typeOf(String name) {
        Class<? extends T> type = byName.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown " + root.getSimpleName() + " '" + name + "'");
        }
        return type;
    }

    public boolean knows(String name) {
        return byName.containsKey(name);
    }
}
