package io.finrelay.server.security;

import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Who is calling: a machine (an API key), a person (a user of Finrelay or of an external OIDC
 * issuer), or the server's own configured work. Its partner, its tenant (absent for a partner admin)
 * and its roles. {@link #subject()} is the person's username for users, so that a payment release
 * knows WHO released; {@link #actor()} is what the audit trail records.
 *
 * @param kind    key, user or system
 * @param id      the key's id, the Finrelay user's id, or null (external users, system work)
 * @param subject the key's prefix, the person's username (or the external {@code sub}), or the job
 * @param name    the key's name, or the person's username
 */
public record ApiPrincipal(Kind kind, UUID id, String subject, String name, PartnerId partnerId,
                           Optional<TenantId> tenantId, Set<Role> roles) {

    public enum Kind {
        KEY, USER, SYSTEM;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ApiPrincipal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(tenantId, "tenantId");
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a principal has at least one role");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
    }

    /** True when any of the caller's roles allows {@code action}. */
    public boolean allows(Action action) {
        return roles.stream().anyMatch(r -> r.allows(action));
    }

    public boolean isPartnerAdmin() {
        return roles.contains(Role.PARTNER_ADMIN);
    }

    /** The roles' wire names, sorted, e.g. {@code [tenant-admin, treasurer]}. */
    public Set<String> roleNames() {
        return roles.stream().map(Role::wireName).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    public String actor() {
        return switch (kind) {
            case KEY -> "api-key:" + subject + " (" + name + ")";
            case USER -> "user:" + subject;
            case SYSTEM -> subject;
        };
    }
}
