package io.finrelay.engine.workflow;

import java.util.UUID;

/** An accepted transition of one instance, as a read model sees it: the state before and after. */
public record Transition<S extends WorkflowState>(UUID instanceId, String businessKey, S from, S to) {}
