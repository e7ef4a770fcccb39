package io.finrelay.server.security;

import io.finrelay.server.web.ApiProblem;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Reads the roles a request asks to give a key or a person inside a tenant. */
final class Roles {
    private Roles() {}

    /**
     * One role ({@code role}) or several ({@code roles}), each a known wire name and none of them
     * partner-admin: a partner's admins are made by the partner, never from inside a tenant.
     */
    static Set<Role> tenantRoles(String role, List<String> roles) {
        if (role != null && roles != null) {
            throw ApiProblem.invalid("roles", roles, "give role or roles, not both");
        }
        List<String> asked = role != null ? List.of(role) : roles == null ? List.of() : roles;
        String allowed = "each must be one of " + Role.wireNames().replace("partner-admin, ", "");
        if (asked.isEmpty()) {
            throw ApiProblem.invalid(role != null ? "role" : "roles", null, "at least one role is required; " + allowed);
        }
        Set<Role> out = EnumSet.noneOf(Role.class);
        for (String name : asked) {
            Role r = Role.fromWire(name).filter(x -> x != Role.PARTNER_ADMIN)
                    .orElseThrow(() -> ApiProblem.invalid(role != null ? "role" : "roles", name, allowed));
            out.add(r);
        }
        return out;
    }
}
