package io.finrelay.model.id;

import java.util.Objects;
import java.util.UUID;

/** A project record; its business key is a {@link ProjectCode}. */
public record ProjectId(UUID value) {
    public ProjectId {
        Objects.requireNonNull(value, "projectId");
    }

    public static ProjectId of(String text) {
        return new ProjectId(Ids.parse("projectId", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
