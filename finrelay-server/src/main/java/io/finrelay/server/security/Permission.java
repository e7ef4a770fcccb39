package io.finrelay.server.security;

/** What an endpoint needs; {@link Role#allows} decides. */
public enum Permission {
    READ, WRITE, ACT_ON_EXCEPTIONS, MANAGE_KEYS, MANAGE_TENANTS
}
