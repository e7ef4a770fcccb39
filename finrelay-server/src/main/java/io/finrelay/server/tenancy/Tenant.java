package io.finrelay.server.tenancy;

import io.finrelay.model.id.PartnerId;
import io.finrelay.model.id.TenantId;
import java.time.Instant;

/** A tenant as stored: one customer of a partner. */
public record Tenant(TenantId id, PartnerId partnerId, String name, String slug, String status, Instant createdAt) {}
