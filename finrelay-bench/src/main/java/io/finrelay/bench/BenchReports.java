package io.finrelay.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.sandbox.world.DemoData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark's approved expense reports, made with the demo's generator (realistic Concur-shaped
 * reports for the demo tenant's people, in EUR and CHF) but valid and unique: no invalid cost center,
 * no payee the bank rejects, and no receipt that shares the duplicate check's fingerprint (employee,
 * amount, currency, date, merchant) with an earlier one, so every report is meant to end paid.
 */
final class BenchReports {
    private BenchReports() {}

    static List<ObjectNode> make(int count, DemoData.World world, LocalDate today, Instant approvedAt) {
        Random random = new Random(2026);
        Set<String> seen = new HashSet<>();
        List<ObjectNode> reports = new ArrayList<>(count);
        String[] purposes = {"Kundentermin Hamburg", "Messe Hannover", "Workshop Basel", "Kundenbesuch Zürich"};
        while (reports.size() < count) {
            DemoData.Person person = world.people().get(random.nextInt(world.people().size()));
            List<DemoData.Expense> expenses = DemoData.expenses(random, world, person, today);
            boolean ch = person.entity().equals(world.entityCh());
            String currency = ch && random.nextInt(5) != 0 ? "CHF" : "EUR";
            if (!fresh(seen, person, currency, expenses)) {
                continue;
            }
            String id = String.format("BENCH-%07d", reports.size() + 1);
            reports.add(DemoData.report(id, person, purposes[random.nextInt(purposes.length)], currency, expenses, approvedAt));
        }
        return reports;
    }

    /** True (and remembered) when none of the lines repeats an earlier receipt of the same person. */
    private static boolean fresh(Set<String> seen, DemoData.Person person, String currency, List<DemoData.Expense> expenses) {
        List<String> prints = new ArrayList<>();
        for (DemoData.Expense e : expenses) {
            String print = person.employeeId() + "|" + e.amount().stripTrailingZeros().toPlainString() + "|" + currency + "|"
                    + e.date() + "|" + e.vendor();
            if (seen.contains(print) || prints.contains(print)) {
                return false;
            }
            prints.add(print);
        }
        seen.addAll(prints);
        return true;
    }
}
