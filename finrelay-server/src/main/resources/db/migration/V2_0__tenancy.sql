-- The server's tables: partners, tenants, legal entities, API keys and master data.
-- Server migrations are versions 2.x and later; the engine owns 1.x. Every tenant-owned table leads
-- with tenant_id, and every query of the server names it (see io.finrelay.server.tenancy.TenantSql).

-- A partner (a reseller or an accounting firm) owns tenants.
create table partner (
    id         uuid        primary key,
    name       text        not null,
    created_at timestamptz not null
);

-- A tenant: one customer of a partner. Its id is the tenant_id of every row it owns.
create table tenant (
    id         uuid        primary key,
    partner_id uuid        not null references partner (id),
    name       text        not null,
    slug       text        not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    status     text        not null check (status in ('ACTIVE', 'SUSPENDED')),
    created_at timestamptz not null
);
create index tenant_partner on tenant (partner_id);

-- A legal entity (company code) of a tenant.
create table legal_entity (
    tenant_id           uuid        not null references tenant (id),
    id                  uuid        not null,
    name                text        not null,
    country             char(2)     not null,
    functional_currency char(3)     not null,
    created_at          timestamptz not null,
    primary key (tenant_id, id)
);

-- API keys. Only the SHA-256 of the token is kept, never the secret. tenant_id is null exactly for
-- partner-admin keys, which act for every tenant of their partner.
create table api_key (
    tenant_id   uuid        references tenant (id),
    id          uuid        primary key,
    partner_id  uuid        not null references partner (id),
    name        text        not null,
    role        text        not null check (role in ('partner-admin', 'tenant-admin', 'operator', 'integration', 'viewer')),
    prefix      text        not null unique,
    secret_hash bytea       not null check (length(secret_hash) = 32),
    created_at  timestamptz not null,
    revoked_at  timestamptz,
    check ((role = 'partner-admin') = (tenant_id is null))
);
create index api_key_tenant on api_key (tenant_id, created_at);

-- Master data other than legal entities, as the canonical JSON document the API accepted (validated
-- against the model's JSON Schema and by the model's records). kind is e.g. 'vendor'; key is the id
-- (uuid text) or the business code (GL accounts, tax codes).
create table master_data (
    tenant_id       uuid        not null references tenant (id),
    kind            text        not null,
    key             text        not null,
    legal_entity_id uuid,
    body            jsonb       not null,
    created_at      timestamptz not null,
    primary key (tenant_id, kind, key),
    foreign key (tenant_id, legal_entity_id) references legal_entity (tenant_id, id)
);
