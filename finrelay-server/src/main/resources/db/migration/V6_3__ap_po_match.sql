-- Invoice to pay, purchase-order match: how far an invoice's quantity may exceed what the goods
-- receipts took in, in percent (0: not one unit more than received), beside the price tolerance.
alter table ap_policy add column quantity_tolerance_percent numeric not null default 0
    check (quantity_tolerance_percent >= 0 and quantity_tolerance_percent < 100);

-- The match reads what the tenant's earlier invoices of the same purchase order billed.
create index supplier_invoice_purchase_order on supplier_invoice (tenant_id, (invoice ->> 'purchaseOrderReference'))
    where invoice ->> 'purchaseOrderReference' is not null;
