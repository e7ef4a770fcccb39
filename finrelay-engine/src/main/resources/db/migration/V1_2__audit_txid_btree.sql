-- The sealer finds the rows it has not sealed yet by the transaction that wrote them (txid >= the
-- oldest transaction still running at its last pass). A BRIN index was too coarse for the planner to
-- trust: measured under load (bin/finrelay bench with -Dbench.stats=true), every pass scanned
-- audit_event and audit_seal sequentially, a cost that grows with the trail. A B-tree on txid, which
-- only ever grows at its right edge, gives the planner an exact and cheap range of recent rows, and
-- the anti-join then probes audit_seal's unique (tenant_id, audit_id) index row by row.
drop index audit_event_txid;
create index audit_event_txid on audit_event (txid);
