-- The payment runs' read model: one row per run, written by its transitions in the same transaction
-- (PaymentRun.project -> PaymentRunViews), so that the monitors find a run's message id here instead of
-- in the run's stored state.
create table payment_run (
    tenant_id  uuid        not null references tenant (id),
    run_id     text        not null,
    message_id text        not null,
    state_name text        not null,
    updated_at timestamptz not null,
    primary key (tenant_id, run_id)
);

-- Runs opened before this table existed, once, from their stored state.
insert into payment_run (tenant_id, run_id, message_id, state_name, updated_at)
select i.tenant_id, i.business_key, i.state -> 'file' ->> 'messageId', i.state_name, i.updated_at
from workflow_instance i
where i.workflow_type = 'payment-run' and i.state -> 'file' ->> 'messageId' is not null
on conflict do nothing;
