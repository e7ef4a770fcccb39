package io.finrelay.workflows.governance;

import java.util.List;
import java.util.Objects;

/**
 * A person acting in a tenant, with the duty roles they hold there (e.g. {@code treasurer}): the
 * person who logged in, or the person a machine key names (see io.finrelay.server.governance.Duties).
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
