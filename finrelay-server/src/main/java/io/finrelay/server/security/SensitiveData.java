package io.finrelay.server.security;

/**
 * Who may see sensitive data in full. Today decided by API-key role: tenant and partner admins and
 * integrations (which pay from the data) see bank details; operators and viewers see them masked.
 * The one place to remap when people and finer roles (treasurer, auditor) arrive.
 */
public final class SensitiveData {
    private SensitiveData() {}

    public static boolean mayReadBankDetails(ApiPrincipal caller) {
        return switch (caller.role()) {
            case PARTNER_ADMIN, TENANT_ADMIN, INTEGRATION -> true;
            case OPERATOR, VIEWER -> false;
        };
    }
}
