-- The console and the API find a workflow instance by the correlation id a caller sent (X-Correlation-Id):
-- without an index that is a scan of every instance of the tenant. Led by the correlation id, so that it
-- never competes with the primary key for lookups by tenant and id (see V1_0). The column never changes
-- after the instance is created, so transitions stay HOT updates.
create index workflow_instance_correlation on workflow_instance (correlation_id, tenant_id);
