package io.finrelay.sim;

import java.util.SplittableRandom;

/**
 * How hostile one run's world is, drawn from its seed: some runs are calm, some stormy (swarm testing,
 * as in TigerBeetle's VOPR), so that rare interleavings of several faults come up as well as single ones.
 * Probabilities are per peer call, per step or per commit.
 *
 * @param refusedBeforeActing a 503 before the peer did anything (transient)
 * @param failedAfterActing   a 500 after the peer applied the command (transient at a peer that keeps
 *                            idempotency keys, an unknown outcome at one that does not)
 * @param answerLost          the peer applied the command and its answer was lost (unknown outcome)
 * @param timeoutBeforeActing the call timed out before it reached the peer (unknown outcome)
 * @param refused             a 422: the peer refuses for good, nothing applied
 * @param lookupDown          a lookup cannot reach the peer
 * @param nodeCrash           a node dies at a dispatcher round, timer round or event commit
 * @param connectionCut       the database connection of a node is cut at a commit
 * @param databaseOutage      the database goes away for a few steps (all connections dropped)
 * @param duplicate           an inbound message is delivered again (same key)
 * @param resent              a source resends an event under a new key
 * @param operator            an operator acts on each open exception before the run ends
 */
public record Faults(double refusedBeforeActing, double failedAfterActing, double answerLost,
                     double timeoutBeforeActing, double refused, double lookupDown, double nodeCrash,
                     double connectionCut, double databaseOutage, double duplicate, double resent, boolean operator) {

    public static Faults draw(SplittableRandom random) {
        double storm = random.nextDouble() < 0.15 ? 0.0 : random.nextDouble(); // some runs with no faults at all
        return new Faults(p(random, storm, 0.25), p(random, storm, 0.2), p(random, storm, 0.2), p(random, storm, 0.1),
                p(random, storm, 0.05), p(random, storm, 0.3), p(random, storm, 0.15), p(random, storm, 0.08),
                p(random, storm, 0.03), p(random, storm, 0.3), p(random, storm, 0.1), random.nextDouble() < 0.8);
    }

    private static double p(SplittableRandom random, double storm, double max) {
        return random.nextDouble() < 0.3 ? 0.0 : storm * max * random.nextDouble();
    }

    public static Faults none() {
        return new Faults(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
    }
}
