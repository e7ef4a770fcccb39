-- Invoice to pay (issue 11): the workflow's read model on the intake's row, and the tenant's
-- accounts-payable policy. The workflow (InvoiceToPay) writes state and the columns below in the
-- transaction that decides; nothing else writes them.
alter table supplier_invoice drop constraint supplier_invoice_state_check;
alter table supplier_invoice add constraint supplier_invoice_state_check check (state in (
    'RECEIVED', 'INVALID', 'HELD', 'MATCHING', 'AWAITING_APPROVAL', 'POSTING', 'SCHEDULED', 'PAYING', 'PAYMENT_REJECTED', 'PAID', 'NETTED',
    'REFUSED', 'CANCELLED'));
alter table supplier_invoice
    -- why a HELD invoice waits: unknown-supplier, no-ap-policy, bank-details-differ, possible-duplicate
    add column hold_code      text,
    -- the ERP's reference of the posted invoice
    add column erp_ref        text,
    -- the payment plan: the day, the amount (after any discount) and whether the discount is taken
    add column pay_on         date,
    add column pay_amount     numeric,
    add column discount_taken boolean,
    -- the payment in its run: the run and the end-to-end id the bank's answers carry
    add column run_id         uuid,
    add column end_to_end_id  text;

-- One policy per tenant: the legal entity its supplier invoices are booked for, the accounts they
-- are posted to, the yearly cost of capital (percent) an early-payment discount must beat, the cash
-- the entity keeps on its accounts (in the invoice currency), and the term when an invoice states
-- no due date.
create table ap_policy (
    tenant_id              uuid        not null references tenant (id) primary key,
    legal_entity_id        uuid        not null,
    expense_account        text        not null,
    tax_account            text        not null,
    cost_of_capital_percent numeric    not null check (cost_of_capital_percent >= 0 and cost_of_capital_percent < 100),
    liquidity_buffer       numeric     not null check (liquidity_buffer >= 0),
    default_term_days      integer     not null check (default_term_days between 0 and 365),
    -- whether an invoice naming a purchase order is matched against it (2- and 3-way), and by how
    -- much (percent) its net may exceed what was ordered
    match_purchase_orders  boolean     not null default false,
    price_tolerance_percent numeric    not null default 0 check (price_tolerance_percent >= 0 and price_tolerance_percent < 100),
    updated_at             timestamptz not null
);
