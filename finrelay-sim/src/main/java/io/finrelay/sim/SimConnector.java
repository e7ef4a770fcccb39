package io.finrelay.sim;

import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A node's connector to one simulated peer, across a simulated network. What happens to a call is drawn
 * from the run's seed, the command's key and how often that key was called, never from the order in
 * which the dispatcher's parallel calls happen to run: a run is the same whatever the threads do.
 * It classifies as the product's connectors do (PeerHttp): a 5xx is transient at a peer that keeps
 * idempotency keys, an answer that never came is an unknown outcome.
 */
final class SimConnector implements Connector {
    private final SimPeer peer;
    private final long seed;
    private final Faults faults;
    private final BooleanSupplier nodeDead;
    private final List<String> calls;
    private final BiConsumer<SimPeer.Effect, String> onFreshEffect;
    private final java.util.function.Consumer<String> covered;
    private final boolean blindLookups;

    /**
     * @param nodeDead      true once the node that owns this connector has crashed: it calls nobody any more
     * @param calls         where each call's fate is written (synchronized; sorted by the simulation per round)
     * @param onFreshEffect told of every new effect (the bank then sends its settlement notice)
     */
    SimConnector(SimPeer peer, long seed, Faults faults, BooleanSupplier nodeDead, List<String> calls,
                 BiConsumer<SimPeer.Effect, String> onFreshEffect, java.util.function.Consumer<String> covered,
                 boolean blindLookups) {
        this.covered = covered;
        this.blindLookups = blindLookups;
        this.peer = peer;
        this.seed = seed;
        this.faults = faults;
        this.nodeDead = nodeDead;
        this.calls = calls;
        this.onFreshEffect = onFreshEffect;
    }

    @Override
    public String name() {
        return peer.name();
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        String key = command.commandId().toString();
        SimFlow.InvoiceCommand payload = Json.read(command.payloadJson(), SimFlow.InvoiceCommand.class);
        String what = peer.name() + " " + command.type() + " " + payload.invoice() + " key " + shortKey(key);
        if (nodeDead.getAsBoolean()) {
            return note(what + ": not sent, node crashed", null, new Delivery.Unknown("node crashed"));
        }
        int call = peer.nextCall(key);
        what += " #" + call;
        SplittableRandom random = new SplittableRandom(mix(seed, peer.name().hashCode(), key.hashCode(), call));
        double before = random.nextDouble();
        if (before < faults.refusedBeforeActing()) {
            return note(what + ": 503 before acting", "peer answered 503 before acting",
                    Delivery.Transient.of(peer.name() + " answered HTTP 503"));
        }
        before -= faults.refusedBeforeActing();
        if (before < faults.timeoutBeforeActing()) {
            return note(what + ": timed out before reaching the peer", "call timed out before reaching the peer",
                    new Delivery.Unknown(peer.name() + " did not answer; it may have acted"));
        }
        before -= faults.timeoutBeforeActing();
        // A peer that keeps idempotency keys answers a key it has acted on with its first answer, never a refusal.
        if (before < faults.refused() && !(peer.honoursKeys() && peer.find(key).isPresent())) {
            return note(what + ": 422 refused", "peer refused for good (422)",
                    new Delivery.Permanent(peer.name() + " answered HTTP 422"));
        }
        SimPeer.Applied applied = peer.apply(key, payload.invoice(), command.type(), payload.amountMinor());
        if (applied.fresh()) {
            onFreshEffect.accept(applied.effect(), command.businessKey());
        } else {
            covered.accept("peer answered a repeated idempotency key with its first answer");
        }
        what += (applied.fresh() ? " applied " : " replayed ") + applied.effect().reference();
        double after = random.nextDouble();
        if (after < faults.failedAfterActing()) {
            String reason = peer.name() + " answered HTTP 500";
            return note(what + ", then 500", "peer answered 500 after acting", peer.honoursKeys()
                    ? Delivery.Transient.of(reason) : new Delivery.Unknown(reason + "; it may have acted"));
        }
        if (after - faults.failedAfterActing() < faults.answerLost()) {
            return note(what + ", answer lost", "answer lost after the peer acted",
                    new Delivery.Unknown(peer.name() + " connection broke after sending"));
        }
        return note(what, null, new Delivery.Done(answer(applied.effect())));
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        String key = command.commandId().toString();
        String what = peer.name() + " lookup " + command.businessKey() + " key " + shortKey(key);
        if (nodeDead.getAsBoolean()) {
            calls.add(what + ": not sent, node crashed");
            return new Lookup.Unreachable("node crashed");
        }
        int call = peer.nextCall("lookup:" + key);
        SplittableRandom random = new SplittableRandom(mix(seed, peer.name().hashCode(), key.hashCode(), -call));
        if (blindLookups) {
            // Sabotage, for the test that proves the invariants can fail: the connector claims to have asked.
            calls.add(what + " #" + call + ": not asked (blind connector)");
            return new Lookup.NotFound();
        }
        if (random.nextDouble() < faults.lookupDown()) {
            covered.accept("lookup unreachable");
            calls.add(what + " #" + call + ": unreachable");
            return new Lookup.Unreachable(peer.name() + " answered HTTP 503");
        }
        return peer.find(key).<Lookup>map(e -> {
            covered.accept("lookup found the effect");
            calls.add(what + " #" + call + ": found " + e.reference());
            return new Lookup.Found(answer(e));
        }).orElseGet(() -> {
            covered.accept("lookup found nothing");
            calls.add(what + " #" + call + ": not found");
            return new Lookup.NotFound();
        });
    }

    private Delivery note(String line, String fault, Delivery delivery) {
        calls.add(line);
        if (fault != null) {
            covered.accept(fault);
        }
        return delivery;
    }

    private static String answer(SimPeer.Effect effect) {
        return "{\"reference\":\"" + effect.reference() + "\"}";
    }

    static String shortKey(String key) {
        return key.substring(key.length() - 6);
    }

    /** A well-spread 64-bit mix of the parts (SplitMix64's finaliser over each). */
    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long part : parts) {
            h ^= part;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }
}
