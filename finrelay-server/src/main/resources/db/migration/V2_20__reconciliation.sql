-- Reconciliation (issue 10): what a tenant expects on its accounts (open items), the runs that match
-- its statement lines against them, the matches they produced, and the tenant's rules and settings.
-- The lines themselves stay in bank_statement_line; recon_line records what became of each one.
-- Amounts are numeric, never a double.

-- An expected receivable (money in) or payable (money out), from the API, the ERP or Finrelay's own
-- payments. content holds the item as first submitted: a repeat with other content is refused.
--   AWAITING_RELEASE  a Finrelay payment not yet released (not matched yet)
--   OPEN              nothing matched yet (or the match was returned)
--   PARTIAL           matched in part; open_amount is what is left
--   MATCHED           matched in full
create table recon_open_item (
    tenant_id          uuid        not null references tenant (id),
    id                 text        not null check (length(id) between 1 and 100),
    source             text        not null check (source in ('API', 'ERP', 'FINRELAY')),
    direction          text        not null check (direction in ('RECEIVABLE', 'PAYABLE')),
    legal_entity       text,
    counterparty_name  text,
    counterparty_iban  text,
    invoice_number     text,
    creditor_reference text,
    end_to_end_id      text,
    payment_run_id     text,
    amount             numeric     not null check (amount > 0),
    open_amount        numeric     not null check (open_amount >= 0),
    currency           char(3)     not null,
    due_date           date,
    status             text        not null check (status in ('AWAITING_RELEASE', 'OPEN', 'PARTIAL', 'MATCHED')),
    erp_ref            text,
    workflow_key       text,
    obligation_id      text,
    paid_by            jsonb       not null default '[]',
    content            jsonb       not null,
    created_by         text        not null,
    created_at         timestamptz not null,
    primary key (tenant_id, id)
);
create index recon_open_item_e2e on recon_open_item (tenant_id, end_to_end_id) where end_to_end_id is not null;
create index recon_open_item_obligation on recon_open_item (tenant_id, obligation_id) where obligation_id is not null;

-- One run over a tenant's open work. One RUNNING run per tenant; a run left RUNNING by a crash is
-- resumed by the next run of its tenant (its results so far are kept: they are written per batch).
create table recon_run (
    tenant_id        uuid        not null references tenant (id),
    id               uuid        not null,
    trigger          text        not null,
    state            text        not null check (state in ('RUNNING', 'DONE', 'FAILED')),
    lines_considered integer     not null default 0,
    matched          integer     not null default 0,
    suggested        integer     not null default 0,
    rule_hits        integer     not null default 0,
    returns          integer     not null default 0,
    resumed          integer     not null default 0,
    message          text,
    started_at       timestamptz not null,
    finished_at      timestamptz,
    primary key (tenant_id, id)
);
create unique index recon_run_one_running on recon_run (tenant_id) where state = 'RUNNING';

-- A match of lines with items. match_key (the sorted line ids and item ids) makes a rewrite of the
-- same match after a crash a no-op. instance_submitted: its workflow instance has been handed the
-- proposal (the engine's inbox dedupes a second hand-over).
create table recon_match (
    tenant_id           uuid        not null references tenant (id),
    id                  uuid        not null,
    match_key           text        not null,
    run_id              uuid        not null,
    status              text        not null check (status in ('AUTO', 'SUGGESTED', 'CONFIRMED', 'REJECTED', 'RETURNED')),
    lines               jsonb       not null,
    open_items          jsonb       not null,
    items               jsonb       not null,
    bank_file_ids       uuid[]      not null,
    score               numeric     not null,
    reasons             jsonb       not null,
    difference_amount   numeric     not null,
    difference_currency char(3)     not null,
    difference_kind     text        not null check (difference_kind in ('NONE', 'FEE', 'FX', 'PARTIAL')),
    instance_submitted  boolean     not null default false,
    decided_by          text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    primary key (tenant_id, id)
);
create unique index recon_match_key on recon_match (match_key, tenant_id);
create index recon_match_status on recon_match (tenant_id, status, id);

-- What became of a statement line: matched or suggested (match_id), booked by a rule (rule_name,
-- gl_account), or a return. A line without a row here is unreconciled.
create table recon_line (
    tenant_id  uuid    not null references tenant (id),
    file_id    uuid    not null,
    line_no    integer not null,
    outcome    text    not null check (outcome in ('MATCHED', 'SUGGESTED', 'RULE', 'RETURN')),
    match_id   uuid,
    rule_name  text,
    gl_account text,
    item_id    text,
    run_id     uuid    not null,
    primary key (tenant_id, file_id, line_no)
);

-- Pairs a person rejected: never proposed again.
create table recon_rejected_pair (
    tenant_id   uuid        not null references tenant (id),
    line_id     text        not null,
    item_id     text        not null,
    rejected_by text        not null,
    rejected_at timestamptz not null,
    primary key (tenant_id, line_id, item_id)
);

-- A tenant's rules (an ordered list) and settings, as data.
create table recon_config (
    tenant_id  uuid        not null references tenant (id),
    rules      jsonb       not null default '[]',
    settings   jsonb,
    updated_at timestamptz not null,
    updated_by text        not null,
    primary key (tenant_id)
);
