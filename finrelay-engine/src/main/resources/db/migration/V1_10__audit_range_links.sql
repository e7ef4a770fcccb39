-- The audit chain links a range of rows per tenant and sealer pass instead of one seal per row (see
-- io.finrelay.engine.audit.AuditSealer and AuditChain): the sealer's writes drop from a row and two
-- index entries per audit row to one link row per tenant and pass.
--
-- A link covers the rows first_seq..last_seq of the tenant's chain: audit_ids lists them in chain
-- order and row_hashes holds each row's SHA-256, 32 bytes each, so that a verifier names the row
-- that no longer matches; hash = SHA-256(tag || prev_hash || first_seq || last_seq || (id || row
-- hash)...). A link with row_hashes null is a per-row seal of V1_1, carried over below with its
-- hash unchanged, so a trail sealed before this version still verifies.
create table audit_link (
    tenant_id  uuid        not null,
    first_seq  bigint      not null,
    last_seq   bigint      not null,
    audit_ids  bigint[]    not null,
    row_hashes bytea,
    prev_hash  bytea       not null,
    hash       bytea       not null,
    sealed_at  timestamptz not null,
    primary key (tenant_id, last_seq),
    check (last_seq >= first_seq)
);

insert into audit_link (tenant_id, first_seq, last_seq, audit_ids, row_hashes, prev_hash, hash, sealed_at)
select tenant_id, seq, seq, array[audit_id], null, prev_hash, hash, sealed_at from audit_seal;

-- The sealer's progress becomes a position in (txid, id) order: every row at or before (done_txid,
-- done_id) is sealed, and so are the rows listed in ahead_* (committed by transactions newer than the
-- oldest one still running, sealed early). V1_1's horizon meant "every row of an older transaction
-- is sealed"; the rows it had sealed beyond it are carried over as sealed ahead.
alter table audit_seal_cursor
    add column done_txid   bigint,
    add column done_id     bigint,
    add column ahead_txids bigint[] not null default '{}',
    add column ahead_ids   bigint[] not null default '{}';
update audit_seal_cursor c set done_txid = c.horizon - 1, done_id = 9223372036854775807,
    ahead_txids = coalesce((select array_agg(e.txid order by e.txid, e.id) from audit_seal s join audit_event e
        on e.tenant_id = s.tenant_id and e.id = s.audit_id where e.txid >= c.horizon), '{}'),
    ahead_ids = coalesce((select array_agg(e.id order by e.txid, e.id) from audit_seal s join audit_event e
        on e.tenant_id = s.tenant_id and e.id = s.audit_id where e.txid >= c.horizon), '{}');
alter table audit_seal_cursor
    alter column done_txid set not null,
    alter column done_id set not null,
    drop column horizon;

drop table audit_seal;

-- A pass reads the rows after its position in (txid, id) order: one range of this index.
drop index audit_event_txid;
create index audit_event_txid on audit_event (txid, id);

create trigger audit_link_append_only before update or delete on audit_link
    for each row execute function audit_append_only();
create trigger audit_link_no_truncate before truncate on audit_link
    for each statement execute function audit_append_only();
