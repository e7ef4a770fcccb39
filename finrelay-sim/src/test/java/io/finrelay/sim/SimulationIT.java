package io.finrelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator in every build: a thousand seeds (or {@code -Dsim.seeds=N} from {@code -Dsim.from=F}; one seed
 * with {@code -Dsim.seed=N}, which prints its trace), each a run of the real engine under faults with every
 * invariant checked after it. A failing seed is printed with its trace of steps, to be replayed by its number.
 */
class SimulationIT {
    private static Simulation simulation;

    @BeforeAll
    static void database() {
        simulation = new Simulation(Integer.getInteger("sim.lanes", 4));
    }

    @AfterAll
    static void close() {
        simulation.close();
    }

    @Test
    void everySeedOfTheBuildHoldsEveryInvariant() {
        String single = System.getProperty("sim.seed");
        long from = single != null ? Long.parseLong(single) : Long.getLong("sim.from", 1);
        long seeds = single != null ? 1 : Long.getLong("sim.seeds", 1_000);
        List<Simulation.Report> failed = new ArrayList<>();
        Map<String, Integer> coverage = new TreeMap<>();
        long started = System.nanoTime();
        simulation.runAll(from, seeds, report -> {
            report.coverage().forEach((what, n) -> coverage.merge(what, n, Integer::sum));
            if (single != null) {
                System.out.println(report.explain());
            }
            if (!report.ok()) {
                failed.add(report);
            }
        });
        failed.sort(java.util.Comparator.comparingLong(Simulation.Report::seed));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("simulation: %d seeds from %d on %d lanes in %.1f s (%.1f seeds/s), %d failed; exercised: %s%n",
                seeds, from, simulation.lanes(), seconds, seeds / seconds, failed.size(), coverage);
        assertThat(failed).as(() -> failed.isEmpty() ? "" : failed.size() + " seeds failed ("
                + failed.stream().map(Simulation.Report::seed).toList() + "); the first:\n" + failed.getFirst().explain())
                .isEmpty();
        if (single == null && seeds >= 1_000) {
            // The build's seeds must have hit every fault the simulator claims to cover, at every point it names.
            assertThat(coverage.keySet()).contains(
                    "node crashed after the commit of a dispatcher's claim",
                    "node crashed before the commit of a dispatcher's outcomes (after its calls)",
                    "node crashed after the commit of a dispatcher's outcomes (after its calls)",
                    "node crashed before the commit of an inbound event's batch",
                    "node crashed after the commit of an inbound event's batch",
                    "node crashed before the commit of a timer round",
                    "connection cut at the commit of a dispatcher's outcomes (after its calls)",
                    "connection cut at the commit of an inbound event's batch",
                    "database restarted (all connections dropped, refused for a while)",
                    "a dead node's claims freed by its lease",
                    "a restarted node took back its own claims",
                    "peer answered 503 before acting",
                    "peer answered 500 after acting",
                    "answer lost after the peer acted",
                    "call timed out before reaching the peer",
                    "peer refused for good (422)",
                    "peer answered a repeated idempotency key with its first answer",
                    "lookup found the effect",
                    "lookup found nothing",
                    "lookup unreachable",
                    "inbound event delivered again (same key)",
                    "inbound event resent under a new key",
                    "inbound events delivered out of order",
                    "settlement notice overtook the payment's answer",
                    "operator RETRY", "operator REPLAY", "operator RESOLVE", "operator CANCEL");
        }
    }

    @Test
    void aSeedReplaysStepForStepWhateverRanBeforeIt() {
        List<Long> seeds = List.of(3L, 11L, 29L, 42L);
        Map<Long, List<String>> first = new TreeMap<>();
        for (long seed : seeds) {
            first.put(seed, simulation.run(seed).trace());
        }
        // Other runs in between leave the tables, the pool and the JVM as a long run would.
        for (long seed = 100; seed < 105; seed++) {
            simulation.run(seed);
        }
        for (long seed : seeds.reversed()) {
            assertThat(simulation.run(seed).trace()).as("trace of seed %d, replayed", seed).isEqualTo(first.get(seed));
        }
        assertThat(first.values().stream().mapToInt(List::size).min().orElseThrow()).isGreaterThan(10);
    }

    @Test
    void theInvariantsCatchAConnectorThatResendsWithoutLookingUp() {
        // Sabotage: every lookup answers "not found" without asking, so a command whose answer was lost is sent
        // again; the ERP keeps no idempotency keys and books the journal twice. The simulator must say so.
        Simulation.Report caught = null;
        for (long seed = 1; seed <= 300 && caught == null; seed++) {
            Simulation.Report report = simulation.run(seed, true);
            if (!report.ok()) {
                caught = report;
            }
        }
        assertThat(caught).as("a seed that catches the blind connector within 300 seeds").isNotNull();
        assertThat(caught.violations()).anySatisfy(v -> assertThat(v).startsWith("effect twice: second post-journal of INV-2026-"));
        assertThat(caught.explain()).contains("replay with -Dsim.seed=" + caught.seed()).contains("not asked (blind connector)");
        // The failing seed replays to the same violations and the same steps.
        Simulation.Report replayed = simulation.run(caught.seed(), true);
        assertThat(replayed.violations()).isEqualTo(caught.violations());
        assertThat(replayed.trace()).isEqualTo(caught.trace());
    }
}
