-- Stuck-workflow monitors (issue 14, item 3): per tenant, the thresholds that differ from the defaults
-- (ISO 8601 durations by monitor name; a monitor not named runs with its default), and where the
-- tenant's operations tool takes the breach webhooks (Standard Webhooks, signed with the secret,
-- which is sealed like every connector secret). The breaches themselves are workflow instances
-- (stuck-alert) with their exceptions and outbox commands: no table of their own.
create table monitor_settings (
    tenant_id      uuid        primary key references tenant (id),
    thresholds     jsonb       not null default '{}',
    webhook_url    text,
    webhook_secret text,
    updated_by     text        not null,
    updated_at     timestamptz not null
);
