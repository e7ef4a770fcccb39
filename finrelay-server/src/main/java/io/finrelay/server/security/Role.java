package io.finrelay.server.security;

import static io.finrelay.server.security.Action.ACT_ON_EXCEPTIONS;
import static io.finrelay.server.security.Action.APPROVE;
import static io.finrelay.server.security.Action.CREDIT_REVIEW;
import static io.finrelay.server.security.Action.MANAGE_CONNECTORS;
import static io.finrelay.server.security.Action.MANAGE_GOVERNANCE;
import static io.finrelay.server.security.Action.MANAGE_KEYS;
import static io.finrelay.server.security.Action.MANAGE_TENANTS;
import static io.finrelay.server.security.Action.MANAGE_USERS;
import static io.finrelay.server.security.Action.READ_AUDIT;
import static io.finrelay.server.security.Action.READ_BANK_DETAILS;
import static io.finrelay.server.security.Action.READ_MASTER_DATA;
import static io.finrelay.server.security.Action.READ_OPERATIONS;
import static io.finrelay.server.security.Action.READ_TENANT;
import static io.finrelay.server.security.Action.RECONCILE;
import static io.finrelay.server.security.Action.RELEASE_PAYMENT;
import static io.finrelay.server.security.Action.SUBMIT_EVENTS;
import static io.finrelay.server.security.Action.VERIFY_AUDIT;
import static io.finrelay.server.security.Action.WRITE_MASTER_DATA;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A role and the actions it allows: this enum IS the role x action table, the single source of
 * truth (docs/security.md is checked against it). A caller may hold several roles; it may do what
 * any of them allows.
 *
 * <p>Least privilege, with segregation of duties: the admins manage keys, users, connectors and
 * master data but do not release payments or approve (give a person treasurer as well, on
 * purpose, if one person must); the treasurer releases but cannot change the master data (IBANs) it
 * pays to; integration feeds data in but cannot release or act on exceptions; the credit controller
 * decides on orders held for credit review and nothing else.
 */
public enum Role {
    PARTNER_ADMIN(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA, READ_BANK_DETAILS, WRITE_MASTER_DATA,
            MANAGE_CONNECTORS, SUBMIT_EVENTS, ACT_ON_EXCEPTIONS, READ_AUDIT, VERIFY_AUDIT, MANAGE_KEYS, MANAGE_USERS,
            MANAGE_GOVERNANCE, MANAGE_TENANTS, RECONCILE),
    TENANT_ADMIN(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA, READ_BANK_DETAILS, WRITE_MASTER_DATA,
            MANAGE_CONNECTORS, SUBMIT_EVENTS, ACT_ON_EXCEPTIONS, READ_AUDIT, VERIFY_AUDIT, MANAGE_KEYS, MANAGE_USERS,
            MANAGE_GOVERNANCE, RECONCILE),
    INTEGRATION(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA, WRITE_MASTER_DATA, MANAGE_CONNECTORS, SUBMIT_EVENTS),
    OPERATOR(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA, ACT_ON_EXCEPTIONS, RECONCILE),
    APPROVER(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA, APPROVE),
    TREASURER(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA, READ_BANK_DETAILS, RELEASE_PAYMENT),
    AUDITOR(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA, READ_AUDIT, VERIFY_AUDIT),
    VIEWER(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA),
    CREDIT_CONTROLLER(READ_TENANT, READ_OPERATIONS, READ_MASTER_DATA, CREDIT_REVIEW);

    private final Set<Action> actions;

    Role(Action first, Action... rest) {
        this.actions = Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    public Set<Action> actions() {
        return actions;
    }

    public boolean allows(Action action) {
        return actions.contains(action);
    }

    /** The name on the wire and in the database, e.g. {@code tenant-admin}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Role> fromWire(String text) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(text)).findFirst();
    }

    /** The wire names of all roles, for error messages and docs. */
    public static String wireNames() {
        return String.join(", ", Arrays.stream(values()).map(Role::wireName).toList());
    }
}
