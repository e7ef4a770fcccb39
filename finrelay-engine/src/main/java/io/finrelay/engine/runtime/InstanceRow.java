package io.finrelay.engine.runtime;

import java.time.Instant;
import java.util.UUID;

/** A workflow instance's row while a batch works on it (mutable on purpose, local to one batch). */
final class InstanceRow {
    final InstanceRef ref;
    final UUID id;
    final String correlationId;
    final boolean persisted;
    final long loadedVersion;
    String stateName;
    String stateJson;
    /** The version of the workflow's stored format {@link #stateJson} is in; the current one once written. */
    int stateFormat;
    boolean ended;
    long version;
    long nextSeq;
    boolean inBatch;
    Instant createdAt;

    InstanceRow(InstanceRef ref, UUID id, String correlationId, boolean persisted, String stateName,
                String stateJson, int stateFormat, boolean ended, long version, long nextSeq) {
        this.ref = ref;
        this.id = id;
        this.correlationId = correlationId;
        this.persisted = persisted;
        this.stateName = stateName;
        this.stateJson = stateJson;
        this.stateFormat = stateFormat;
        this.ended = ended;
        this.version = version;
        this.loadedVersion = version;
        this.nextSeq = nextSeq;
    }

    static InstanceRow fresh(InstanceRef ref, UUID id, WorkflowRegistry.Registered<?, ?> workflow,
                             String correlationId, Instant now) {
        InstanceRow row = new InstanceRow(ref, id, correlationId, false, null, null, 0, false, 0, 1);
        initialise(row, workflow);
        row.createdAt = now;
        return row;
    }

    private static <S extends io.finrelay.engine.workflow.WorkflowState> void initialise(
            InstanceRow row, WorkflowRegistry.Registered<S, ?> workflow) {
        S initial = workflow.definition().initialState();
        row.stateName = workflow.states().nameOf(initial);
        row.stateJson = workflow.states().write(initial);
        row.stateFormat = workflow.format().current();
    }
}
