package io.finrelay.formats;

import java.util.List;

/**
 * The outcome of a format's own control checks for one statement or file: counts, control sums,
 * opening balance plus movements equal to closing balance. Each mismatch is a sentence naming the
 * figures. Reading goes on past a mismatch (the file is well-formed); deciding is the caller's,
 * and the channels treat any mismatch as an exception.
 */
public record ControlReport(List<String> mismatches, int checksRun) {

    public ControlReport {
        mismatches = List.copyOf(mismatches);
    }

    public boolean passed() {
        return mismatches.isEmpty();
    }

    public ControlReport and(ControlReport other) {
        var all = new java.util.ArrayList<>(mismatches);
        all.addAll(other.mismatches);
        return new ControlReport(all, checksRun + other.checksRun);
    }

    public static ControlReport none() {
        return new ControlReport(List.of(), 0);
    }
}
