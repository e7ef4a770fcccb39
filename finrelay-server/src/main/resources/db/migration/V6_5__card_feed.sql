-- Corporate card feeds (issue 12, item 5): the card issuer's transactions, taken in once per tenant by
-- their id, matched to expense lines; those the holder leaves unexplained past the tenant's grace period
-- are reminded once (card-reminder workflow) and accrued at month end (card-accrual workflow, one per
-- legal entity and month, recorded here once submitted). Their settlement dates feed the cash forecast.

-- Per tenant: the grace period, the accounts the month-end accrual books on, and the matcher's tolerances.
create table card_settings (
    tenant_id         uuid        primary key references tenant (id),
    grace_days        integer     not null check (grace_days between 0 and 90),
    accrual_account   text,
    liability_account text,
    date_window_days  integer     not null check (date_window_days between 0 and 60),
    fx_tolerance      numeric     not null check (fx_tolerance between 0 and 0.10),
    updated_at        timestamptz not null
);

-- One row per transaction the issuer reported (card_account is the masked number or the issuer's account
-- id, never a full card number). A refund has a negative billing amount. status MATCHED names the expense
-- line (report and line id), which no other transaction may take.
create table card_transaction (
    tenant_id         uuid        not null references tenant (id),
    transaction_id    text        not null,
    card_account      text        not null,
    employee_id       text        not null,
    holder_name       text,
    transaction_date  date        not null,
    posting_date      date        not null,
    settlement_date   date        not null,
    merchant_name     text        not null,
    mcc               text,
    billing_amount    numeric     not null check (billing_amount <> 0),
    billing_currency  char(3)     not null,
    original_amount   numeric,
    original_currency char(3),
    source            text        not null,
    received_at       timestamptz not null,
    status            text        not null check (status in ('UNMATCHED', 'MATCHED')),
    matched_report_id text,
    matched_line_id   text,
    match_basis       text,
    match_score       numeric,
    matched_at        timestamptz,
    reminded_at       timestamptz,
    primary key (tenant_id, transaction_id),
    check ((status = 'MATCHED') = (matched_report_id is not null and matched_line_id is not null))
);
create unique index card_transaction_line on card_transaction (tenant_id, matched_report_id, matched_line_id)
    where matched_report_id is not null;
create index card_transaction_unmatched on card_transaction (tenant_id, employee_id) where status = 'UNMATCHED';
create index card_transaction_settlement on card_transaction (tenant_id, settlement_date);

-- The month-end accruals submitted: one per tenant, month and legal entity.
create table card_accrual (
    tenant_id       uuid        not null references tenant (id),
    period          text        not null,
    legal_entity_id uuid        not null,
    transactions    integer     not null,
    submitted_at    timestamptz not null,
    primary key (tenant_id, period, legal_entity_id)
);
-- The expense lines of the holders whose transactions are still unmatched are found by employee.
create index expense_report_employee on expense_report (tenant_id, employee_id);
