package io.finrelay.engine.outbox;

/**
 * An adapter to one kind of peer (an ERP, a treasury system, a bank channel). The dispatcher calls
 * it outside any database transaction, with the command's id as the idempotency key.
 */
public interface Connector {

    /** The name commands address, e.g. {@code "erp"}. */
    String name();

    /** Tries to carry out the command at the peer and classifies what happened. */
    Delivery deliver(CommandEnvelope command);

    /**
     * Asks the peer whether the command already took effect, by its idempotency key or by the
     * reference the connector put into the peer's record. Called before any resend of a command
     * whose earlier outcome is unknown.
     */
    Lookup lookup(CommandEnvelope command);
}
