-- The durable workflow engine's tables. Every table leads with the tenant; every query names it.
-- Engine migrations are versions 1.x; the server's tenancy and master data start at 2.0.

-- Inbound events and idempotent requests. A key is never expired: a replay on day 30 is still caught.
create table inbox (
    tenant_id      uuid        not null,
    source         text        not null,
    dedup_key      text        not null,
    payload_hash   bytea       not null,
    result         jsonb       not null,
    instance_id    uuid,
    correlation_id text        not null,
    received_at    timestamptz not null,
    primary key (tenant_id, source, dedup_key)
);

-- One row per business object.
create table workflow_instance (
    tenant_id      uuid        not null,
    id             uuid        not null,
    workflow_type  text        not null,
    business_key   text        not null,
    state_name     text        not null,
    state          jsonb       not null,
    ended          boolean     not null default false,
    version        bigint      not null,
    next_seq       bigint      not null default 1,
    correlation_id text        not null,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    primary key (tenant_id, id),
    -- The natural key, with the tenant last: lookups name all three columns, and an index led by
    -- tenant_id would compete with the primary key for "where tenant_id = ? and id = ?" while the
    -- table has no statistics yet, and could win (measured: ten times slower for the first minute).
    unique (business_key, workflow_type, tenant_id)
) with (fillfactor = 80);
-- No other index, on purpose. Every transition changes the state: with no indexed column changing
-- (and room left on the page) PostgreSQL updates the row in place (HOT) instead of touching every
-- index. Ids are time-ordered (UUIDv7), so lists by recency use the primary key.

-- Commands waiting to be delivered. Finished rows move to outbox_done so that this table, and the
-- SKIP LOCKED scans over it, stay small.
--   READY      waiting for its next attempt
--   SENDING    claimed by a node (claimed_by) until lease_until; the call may be under way
--   UNKNOWN    a call whose outcome is unknown: the peer is asked before anything is sent again
--   EXCEPTION  retry budget spent or permanent failure: an operator decides (exception table)
create table outbox (
    tenant_id       uuid        not null,
    command_id      uuid        not null,
    instance_id     uuid        not null,
    seq             bigint      not null,
    connector       text        not null,
    command_type    text        not null,
    payload         jsonb       not null,
    status          text        not null check (status in ('READY', 'SENDING', 'UNKNOWN', 'EXCEPTION')),
    attempts        integer     not null default 0,
    lookup_first    boolean     not null default false,
    next_attempt_at timestamptz not null,
    claimed_by      text,
    lease_until     timestamptz,
    last_error      text,
    correlation_id  text        not null,
    created_at      timestamptz not null,
    primary key (tenant_id, command_id),
    -- Instance ids are unique across tenants; leading with them keeps this index from competing with
    -- the primary key (see workflow_instance). It also serves "is an earlier command still here?".
    unique (instance_id, seq)
);
-- Only deliverable rows are indexed: the claim query reads this narrow index.
create index outbox_deliverable on outbox (next_attempt_at) where status in ('READY', 'UNKNOWN');
create index outbox_sending on outbox (claimed_by, lease_until) where status = 'SENDING';

create table outbox_done (
    tenant_id      uuid        not null,
    command_id     uuid        not null,
    instance_id    uuid        not null,
    seq            bigint      not null,
    connector      text        not null,
    command_type   text        not null,
    payload        jsonb       not null,
    outcome        text        not null,
    result         jsonb,
    attempts       integer     not null,
    correlation_id text        not null,
    created_at     timestamptz not null,
    finished_at    timestamptz not null,
    primary key (tenant_id, command_id)
);
-- Only the primary key: rows arrive at the rate of commands and are read rarely (an operator, an audit).

create table timer (
    tenant_id   uuid        not null,
    instance_id uuid        not null,
    name        text        not null,
    due_at      timestamptz not null,
    event_type  text        not null,
    event       jsonb       not null,
    primary key (tenant_id, instance_id, name)
);
create index timer_due on timer (due_at);

-- The exception queue: failures with their business context, an owner and the operator's actions.
create table exception (
    tenant_id     uuid        not null,
    id            uuid        not null,
    instance_id   uuid,
    command_id    uuid,
    kind          text        not null check (kind in ('COMMAND', 'INCIDENT')),
    code          text        not null,
    reason        text        not null,
    context       jsonb       not null,
    status        text        not null check (status in ('OPEN', 'RETRIED', 'REPLAYED', 'RESOLVED', 'CANCELLED')),
    owner         text,
    correlation_id text       not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    primary key (tenant_id, id)
);
create index exception_open on exception (tenant_id, created_at) where status = 'OPEN';
create index exception_instance on exception (tenant_id, instance_id);

-- Append-only: the application never updates or deletes a row here.
create table audit_event (
    tenant_id      uuid        not null,
    id             bigint      generated always as identity,
    instance_id    uuid,
    correlation_id text        not null,
    occurred_at    timestamptz not null,
    actor          text        not null,
    kind           text        not null,
    detail         jsonb       not null,
    primary key (tenant_id, id)
);
create index audit_event_instance on audit_event (tenant_id, instance_id, id);
