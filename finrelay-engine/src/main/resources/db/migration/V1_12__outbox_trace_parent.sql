-- The W3C traceparent of the transition that wrote a command (see io.finrelay.engine.EngineTracing):
-- the delivery, made later by whichever node claims the command, continues that trace and sends it to
-- the peer. Null when the command was written without a trace (tracing off, a timer's transition).
alter table outbox add column trace_parent text;
alter table outbox_done add column trace_parent text;
