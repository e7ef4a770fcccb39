-- The second tenant wall (the first is that every query names its tenant): PostgreSQL row-level
-- security on every table with a tenant_id column. Flyway runs this after every migrate, as the
-- schema owner, so a table added by any later migration of any module is walled without anyone
-- remembering to; everything here is idempotent.
--
-- The application never queries as the owner (owners and superusers bypass row-level security):
-- io.finrelay.engine.db.Database switches each transaction to one of two roles that own nothing:
--   finrelay_app     sees and writes only the rows of the tenant in the transaction-local setting
--                    finrelay.tenant_id; with none set, it sees no tenant row at all (fails closed)
--   finrelay_system  the engine's own workers (event batches, dispatcher, timers), which work across
--                    tenants by design and name the tenant in every key they use
-- partner, tenant and flyway_schema_history have no tenant_id and no wall: partner and tenant hold
-- names and are reached by id after the access check. api_key's tenant_id is null for partner-admin
-- keys: those rows are visible only to finrelay_system (key lookup before a tenant is known).

do $$
begin
    -- Roles belong to the whole cluster, which several Finrelay databases may share: make each once.
    if not exists (select from pg_roles where rolname = 'finrelay_app') then
        begin
            create role finrelay_app nologin;
        exception when duplicate_object then null; -- made by a database migrating at the same moment
        end;
    end if;
    if not exists (select from pg_roles where rolname = 'finrelay_system') then
        begin
            create role finrelay_system nologin;
        exception when duplicate_object then null;
        end;
    end if;
    -- A login that is not a superuser may switch only to roles it is a member of.
    if not (select rolsuper from pg_roles where rolname = current_user) then
        execute format('grant finrelay_app, finrelay_system to %I', current_user);
    end if;
end $$;

-- The schema Flyway migrates (public unless configured otherwise), not a hard-coded name: a wall
-- built in the wrong schema would cover nothing.
do $$
declare
    t regclass;
begin
    -- Re-granted after every migrate, so new tables need no grant of their own. A table the
    -- application must not change (e.g. append-only) revokes here, AFTER these grants.
    execute format('grant usage on schema %I to finrelay_app, finrelay_system', current_schema());
    execute format('grant select, insert, update, delete on all tables in schema %I to finrelay_app, finrelay_system',
        current_schema());
    execute format('grant usage, select on all sequences in schema %I to finrelay_app, finrelay_system', current_schema());
    revoke all on flyway_schema_history from finrelay_app, finrelay_system;
    -- The audit trail and its seals are append-only for the application (the triggers say so too):
    -- no role of the application may change a record; only the retention job, which works across
    -- tenants as the system role, may delete what has outlived the retention period.
    revoke update, delete, truncate on audit_event, audit_link from finrelay_app;
    revoke update, truncate on audit_event, audit_link from finrelay_system;
    for t in
        select c.oid::regclass
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        where n.nspname = current_schema() and c.relkind in ('r', 'p')
    loop
        -- Only where it is not on yet: ALTER TABLE takes an exclusive lock, and a node that starts while
        -- others work on the same database would queue behind their transactions and deadlock with them
        -- (measured: a second node's start failed with "deadlock detected" on outbox).
        if not (select relrowsecurity from pg_class where oid = t) then
            execute format('alter table %s enable row level security', t);
        end if;
        if not exists (select from pg_policy where polrelid = t and polname = 'tenant_wall') then
            -- The setting is text; an empty or missing one matches no row (null = anything is not true).
            execute format('create policy tenant_wall on %s to finrelay_app '
                || 'using (tenant_id = nullif(current_setting(''finrelay.tenant_id'', true), '''')::uuid)', t);
        end if;
        if not exists (select from pg_policy where polrelid = t and polname = 'all_tenants') then
            execute format('create policy all_tenants on %s to finrelay_system using (true)', t);
        end if;
    end loop;
end $$;
