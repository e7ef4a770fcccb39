-- Polling fallback for an expense platform that sends no webhooks (issue 14): per tenant, whether and how
-- often its platform's report list is read, and the change cursor (the newest LastModifiedDate taken in),
-- so that a restarted node, or another one, goes on where the last poll ended. The last poll's outcome is
-- kept for the person who set it up.

create table expense_polling (
    tenant_id      uuid        primary key references tenant (id),
    enabled        boolean     not null,
    every_seconds  integer     not null check (every_seconds between 10 and 86400),
    cursor_at      timestamptz,
    last_polled_at timestamptz,
    last_result    text,
    -- a poll in progress holds the tenant by a lease on the database's clock: one node polls a tenant at a
    -- time, and a node that dies mid-poll leaves it to another once the lease has run out
    claimed_until  timestamptz,
    updated_at     timestamptz not null
);
