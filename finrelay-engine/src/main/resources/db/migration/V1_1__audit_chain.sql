-- The tamper-evident audit chain (see io.finrelay.engine.audit.AuditSealer and the engine README).
--
-- Engine transactions keep appending to audit_event exactly as before: nothing here takes a lock or
-- touches a shared row on their path. A background sealer links committed rows afterwards, per
-- tenant, in the order it finds them: seal n holds hash n = SHA-256(hash n-1 || the row's bytes).

-- The transaction that wrote the row (64-bit, never wraps). The sealer keeps the oldest transaction
-- still running at its last pass; every row of an older transaction was visible to that pass and is
-- sealed, so a pass reads only rows of newer transactions, and a row committed late (after rows with
-- higher ids) is still found. Rows are appended roughly in transaction order, so a BRIN index finds
-- the recent ones while costing the insert next to nothing.
alter table audit_event add column txid bigint not null default (pg_current_xact_id()::text::bigint);
create index audit_event_txid on audit_event using brin (txid) with (autosummarize = on);

create table audit_seal (
    tenant_id uuid        not null,
    seq       bigint      not null,
    audit_id  bigint      not null,
    prev_hash bytea       not null,
    hash      bytea       not null,
    sealed_at timestamptz not null,
    primary key (tenant_id, seq),
    unique (tenant_id, audit_id)
);

-- Each tenant's chain head, written only by the sealer (never by an engine transaction), and the
-- anchor left by retention: the seq and hash of the last seal it removed, where verifying starts.
create table audit_chain_head (
    tenant_id   uuid   not null primary key,
    seq         bigint not null,
    hash        bytea  not null,
    anchor_seq  bigint not null default 0,
    anchor_hash bytea  not null default '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
);

-- The sealer's progress: the oldest transaction that was still running at its last complete pass.
create table audit_seal_cursor (
    id      boolean primary key default true check (id),
    horizon bigint  not null
);
insert into audit_seal_cursor (horizon) values (0);

-- Append-only, enforced by the database: an UPDATE is always refused, a DELETE only passes in a
-- transaction that declared itself the retention job (set local finrelay.audit_retention = 'on').
-- Someone who can disable triggers can still edit rows; that is what the chain is there to reveal.
create function audit_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and coalesce(current_setting('finrelay.audit_retention', true), '') = 'on' then
        return old;
    end if;
    raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_append_only();
create trigger audit_seal_append_only before update or delete on audit_seal
    for each row execute function audit_append_only();
create trigger audit_seal_no_truncate before truncate on audit_seal
    for each statement execute function audit_append_only();
