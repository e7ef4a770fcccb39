package io.finrelay.sim;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.audit.AuditVerifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeded fault simulator of the engine (in the spirit of FoundationDB's simulation and
 * TigerBeetle's VOPR): {@link #run} plays one seed's run with the real engine on the real database
 * and checks the invariants after it. One seed is one run; the same seed replays it step for step.
 */
public final class Simulation implements AutoCloseable {
    private final SimDatabase database;

    public Simulation() {
        this.database = new SimDatabase();
    }

    /** What one seed's run did and what it broke (nothing, when {@link #ok()}). */
    public record Report(long seed, List<String> violations, List<String> trace, int steps, int crashes, int outages,
                         java.util.Map<String, Integer> coverage) {
        public boolean ok() {
            return violations.isEmpty();
        }

        /** The seed, what broke and every step, to replay and read a failing run. */
        public String explain() {
            StringBuilder text = new StringBuilder("seed ").append(seed).append(ok() ? " held every invariant" : " broke:");
            violations.forEach(v -> text.append("\n  - ").append(v));
            text.append("\nreplay with -Dsim.seed=").append(seed).append(" (or bin/finrelay simulate --seed ").append(seed)
                    .append("); its ").append(trace.size()).append(" steps:");
            trace.forEach(line -> text.append("\n  ").append(line));
            return text.toString();
        }

        /** A fingerprint of the run's whole trace: two runs of one seed must have the same. */
        public int traceHash() {
            return trace.hashCode();
        }
    }

    public Report run(long seed) {
        return run(seed, false);
    }

    /**
     * @param blindLookups sabotage, for the test that proves the invariants can fail: the connectors answer
     *                     every lookup "not found" without asking, so an unknown outcome is sent again blindly
     */
    Report run(long seed, boolean blindLookups) {
        long t0 = System.nanoTime();
        database.reset();
        SimRun.time("reset", t0);
        SimRun run = new SimRun(seed, database, blindLookups);
        List<String> violations = new ArrayList<>();
        try {
            if (!run.execute()) {
                violations.add("liveness: the run did not settle within " + SimRun.MAX_STEPS + " steps");
            }
            WorkflowEngine engine = run.anyEngine();
            long t1 = System.nanoTime();
            violations.addAll(Invariants.check(run, database));
            SimRun.time("check", t1);
            engine.sealAudit();
            AuditVerifier.Result audit = engine.verifyAudit(SimRun.TENANT);
            if (!audit.intact()) {
                violations.add("audit chain broken: " + audit);
            }
        } catch (RuntimeException e) {
            violations.add("the run itself failed: " + e);
            run.note("exception: " + e);
        } finally {
            long t2 = System.nanoTime();
            run.close();
            SimRun.time("closeAll", t2);
        }
        return new Report(seed, List.copyOf(violations), List.copyOf(run.trace), run.steps, run.crashes, run.outages,
                java.util.Map.copyOf(run.coverage));
    }

    @Override
    public void close() {
        database.close();
    }
}
