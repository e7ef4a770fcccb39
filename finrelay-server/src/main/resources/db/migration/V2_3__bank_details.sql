-- Segregation of duties (issue 6): who changed a payee's bank details and when, so that person
-- cannot release a payment to that payee within the tenant's cooling period; and the tenant's duty
-- policy. Every table leads with tenant_id. The IBANs themselves stay in master_data, sealed.

create table bank_detail_change (
    tenant_id   uuid        not null references tenant (id),
    kind        text        not null check (kind in ('employee', 'vendor')),
    key         text        not null,
    id          bigint      generated always as identity,
    changed_by  text        not null,   -- the person (today named by the caller; later the authenticated subject)
    principal   text        not null,   -- the API key that made the call
    changed_at  timestamptz not null,
    primary key (tenant_id, kind, key, id)
);

create table duty_policy (
    tenant_id   uuid        primary key references tenant (id),
    policy      jsonb       not null,
    updated_by  text        not null,
    updated_at  timestamptz not null
);
