package io.finrelay.sim;

import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.audit.AuditVerifier;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The seeded fault simulator of the engine (in the spirit of FoundationDB's simulation and
 * TigerBeetle's VOPR): {@link #run} plays one seed's run with the real engine on the real database
 * and checks the invariants after it. One seed is one run; the same seed replays it step for step,
 * whichever lane (database) it runs on and whatever ran before it. {@link #runAll} plays many seeds on
 * several lanes side by side: a run waits on PostgreSQL's round trips far more than it computes.
 */
public final class Simulation implements AutoCloseable {
    private final EmbeddedPostgres server;
    private final BlockingQueue<SimDatabase> lanes;
    private final List<SimDatabase> all = new ArrayList<>();

    public Simulation() {
        this(1);
    }

    public Simulation(int laneCount) {
        server = SimDatabase.startServer();
        lanes = new ArrayBlockingQueue<>(laneCount);
        for (int i = 0; i < laneCount; i++) {
            SimDatabase lane = SimDatabase.lane(server, i);
            all.add(lane);
            lanes.add(lane);
        }
    }

    public int lanes() {
        return all.size();
    }

    /**
     * The CPU time PostgreSQL has used so far, in milliseconds: its postmaster, its backends alive now and
     * those gone (which the postmaster's "children" times hold). With the JVM's own CPU time it says what a
     * seed costs whatever else the machine runs, where seeds per second say only what it ran beside. Linux only.
     */
    public long postgresCpuMillis() {
        try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            long postmaster = Long.parseLong(stat(rs.getLong(1))[3]);
            String[] own = stat(postmaster);
            long ticks = Long.parseLong(own[13]) + Long.parseLong(own[14]) + Long.parseLong(own[15]) + Long.parseLong(own[16]);
            try (var procs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
                for (var dir : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    String[] child = stat(Long.parseLong(dir.getFileName().toString()));
                    if (child.length > 14 && child[3].equals(Long.toString(postmaster))) {
                        ticks += Long.parseLong(child[13]) + Long.parseLong(child[14]);
                    }
                }
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        } catch (java.sql.SQLException | IOException | RuntimeException e) {
            return -1;
        }
    }

    /** /proc/PID/stat's fields (the command name, in parentheses, may hold spaces: fields count after it). */
    private static String[] stat(long pid) throws IOException {
        try {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            String[] rest = text.substring(text.lastIndexOf(')') + 2).split(" ");
            String[] fields = new String[rest.length + 2];
            fields[0] = Long.toString(pid);
            fields[1] = "";
            System.arraycopy(rest, 0, fields, 2, rest.length);
            return fields;
        } catch (java.nio.file.NoSuchFileException gone) {
            return new String[0];
        }
    }

    /** What one seed's run did and what it broke (nothing, when {@link #ok()}). */
    public record Report(long seed, List<String> violations, List<String> trace, int steps, int crashes, int outages,
                         Map<String, Integer> coverage) {
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
    }

    public Report run(long seed) {
        return run(seed, false);
    }

    /**
     * @param blindLookups sabotage, for the test that proves the invariants can fail: the connectors answer
     *                     every lookup "not found" without asking, so an unknown outcome is sent again blindly
     */
    Report run(long seed, boolean blindLookups) {
        SimDatabase database;
        try {
            database = lanes.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a lane", e);
        }
        try {
            return run(seed, blindLookups, database);
        } finally {
            lanes.add(database);
        }
    }

    /**
     * Plays {@code count} seeds from {@code from} on every lane side by side; {@code each} hears every
     * report (from the lanes' threads, one at a time) in the order they finish.
     */
    public void runAll(long from, long count, Consumer<Report> each) {
        AtomicLong next = new AtomicLong(from);
        ExecutorService workers = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                running.add(workers.submit(() -> {
                    for (long seed = next.getAndIncrement(); seed < from + count; seed = next.getAndIncrement()) {
                        Report report = run(seed);
                        synchronized (each) {
                            each.accept(report);
                        }
                    }
                }));
            }
            for (Future<?> lane : running) {
                lane.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a lane failed", e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    private static Report run(long seed, boolean blindLookups, SimDatabase database) {
        database.reset();
        SimRun run = new SimRun(seed, database, blindLookups);
        List<String> violations = new ArrayList<>();
        try {
            if (!run.execute()) {
                violations.add("liveness: the run did not settle within " + SimRun.MAX_STEPS + " steps");
            }
            WorkflowEngine engine = run.anyEngine();
            violations.addAll(Invariants.check(run, database));
            engine.sealAudit();
            AuditVerifier.Result audit = engine.verifyAudit(SimRun.TENANT);
            if (!audit.intact()) {
                violations.add("audit chain broken: " + audit);
            }
        } catch (RuntimeException e) {
            violations.add("the run itself failed: " + e);
            run.note("exception: " + e);
        } finally {
            run.close();
        }
        return new Report(seed, List.copyOf(violations), List.copyOf(run.trace), run.steps, run.crashes, run.outages,
                Map.copyOf(run.coverage));
    }

    @Override
    public void close() {
        all.forEach(SimDatabase::close);
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is done with it
        }
    }
}
