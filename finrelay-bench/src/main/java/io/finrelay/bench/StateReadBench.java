package io.finrelay.bench;

import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.StoredFormat;
import io.finrelay.engine.workflow.Upcaster;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.workflows.expense.Claim;
import io.finrelay.workflows.expense.ExpenseCase;
import io.finrelay.workflows.expense.ExpenseEvent;
import io.finrelay.workflows.expense.ExpenseReimbursement;
import io.finrelay.workflows.expense.ExpenseState;
import io.finrelay.workflows.expense.PaymentType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What reading a stored state costs the engine's path since states carry a format version (issue 17): an
 * expense report's {@code Paying} state read as before versioning (the codec alone), through
 * {@code readState} at the current version (the hot path: one comparison more), and upcast from the version
 * before by a one-step format (parse to a tree, the step, bind). In one JVM, alternating, median of rounds.
 * {@code bin/finrelay bench --state-read [--rounds 5]}.
 */
final class StateReadBench {
    private StateReadBench() {}

    record Result(int reads, int rounds, double codecMicros, double currentMicros, double upcastMicros) {}

    private static volatile Object sink;

    static Result run(int reads, int rounds) {
        ExpenseReimbursement flow = new ExpenseReimbursement();
        int now = flow.storedFormat().current();
        WorkflowRegistry.Registered<?, ?> v1 = new WorkflowRegistry(List.of(flow)).get(ExpenseReimbursement.TYPE);
        WorkflowRegistry.Registered<?, ?> v2 = new WorkflowRegistry(List.of(new NextVersion(flow))).get(ExpenseReimbursement.TYPE);
        String json = io.finrelay.engine.json.Json.write(paying());
        List<Double> codec = new ArrayList<>();
        List<Double> current = new ArrayList<>();
        List<Double> upcast = new ArrayList<>();
        for (int round = -1; round < rounds; round++) { // round -1 warms up
            long t0 = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                sink = v1.states().read("Paying", json);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                sink = v1.readState("Paying", json, now);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < reads; i++) {
                sink = v2.readState("Paying", json, now);
            }
            long t3 = System.nanoTime();
            if (round >= 0) {
                codec.add((t1 - t0) / 1e3 / reads);
                current.add((t2 - t1) / 1e3 / reads);
                upcast.add((t3 - t2) / 1e3 / reads);
            }
        }
        return new Result(reads, rounds, median(codec), median(current), median(upcast));
    }

    static String report(Result r) {
        return String.format(Locale.ROOT, "| reads per round | rounds | codec alone (before versioning) | readState, current version "
                        + "| readState, upcast one version | current / before |%n|---:|---:|---:|---:|---:|---:|%n"
                        + "| %d | %d | %.2f us | %.2f us | %.2f us | %.3fx |%n",
                r.reads(), r.rounds(), r.codecMicros(), r.currentMicros(), r.upcastMicros(),
                r.currentMicros() / r.codecMicros());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** A two-line travel report, released and being paid: the state most reports wait longest in. */
    private static ExpenseState paying() {
        Claim claim = new Claim("7d6f0a52-3b1e-4a57-9a0e-2f7c1d0e5a11", "ER-2026-0001", "5b1f2a52-4c3e-4d57-9b0e-4f7c1d0e5a33",
                "m.keller", "s.wagner", "Customer visit Hamburg", Instant.parse("2026-03-02T09:15:00Z"), "EUR",
                List.of(new Claim.Line("1", LocalDate.parse("2026-02-24"), "Deutsche Bahn", "6650", "CC-410", null,
                                io.finrelay.model.Money.of("119.00", "EUR"), "DE-VAT-19", null, PaymentType.CASH),
                        new Claim.Line("2", LocalDate.parse("2026-02-24"), "Hotel Atlantic", "6660", "CC-410", null,
                                io.finrelay.model.Money.of("214.00", "EUR"), "DE-VAT-7", "a".repeat(64), PaymentType.CASH)));
        return new ExpenseState.Paying(ExpenseCase.of(claim));
    }

    /** The expense workflow one version on, its step touching the state read (as a real change would). */
    private record NextVersion(ExpenseReimbursement flow) implements WorkflowDefinition<ExpenseState, ExpenseEvent> {
        @Override
        public String type() {
            return flow.type();
        }

        @Override
        public Class<ExpenseState> stateType() {
            return flow.stateType();
        }

        @Override
        public Class<ExpenseEvent> eventType() {
            return flow.eventType();
        }

        @Override
        public ExpenseState initialState() {
            return flow.initialState();
        }

        @Override
        public StoredFormat storedFormat() {
            // One step from today's version is measured; the older versions' steps are the flow's own business.
            int now = flow.storedFormat().current();
            StoredFormat next = StoredFormat.version(now + 1).from(now, Upcaster.state("Paying", json -> json.set("c", json.get("c"))));
            for (int v = 1; v < now; v++) {
                next = next.from(v, document -> document);
            }
            return next;
        }

        @Override
        public Decision<ExpenseState> decide(ExpenseState state, ExpenseEvent event) {
            return flow.decide(state, event);
        }
    }
}
