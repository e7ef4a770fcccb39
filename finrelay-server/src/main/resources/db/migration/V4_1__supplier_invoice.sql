-- Supplier invoices and credit notes taken in (issue 11, invoice to pay: intake). One row per
-- accepted document; a refused one leaves no row (the caller gets the rule it broke).
-- invoice holds the canonical SupplierInvoice as JSON (amounts as decimal strings, never a double).
--   RECEIVED  read, schema-valid and passing the EN 16931 rules Finrelay checks; nothing further yet
create table supplier_invoice (
    tenant_id    uuid        not null references tenant (id),
    id           uuid        not null,
    sha256       char(64)    not null check (sha256 ~ '^[0-9a-f]{64}$'),
    syntax       text        not null check (syntax in ('UBL', 'CII')),
    -- The seller as the invoice names it: its VAT id when it gives one, else its name.
    seller_key   text        not null,
    seller_name  text        not null,
    number       text        not null,
    kind         text        not null check (kind in ('INVOICE', 'CREDIT_NOTE')),
    currency     char(3)     not null,
    payable      numeric     not null,
    issue_date   date        not null,
    state        text        not null check (state in ('RECEIVED')),
    invoice      jsonb       not null,
    received_at  timestamptz not null,
    primary key (tenant_id, id)
);
-- The same document twice is one invoice: by its bytes, and by seller and number (of two nodes
-- taking the same invoice in at once, the second insert fails here and answers the first's row).
create unique index supplier_invoice_content on supplier_invoice (tenant_id, sha256);
create unique index supplier_invoice_seller_number on supplier_invoice (tenant_id, seller_key, number);
-- Lists are newest first by id (time-ordered UUIDs), filtered by state or seller.
create index supplier_invoice_state on supplier_invoice (tenant_id, state, id);
