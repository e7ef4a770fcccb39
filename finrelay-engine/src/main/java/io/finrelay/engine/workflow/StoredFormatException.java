package io.finrelay.engine.workflow;

/**
 * A stored state or timer event that this node cannot read: its format version is one the workflow does not
 * declare (newer than this node's code, written by a newer node, or not a version at all), or an upcaster
 * failed on it. The engine parks the instance's input in the exception queue and leaves the stored row as it
 * is, so that a node with the right code can still read it.
 */
public final class StoredFormatException extends RuntimeException {
    private final String workflowType;
    private final int storedVersion;
    private final int currentVersion;

    public StoredFormatException(String workflowType, int storedVersion, int currentVersion, String message,
                                 Throwable cause) {
        super(message, cause);
        this.workflowType = workflowType;
        this.storedVersion = storedVersion;
        this.currentVersion = currentVersion;
    }

    /** What went wrong, in one line: the failure's message and, if it wraps one, its root cause's first line. */
    public static String reasonOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(failure.getMessage());
        if (root != failure && root.getMessage() != null) {
            message = message + " (" + root.getMessage().lines().findFirst().orElse("") + ")";
        }
        return message;
    }

    public String workflowType() {
        return workflowType;
    }

    public int storedVersion() {
        return storedVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** Whether the stored version is one this node does not know at all (rather than an upcaster failing). */
    public boolean unknownVersion() {
        return storedVersion < 1 || storedVersion > currentVersion;
    }
}
