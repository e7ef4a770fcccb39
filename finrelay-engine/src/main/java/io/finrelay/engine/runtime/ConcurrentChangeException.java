package io.finrelay.engine.runtime;

/** The optimistic version check failed: another writer changed the instance. The batch is retried. */
public final class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(String message) {
        super(message);
    }
}
