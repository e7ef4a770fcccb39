-- Supplier invoices also come in as the canonical invoice in JSON and as a legacy CSV export (issue 11):
-- syntax says which, beside the UBL and CII e-invoices.
alter table supplier_invoice drop constraint supplier_invoice_syntax_check;
alter table supplier_invoice add constraint supplier_invoice_syntax_check check (syntax in ('UBL', 'CII', 'JSON', 'CSV'));
