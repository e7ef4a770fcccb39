package io.finrelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
        simulation = new Simulation();
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
        long started = System.nanoTime();
        long steps = 0;
        long crashes = 0;
        for (long seed = from; seed < from + seeds; seed++) {
            Simulation.Report report = simulation.run(seed);
            steps += report.steps();
            crashes += report.crashes();
            if (single != null) {
                System.out.println(report.explain());
            }
            if (!report.ok()) {
                failed.add(report);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("simulation: %d seeds from %d in %.1f s (%.1f seeds/s), %d steps, %d node crashes, %d failed%n",
                seeds, from, seconds, seeds / seconds, steps, crashes, failed.size());
        assertThat(failed).as(() -> failed.isEmpty() ? "" : failed.size() + " seeds failed ("
                + failed.stream().map(Simulation.Report::seed).toList() + "); the first:\n" + failed.getFirst().explain())
                .isEmpty();
    }
}
