package io.finrelay.server.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do. The full role matrix is a later issue; for now: viewers only read,
 * integrations and operators write, operators and tenant admins act on exceptions, tenant admins
 * manage their tenant's keys, and partner admins may do all of that for every tenant of their partner.
 */
public enum Role {
    PARTNER_ADMIN, TENANT_ADMIN, OPERATOR, INTEGRATION, VIEWER;

    /** The name on the wire and in the database, e.g. {@code tenant-admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> fromWire(String text) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(text)).findFirst();
    }

    public boolean allows(Permission permission) {
        return switch (permission) {
            case READ -> true;
            case WRITE -> this != VIEWER;
            case ACT_ON_EXCEPTIONS -> this == OPERATOR || this == TENANT_ADMIN || this == PARTNER_ADMIN;
            case MANAGE_KEYS -> this == TENANT_ADMIN || this == PARTNER_ADMIN;
            case MANAGE_TENANTS -> this == PARTNER_ADMIN;
        };
    }
}
