-- Workflow versioning (issue 17): every stored state, and every event a timer keeps, carries the version of its
-- workflow's stored format (io.finrelay.engine.workflow.StoredFormat). Rows written before this migration are in
-- the format the code wrote then, version 1; the engine writes every new or changed row with the version its
-- workflow declares, and upcasts an older row when it reads it.
--
-- Adding a column with a constant default rewrites nothing (PostgreSQL keeps the default for existing rows in
-- the catalogue), and the column is in no index, so state updates stay HOT.
alter table workflow_instance add column state_format integer not null default 1 check (state_format >= 1);
alter table timer add column event_format integer not null default 1 check (event_format >= 1);
