package io.finrelay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.sandbox.world.Api;
import io.finrelay.sandbox.world.DemoData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One demo run: streams the reports through the expense platform, plays the treasury desk (two
 * treasurers who release what is waiting, four eyes above the threshold), shows progress, and
 * summarises from the KPI endpoint.
 */
final class DemoRun {
    private static final Set<String> MOVING = Set.of("Received", "Validating", "Posting", "Scheduling", "AwaitingRelease",
            "Paying", "Reissuing", "ClearingPayable", "ReportingStatus");

    private final Api api;
    private final String tenantPath;
    private final DemoData.World world;
    private final int count;
    private final Clock clock;
    private final Instant started;

    DemoRun(Api api, String tenantId, DemoData.World world, int count, Clock clock) {
        this.api = api;
        this.tenantPath = "/v1/tenants/" + tenantId;
        this.world = world;
        this.count = count;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The reports, reproducible from the seed: the same ids and contents on every run. */
    void stream(String expensePlatformUrl, Random random, LocalDate today) {
        Api platform = new Api(expensePlatformUrl, null);
        List<ObjectNode> all = new ArrayList<>();
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format("DEMO-%04d", i);
            ObjectNode report;
            if (i % 37 == 0 && all.size() > 5) {
                report = DemoData.resubmitted(all.get(random.nextInt(all.size())), id);
            } else {
                DemoData.Person person = i == count / 2 ? world.rejectedPayee()
                        : world.people().get(random.nextInt(world.people().size()));
                List<DemoData.Expense> expenses = new ArrayList<>(DemoData.expenses(random, world, person, today));
                if (i % 29 == 0) {
                    DemoData.Expense e = expenses.getFirst();
                    expenses.set(0, new DemoData.Expense(e.date(), e.vendor(), e.type(), e.account(), "CC-999", e.amount(),
                            e.taxCode(), null));
                }
                boolean ch = person.entity().equals(world.entityCh());
                String currency = ch && i % 5 != 0 ? "CHF" : "EUR";
                report = DemoData.report(id, person, purpose(random, ch), currency, expenses, clock.instant());
            }
            all.add(report);
            batch.add(report);
            if (batch.size() == 25 || i == count) {
                platform.post("/_sandbox/reports", batch).require(202);
                batch.clear();
                DemoLauncher.say(String.format("streamed %d/%d approved reports through the expense platform", i, count));
            }
        }
    }

    private static String purpose(Random random, boolean ch) {
        String[] de = {"Kundentermin Hamburg", "Messe Hannover", "Projekt-Kick-off München", "Schulung Berlin"};
        String[] chp = {"Kundenbesuch Zürich", "Workshop Basel", "Lieferantenaudit Bern", "Messe Genf"};
        String[] pick = ch ? chp : de;
        return pick[random.nextInt(pick.length)];
    }

    /** Releases what waits, shows progress every two seconds, until every report has settled somewhere. */
    void watch() {
        Instant deadline = clock.instant().plus(Duration.ofMinutes(10));
        String last = "";
        int quiet = 0;
        while (clock.instant().isBefore(deadline)) {
            releaseWaiting();
            JsonNode kpis = api.get(tenantPath + "/expense/kpis").require(200).body();
            int moving = 0;
            for (Map.Entry<String, JsonNode> e : kpis.path("byState").properties()) {
                if (MOVING.contains(e.getKey())) {
                    moving += e.getValue().asInt();
                }
            }
            String line = String.format("received %d/%d, posted %d, paid %d, in exception %d, moving %d",
                    kpis.path("reports").asInt(), count, kpis.path("posted").asInt(), kpis.path("paid").asInt(),
                    sum(kpis.path("openExceptionsByReason")), moving);
            if (!line.equals(last)) {
                DemoLauncher.say(line);
                last = line;
                quiet = 0;
            } else {
                quiet++;
            }
            if (kpis.path("reports").asInt() >= count && moving == 0 && quiet >= 2) {
                return;
            }
            pause(1_000);
        }
    }

    private void releaseWaiting() {
        JsonNode waiting = api.get(tenantPath + "/workflows/instances?type=expense-reimbursement&state=AwaitingRelease&limit=500")
                .require(200).body();
        for (JsonNode instance : waiting) {
            String report = instance.path("businessKey").asText();
            Api.Answer first = api.post(tenantPath + "/expense-reports/" + report + "/releases", Map.of("releaser", "t.berger"));
            if (first.status() == 202 && "AwaitingRelease".equals(first.body().path("state").asText())) {
                api.post(tenantPath + "/expense-reports/" + report + "/releases", Map.of("releaser", "j.roth"));
            }
        }
    }

    String summary(String base, String key, String payables, String console) {
        JsonNode k = api.get(tenantPath + "/expense/kpis").require(200).body();
        StringBuilder out = new StringBuilder("\n================================================================================\n");
        out.append(" Finrelay demo: expense to reimbursement\n");
        out.append(String.format("   processed:      %d reports (in %s)%n", k.path("reports").asInt(),
                Duration.between(started, clock.instant()).toSeconds() + " s"));
        out.append(String.format("   posted to ERP:  %d%n", k.path("posted").asInt()));
        out.append(String.format("   paid:           %d%n", k.path("paid").asInt()));
        out.append(String.format("   in exception:   %d%n", sum(k.path("openExceptionsByReason"))));
        k.path("openExceptionsByReason").properties().forEach(e ->
                out.append(String.format("     %-22s %d%n", e.getKey(), e.getValue().asInt())));
        out.append(String.format("   reimbursement cycle time: median %s, p95 %s (approval to bank settlement)%n",
                millis(k.path("reimbursementCycleTime").path("medianMillis")),
                millis(k.path("reimbursementCycleTime").path("p95Millis"))));
        out.append(String.format("   posting latency:          median %s, p95 %s (arrival to ERP journal)%n",
                millis(k.path("postingLatency").path("medianMillis")), millis(k.path("postingLatency").path("p95Millis"))));
        out.append(payables);
        out.append("   API:     ").append(base).append(tenantPath).append("/expense/kpis\n");
        out.append("   reports: ").append(base).append(tenantPath).append("/expense-reports/DEMO-0001\n");
        out.append("   key:     ").append(key).append("   (Authorization: Bearer <key>)\n");
        out.append(console);
        out.append(" Finrelay keeps running; stop it with Ctrl-C. Running it again resumes and doubles nothing.\n");
        out.append("================================================================================");
        return out.toString();
    }

    private static int sum(JsonNode counts) {
        int total = 0;
        for (JsonNode n : counts) {
            total += n.asInt();
        }
        return total;
    }

    private static String millis(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : String.format("%.2f s", value.asLong() / 1000.0);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
