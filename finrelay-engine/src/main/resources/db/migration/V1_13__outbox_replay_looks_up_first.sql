-- A replayed command (an operator's REPLAY: the same command under a new id, a new idempotency key) may repeat an
-- effect the first id already had at the peer: a 5xx, a timeout or a crash can each follow the peer's commit. So the
-- replacement remembers the id it replaces, and its first attempt asks the peer about that old id before anything
-- is sent under the new one (io.finrelay.engine.outbox.Dispatcher). Once a send under the new id has happened the
-- column is cleared: from then on an unknown outcome is looked up under the new id, like any other command.
alter table outbox add column replaces uuid;
