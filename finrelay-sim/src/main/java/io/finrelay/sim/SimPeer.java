package io.finrelay.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A simulated peer (treasury, ERP, bank) with a receipt ledger per business object. A peer that
 * honours idempotency keys answers a repeated key with its first answer and changes nothing; one
 * that does not (the ERP here) books again. Either way a second effect of the same kind for the same
 * business object is recorded as a violation: the invariant "each business effect at most once".
 * Peers outlive the engine's nodes (they are other systems), so crashes never reset them.
 */
public final class SimPeer {
    /** One effect the peer carried out, found again by {@code key} (the reference Finrelay put in). */
    public record Effect(String key, String invoice, String type, long amountMinor, String reference) {}

    private final String name;
    private final boolean honoursKeys;
    private final Map<String, Effect> byKey = new HashMap<>();
    private final Map<String, List<Effect>> ledger = new TreeMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private final Map<String, Integer> effectsPerKey = new HashMap<>();
    private final List<String> violations = new ArrayList<>();

    public SimPeer(String name, boolean honoursKeys) {
        this.name = name;
        this.honoursKeys = honoursKeys;
    }

    public String name() {
        return name;
    }

    public boolean honoursKeys() {
        return honoursKeys;
    }

    /** How many times {@code key} has been called so far, counting this call (seeds its faults). */
    synchronized int nextCall(String key) {
        return calls.merge(key, 1, Integer::sum);
    }

    /** What applying the command did: the effect, and whether it is new (not a keyed replay). */
    public record Applied(Effect effect, boolean fresh) {}

    synchronized Applied apply(String key, String invoice, String type, long amountMinor) {
        if (honoursKeys && byKey.containsKey(key)) {
            return new Applied(byKey.get(key), false);
        }
        // Named after the key, not after a counter: calls of one round run in parallel, in any order.
        int nth = effectsPerKey.merge(key, 1, Integer::sum);
        Effect effect = new Effect(key, invoice, type, amountMinor,
                name + "-" + key.substring(key.length() - 8) + (nth > 1 ? "-" + nth : ""));
        List<Effect> earlier = ledger.computeIfAbsent(invoice, k -> new ArrayList<>());
        earlier.stream().filter(e -> e.type().equals(type)).findFirst().ifPresent(first -> violations.add(
                "second " + type + " of " + invoice + " at " + name + " (" + effect.reference() + " under key " + key
                        + "; first " + first.reference() + " under key " + first.key() + ")"));
        earlier.add(effect);
        byKey.putIfAbsent(key, effect);
        return new Applied(effect, true);
    }

    synchronized Optional<Effect> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The effects of {@code type} the peer holds for {@code invoice}. */
    public synchronized long effects(String invoice, String type) {
        return ledger.getOrDefault(invoice, List.of()).stream().filter(e -> e.type().equals(type)).count();
    }
}
