-- The report's current payment (treasury obligation id) in the read model, so that a bank's status
-- report (pain.002) finds the payment it answers without reading the workflow's stored state.
alter table expense_report add column obligation_id text;

update expense_report r set obligation_id = i.state->'c'->>'obligationId'
from workflow_instance i
where i.tenant_id = r.tenant_id and i.id = r.instance_id and i.state->'c'->>'obligationId' is not null;
