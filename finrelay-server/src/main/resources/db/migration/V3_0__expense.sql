-- Expense to reimbursement (versions 3.x): the tenant's peers and policies, FX rates, release roles,
-- mappings, and the fingerprints that find duplicate claims. Every table leads with tenant_id.

-- Where the tenant's expense platform, ERP and treasury answer, and the secrets their webhooks are
-- signed with (Standard Webhooks, whsec_<base64>).
create table expense_settings (
    tenant_id               uuid        primary key references tenant (id),
    expense_platform_url    text,
    erp_url                 text,
    treasury_url            text,
    timeout_millis          integer     not null default 10000 check (timeout_millis > 0),
    expense_webhook_secret  text        not null,
    bank_webhook_secret     text        not null,
    updated_at              timestamptz not null
);

-- Per legal entity: the employee payable and input tax accounts, and the amount (functional
-- currency) above which a reimbursement needs two distinct releasers.
create table expense_policy (
    tenant_id           uuid        not null references tenant (id),
    legal_entity_id     uuid        not null,
    payable_account     text        not null,
    input_tax_account   text        not null,
    four_eyes_threshold numeric     not null check (four_eyes_threshold >= 0),
    updated_at          timestamptz not null,
    primary key (tenant_id, legal_entity_id)
);

-- Dated FX rates: 1 base = rate quote, as published by source on rate_date.
create table fx_rate (
    tenant_id  uuid        not null references tenant (id),
    base       char(3)     not null,
    quote      char(3)     not null,
    rate_date  date        not null,
    rate       numeric     not null check (rate > 0),
    source     text        not null,
    created_at timestamptz not null,
    primary key (tenant_id, base, quote, rate_date)
);

-- Who holds which role for releasing payments (e.g. treasurer).
create table expense_role (
    tenant_id uuid not null references tenant (id),
    person    text not null,
    role      text not null,
    primary key (tenant_id, person, role)
);

-- The tenant's mapping of codes from the expense platform to its own (kind: cost-center, gl-account, tax-code).
create table expense_mapping (
    tenant_id uuid not null references tenant (id),
    kind      text not null check (kind in ('cost-center', 'gl-account', 'tax-code')),
    source    text not null,
    target    text not null,
    primary key (tenant_id, kind, source)
);

-- Fingerprints of every report's lines (see Fingerprints): a report sharing one with an earlier
-- report is a possible duplicate. seq orders "earlier".
create table expense_fingerprint (
    tenant_id   uuid        not null references tenant (id),
    fingerprint text        not null,
    report_id   text        not null,
    seq         bigint      generated always as identity,
    received_at timestamptz not null,
    primary key (tenant_id, fingerprint, report_id)
);
create index expense_fingerprint_report on expense_fingerprint (tenant_id, report_id);
