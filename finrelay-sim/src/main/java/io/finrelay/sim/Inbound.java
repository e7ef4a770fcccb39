package io.finrelay.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The inbound side of the simulated network: messages from the invoice source and the bank, each
 * under its sender's deduplication key. The senders deliver at least once (a message is sent again
 * until a receipt comes back), the network delivers any due message first (reordering) and may deliver
 * one twice. Every key ever sent is kept: the invariant "no inbound event lost" checks each one in
 * the inbox at the end.
 */
final class Inbound {
    /** One message; {@code due} is when it may next be delivered. */
    record Message(String source, String key, String businessKey, SimFlow.Event event, Instant due, int deliveries) {
        Message later(Instant when) {
            return new Message(source, key, businessKey, event, when, deliveries + 1);
        }
    }

    private static final Comparator<Message> ORDER = Comparator.comparing(Message::due).thenComparing(Message::key)
            .thenComparing(Message::deliveries);
    private final TreeSet<Message> pending = new TreeSet<>(ORDER);
    private final List<Message> sent = new ArrayList<>();

    /** Thread-safe: the bank's notices are sent from the dispatcher's parallel calls. */
    synchronized void send(Message message) {
        pending.add(message);
        sent.add(message);
    }

    /** A due message, picked at random among the due ones, and taken off the wire. */
    synchronized Optional<Message> take(Instant now, SplittableRandom random) {
        List<Message> due = pending.stream().filter(m -> !m.due().isAfter(now)).toList();
        if (due.isEmpty()) {
            return Optional.empty();
        }
        Message picked = due.get(random.nextInt(due.size()));
        pending.remove(picked);
        return Optional.of(picked);
    }

    synchronized boolean hasDue(Instant now) {
        return !pending.isEmpty() && !pending.first().due().isAfter(now);
    }

    /** Whether a message still waiting was due before {@code taken}: the network reordered them. */
    synchronized boolean hasDueBefore(Message taken) {
        return !pending.isEmpty() && pending.first().due().isBefore(taken.due());
    }

    /** Puts a message back on the wire (its sender had no receipt, or the network repeats it). */
    synchronized void again(Message message, Instant when) {
        pending.add(message.later(when));
    }

    synchronized Optional<Instant> nextDue() {
        return pending.isEmpty() ? Optional.empty() : Optional.of(pending.first().due());
    }

    synchronized boolean idle() {
        return pending.isEmpty();
    }

    /** Every message ever sent, in the order they were first sent (sorted by key when sent in parallel). */
    synchronized List<Message> everSent() {
        return List.copyOf(sent);
    }
}
