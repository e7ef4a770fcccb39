-- Service levels per tenant (issue 13): how long an open exception may wait before it counts as breached,
-- overall and by reason code, and how long before the deadline it counts as due soon (ISO 8601 durations in
-- the policy, which PostgreSQL reads as intervals for the partner overview's counts). Changes are audited
-- as configuration.changed (setting policies/sla).
create table sla_policy (
    tenant_id   uuid        primary key references tenant (id),
    policy      jsonb       not null,
    updated_by  text        not null,
    updated_at  timestamptz not null
);
