-- The expense workflow's read model: one row per report, written by its transitions in the same
-- transaction (ExpenseReimbursement.project -> ExpenseReports), so the API and the KPIs never read the
-- workflow's stored state. posted_at: the ERP confirmed the journal; settled_at: the bank settled.
create table expense_report (
    tenant_id   uuid        not null references tenant (id),
    report_id   text        not null,
    instance_id uuid        not null,
    employee_id text        not null,
    state_name  text        not null,
    approved_at timestamptz not null,
    received_at timestamptz not null,
    posted_at   timestamptz,
    settled_at  timestamptz,
    updated_at  timestamptz not null,
    primary key (tenant_id, report_id)
) with (fillfactor = 80);

-- Reports taken in before this table existed, once, from their stored state and audit trail.
insert into expense_report (tenant_id, report_id, instance_id, employee_id, state_name, approved_at, received_at,
                            posted_at, settled_at, updated_at)
select i.tenant_id, i.business_key, i.id, i.state->'c'->'claim'->>'employeeId', i.state_name,
       (i.state->'c'->'claim'->>'approvedAt')::timestamptz, i.created_at,
       (select min(a.occurred_at) from audit_event a where a.tenant_id = i.tenant_id and a.instance_id = i.id
        and a.kind = 'transition' and a.detail->>'to' = 'Scheduling'),
       (select min(a.occurred_at) from audit_event a where a.tenant_id = i.tenant_id and a.instance_id = i.id
        and a.kind = 'transition' and a.detail->>'to' = 'ClearingPayable'),
       i.updated_at
from workflow_instance i
where i.workflow_type = 'expense-reimbursement' and i.state->'c'->'claim' is not null;
