package io.finrelay.workflows.governance;

import java.util.List;
import java.util.Objects;

/**
 * A person acting in a tenant, with the duty roles they hold there (e.g. {@code treasurer}). Today
 * the API names the person in the request body; once people authenticate, the server builds the
 * actor from the authenticated subject instead, and the duty rules do not change.
 */
public record Actor(String name, List<String> roles) {
    public Actor {
        Objects.requireNonNull(name, "name");
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
