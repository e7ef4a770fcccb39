-- A tenant's connector configuration (issue 5): which system plays a part for the tenant (name, e.g.
-- 'erp') and how to reach it (type, e.g. 'tryton' or 'rest-erp', and its settings). The secret (a
-- password or API token) is never stored in clear: secret_sealed holds SecretBox's
-- 'enc:v1:<key id>:...' text, bound to the context 'tenant/<id>/connector/<name>/secret', so a value
-- copied into another tenant's row does not open. The API never returns it.
create table connector_config (
    tenant_id     uuid        not null references tenant (id),
    name          text        not null check (name ~ '^[a-z][a-z0-9-]{0,39}$'),
    type          text        not null check (type ~ '^[a-z][a-z0-9-]{0,39}$'),
    settings      jsonb       not null,
    secret_sealed text        check (secret_sealed like 'enc:v1:%'),
    version       bigint      not null check (version > 0),
    updated_at    timestamptz not null,
    updated_by    text        not null,
    primary key (tenant_id, name)
);
