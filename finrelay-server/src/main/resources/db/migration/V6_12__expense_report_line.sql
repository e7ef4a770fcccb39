-- The lines of each expense report, written by the workflow's transition that takes the report in
-- (ExpenseReportView.takenIn -> ExpenseReports), so that the card matcher reads them here instead of
-- the workflow's stored state (whose shape is the workflow's own and may change with its version).
create table expense_report_line (
    tenant_id    uuid    not null,
    report_id    text    not null,
    line_id      text    not null,
    line_date    date    not null,
    merchant     text    not null,
    amount       numeric not null,
    currency     text    not null,
    company_paid boolean not null,
    primary key (tenant_id, report_id, line_id),
    foreign key (tenant_id, report_id) references expense_report (tenant_id, report_id)
);

-- Reports taken in before this table existed, once, from their stored state (lines stored before the
-- platform said who paid them were paid in cash, as the workflow reads them; a line's gross amount is a
-- number before the workflow's stored format 3 and an amount with its currency from it).
insert into expense_report_line (tenant_id, report_id, line_id, line_date, merchant, amount, currency, company_paid)
select r.tenant_id, r.report_id, l ->> 'lineId', (l ->> 'date')::date, l ->> 'merchant',
       coalesce(l -> 'grossAmount' ->> 'amount', l ->> 'grossAmount')::numeric,
       i.state -> 'c' -> 'claim' ->> 'currency', coalesce(l ->> 'paymentType', 'CASH') = 'COMPANY_CARD'
from expense_report r
join workflow_instance i on i.tenant_id = r.tenant_id and i.id = r.instance_id
cross join lateral jsonb_array_elements(i.state -> 'c' -> 'claim' -> 'lines') l
where l ->> 'lineId' is not null and l ->> 'date' is not null and l -> 'grossAmount' is not null
on conflict do nothing;
