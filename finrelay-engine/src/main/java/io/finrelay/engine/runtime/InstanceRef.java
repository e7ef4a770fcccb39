package io.finrelay.engine.runtime;

import io.finrelay.model.id.TenantId;
import java.util.Comparator;

/** The natural key of a workflow instance. Instances are locked in this order to avoid deadlocks. */
record InstanceRef(TenantId tenantId, String workflowType, String businessKey) implements Comparable<InstanceRef> {
    private static final Comparator<InstanceRef> ORDER = Comparator
            .comparing((InstanceRef r) -> r.tenantId().value())
            .thenComparing(InstanceRef::workflowType)
            .thenComparing(InstanceRef::businessKey);

    @Override
    public int compareTo(InstanceRef other) {
        return ORDER.compare(this, other);
    }
}
