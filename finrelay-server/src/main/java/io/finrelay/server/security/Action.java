package io.finrelay.server.security;

import java.util.Locale;

/**
 * What an endpoint does, named by its business meaning rather than by HTTP verb. Every endpoint
 * asks {@link Access} for exactly one action; {@link Role#actions()} is the one table that says who
 * may do it. The matrix in {@code docs/security.md} is checked against that table by a test.
 */
public enum Action {
    READ_TENANT("read the tenant and the caller's own identity"),
    READ_OPERATIONS("read workflow instances with their timelines, exceptions, bank files, cash positions, expense reports, KPIs and reconciliation"),
    READ_MASTER_DATA("read master data (IBANs masked)"),
    READ_BANK_DETAILS("read master data with IBANs unmasked"),
    WRITE_MASTER_DATA("create and change master data, expense and accounts-payable policies, FX rates and reconciliation rules and settings"),
    MANAGE_CONNECTORS("configure connectors (peer URLs, webhook secrets) and field mappings"),
    SUBMIT_EVENTS("submit business events, expense reports and bank files"),
    ACT_ON_EXCEPTIONS("retry, replay, resolve or cancel an exception; review a possible duplicate or a held supplier invoice"),
    APPROVE("approve or refuse supplier invoices (expense approvals arrive from the expense platform)"),
    RELEASE_PAYMENT("release a payment"),
    RECONCILE("confirm or reject a suggested reconciliation match"),
    CREDIT_REVIEW("release or refuse an order held for credit review"),
    READ_AUDIT("read the audit trail, including refused permissions and logins"),
    VERIFY_AUDIT("verify the audit trail's integrity"),
    MANAGE_KEYS("create, rotate and revoke API keys"),
    MANAGE_USERS("create, list and disable users; assign release roles to people"),
    MANAGE_GOVERNANCE("set the tenant's segregation-of-duties policy; re-seal its stored bank details after a key rotation"),
    MANAGE_TENANTS("create tenants of the partner");

    private final String meaning;

    Action(String meaning) {
        this.meaning = meaning;
    }

    /** The name in the docs and in problem details, e.g. {@code release-payment}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String meaning() {
        return meaning;
    }
}
