-- Usage per tenant and month for partner billing (GET /v1/partners/{partnerId}/usage): counted where the
-- events happen, in the transaction that makes them, so a figure is exact and survives any crash:
--   workflows-started  a workflow instance created (trigger on workflow_instance)
--   bank-files         a bank file received, whatever became of it (trigger on bank_file)
--   invoices           a supplier invoice taken in (trigger on supplier_invoice)
--   api-calls          an API request to a tenant answered (io.finrelay.server.usage.ApiCallMeter)
-- The month is the event's own time (created_at, received_at) in UTC. Each database connection counts
-- in a row of its own (shard = its backend pid), so concurrent transactions never wait on one counter
-- row and cannot deadlock on it; the figure is the sum over the shards. No foreign key to tenant: the
-- engine may run workflows of tenants that the server's tenant table does not list (tests, tools).
create table usage_count (
    tenant_id uuid    not null,
    month     date    not null check (month = date_trunc('month', month)::date),
    metric    text    not null check (metric in ('workflows-started', 'bank-files', 'invoices', 'api-calls')),
    shard     integer not null,
    count     bigint  not null check (count >= 0),
    primary key (tenant_id, month, metric, shard)
);

-- Adds to a tenant's figure of a month, in the caller's transaction.
create function usage_add(p_tenant uuid, p_at timestamptz, p_metric text, p_count bigint) returns void
language sql as $$
    insert into usage_count as u (tenant_id, month, metric, shard, count)
    values (p_tenant, date_trunc('month', p_at at time zone 'UTC')::date, p_metric, pg_backend_pid(), p_count)
    on conflict (tenant_id, month, metric, shard) do update set count = u.count + excluded.count
$$;

-- One statement-level trigger per table: a batch of instances inserted by one statement costs one
-- upsert per tenant and month, not one per row. Rows are counted in key order (no lock-order surprises).
create function usage_workflows_started() returns trigger language plpgsql as $$
begin
    perform usage_add(tenant_id, month_start, 'workflows-started', n)
    from (select tenant_id, date_trunc('month', created_at at time zone 'UTC') at time zone 'UTC' as month_start,
                 count(*) as n from added group by 1, 2 order by 1, 2) m;
    return null;
end $$;
create trigger workflow_instance_usage after insert on workflow_instance
    referencing new table as added for each statement execute function usage_workflows_started();

create function usage_bank_files() returns trigger language plpgsql as $$
begin
    perform usage_add(tenant_id, month_start, 'bank-files', n)
    from (select tenant_id, date_trunc('month', received_at at time zone 'UTC') at time zone 'UTC' as month_start,
                 count(*) as n from added group by 1, 2 order by 1, 2) m;
    return null;
end $$;
create trigger bank_file_usage after insert on bank_file
    referencing new table as added for each statement execute function usage_bank_files();

create function usage_invoices() returns trigger language plpgsql as $$
begin
    perform usage_add(tenant_id, month_start, 'invoices', n)
    from (select tenant_id, date_trunc('month', received_at at time zone 'UTC') at time zone 'UTC' as month_start,
                 count(*) as n from added group by 1, 2 order by 1, 2) m;
    return null;
end $$;
create trigger supplier_invoice_usage after insert on supplier_invoice
    referencing new table as added for each statement execute function usage_invoices();
