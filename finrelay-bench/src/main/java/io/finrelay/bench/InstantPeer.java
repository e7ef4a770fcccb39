package io.finrelay.bench;

import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;

/** A zero-latency peer: it accepts every command at once, so the benchmark measures Finrelay alone. */
final class InstantPeer implements Connector {
    private final String name;

    InstantPeer(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        return new Delivery.Done("\"" + name + "-" + command.commandId() + "\"");
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        return new Lookup.NotFound();
    }
}
