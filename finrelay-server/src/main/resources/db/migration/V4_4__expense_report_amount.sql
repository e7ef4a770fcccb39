-- What a report reimburses, in the read model, so that the cash forecast finds the money approved
-- and not yet released without reading the workflow's stored state. Reports taken in before this,
-- once, from their stored claim (the sum of its lines' gross amounts, in the report currency).
alter table expense_report add column total numeric, add column currency char(3);

update expense_report r
set total = (select sum((l ->> 'grossAmount')::numeric) from jsonb_array_elements(i.state -> 'c' -> 'claim' -> 'lines') l),
    currency = i.state -> 'c' -> 'claim' ->> 'currency'
from workflow_instance i
where i.tenant_id = r.tenant_id and i.id = r.instance_id and i.state -> 'c' -> 'claim' is not null;
