-- Order to cash (issue 12, item 2): the tenant's CRM and credit settings, the orders' read model, the
-- CRM's opportunities for the cash forecast, and the credit controller's role.

-- Per tenant: the CRM's REST URL, the secret its signed change events are checked with (made once),
-- the treasury's counterparty threshold (none: only the ERP's credit limit applies) and the legal entity
-- whose receivables the orders' invoices are.
create table o2c_settings (
    tenant_id          uuid        primary key references tenant (id),
    crm_url            text        not null,
    webhook_secret     text        not null,
    threshold_amount   numeric     check (threshold_amount is null or threshold_amount >= 0),
    threshold_currency char(3),
    legal_entity       text,
    updated_by         text        not null,
    updated_at         timestamptz not null,
    check ((threshold_amount is null) = (threshold_currency is null))
);

-- One row per order, kept by the workflow in its deciding transaction: what the API lists and what the
-- credit check reads (orders released but not yet booked in the ERP are "in flight").
create table o2c_order (
    tenant_id      uuid        not null references tenant (id),
    order_id       text        not null check (length(order_id) between 1 and 40),
    origin         text        not null check (origin in ('order', 'opportunity')),
    order_number   text        not null,
    account_id     text        not null,
    customer_ref   text        not null,
    customer_name  text        not null,
    amount         numeric     not null check (amount > 0),
    currency       char(3)     not null,
    effective_date date        not null,
    submitted_by   text        not null,
    state          text        not null,
    credit         jsonb,
    released_by    text,
    decided_by     text,
    sale_ref       text,
    invoice_ref    text,
    invoice_number text,
    invoice_date   date,
    due_date       date,
    paid           numeric     not null default 0,
    overpaid       numeric     not null default 0,
    paid_on        date,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    primary key (tenant_id, order_id)
);
create index o2c_order_customer on o2c_order (tenant_id, customer_ref, state);
create index o2c_order_list on o2c_order (tenant_id, created_at desc, order_id);

-- The CRM's opportunities as its change events last described them, for the cash forecast (amount
-- weighted by the stage's probability, expected on the close date).
create table crm_opportunity (
    tenant_id    uuid        not null references tenant (id),
    id           text        not null check (length(id) between 1 and 40),
    account_id   text,
    name         text        not null,
    stage        text        not null,
    probability  numeric     not null check (probability between 0 and 100),
    amount       numeric,
    currency     char(3),
    close_date   date,
    is_closed    boolean     not null,
    is_won       boolean     not null,
    updated_at   timestamptz not null,
    primary key (tenant_id, id)
);
create index crm_opportunity_open on crm_opportunity (tenant_id, close_date) where not is_closed;

-- The credit controller decides on orders held for credit review.
alter table api_key drop constraint api_key_roles_known;
alter table api_key add constraint api_key_roles_known check (cardinality(roles) > 0 and roles <@ array[
    'partner-admin', 'tenant-admin', 'integration', 'operator', 'approver', 'treasurer', 'auditor', 'viewer',
    'credit-controller']::text[]);
alter table app_user drop constraint app_user_roles_check;
alter table app_user add constraint app_user_roles_check check (cardinality(roles) > 0 and roles <@ array[
    'partner-admin', 'tenant-admin', 'integration', 'operator', 'approver', 'treasurer', 'auditor', 'viewer',
    'credit-controller']::text[]);

-- A bank credit that names its one receivable and pays more than is open (an overpayment) is matched as a
-- suggestion: the item is paid, the surplus stays the customer's credit.
alter table recon_match drop constraint recon_match_difference_kind_check;
alter table recon_match add constraint recon_match_difference_kind_check
    check (difference_kind in ('NONE', 'FEE', 'FX', 'PARTIAL', 'OVERPAYMENT'));
