package io.finrelay.connectors.erp.bench;

import io.finrelay.connectors.erp.JournalOutboxConnector;
import io.finrelay.connectors.erp.tryton.TrytonErp;
import io.finrelay.connectors.erp.tryton.TrytonIds;
import io.finrelay.connectors.erp.tryton.TrytonPeer;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.model.Money;
import io.finrelay.model.id.AccountCode;
import io.finrelay.model.id.JournalEntryId;
import io.finrelay.model.id.LegalEntityId;
import io.finrelay.model.ledger.JournalEntry;
import io.finrelay.model.ledger.JournalLine;
import io.finrelay.workflows.expense.ExpenseCommands;
import io.finrelay.workflows.port.JournalEntryJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Journals/s posted into Tryton by Finrelay's outbox connector, next to the peer's own batched loop
 * ({@code demo.py --bench N}: one create and one post call per 20 moves) in the same run, on the same
 * server. The connector is driven the way the dispatcher drives it: claimed batches of 64 commands,
 * {@code deliver} called once per command on its own virtual thread; the micro-batcher coalesces them.
 *
 * <pre>bin/finrelay mvn -Dbuild.suffix=-erp -pl finrelay-connectors -am verify -DskipTests -Ptryton-bench -Dtryton.bench.n=200</pre>
 */
public final class TrytonPostingBench {
    private static final Pattern BATCHED = Pattern.compile("batched x20: (\\d+) moves in ([0-9.]+)s = ([0-9.]+) moves/s");

    /** One run's figures. */
    public record Result(int n, double peerPerSecond, double finrelayPerSecond) {
        public double ratio() {
            return finrelayPerSecond / peerPerSecond;
        }
    }

    private TrytonPostingBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Result r = run(n, i % 2 == 1);
            results.add(r);
            if (Boolean.getBoolean("tryton.bench.direct")) {
                System.out.printf("   port alone, batches of 20: %.1f/s%n", direct(TrytonPeer.get(), n));
            }
            System.out.printf("round %d: N=%d  demo.py batched x20 %.1f/s  Finrelay connector %.1f/s  ratio %.2fx%n",
                    i + 1, n, r.peerPerSecond(), r.finrelayPerSecond(), r.ratio());
        }
        double peer = results.stream().mapToDouble(Result::peerPerSecond).sorted().toArray()[rounds / 2];
        double ours = results.stream().mapToDouble(Result::finrelayPerSecond).sorted().toArray()[rounds / 2];
        double ratio = results.stream().mapToDouble(Result::ratio).sorted().toArray()[rounds / 2];
        System.out.printf("median of %d rounds: demo.py %.1f/s, Finrelay %.1f/s; median of the per-round ratios %.2fx"
                + " (cpus=%d, %s)%n", rounds, peer, ours, ratio, Runtime.getRuntime().availableProcessors(), LocalDate.now());
        System.exit(0);
    }

    /** Both sides on the same server; the order alternates between rounds so that drift favours neither. */
    public static Result run(int n, boolean connectorFirst) throws Exception {
        TrytonPeer peer = TrytonPeer.get();
        peer.facts();
        double finrelay = connectorFirst ? finrelay(peer, n) : 0;
        double demo = demo(peer, n);
        if (!connectorFirst) {
            finrelay = finrelay(peer, n);
        }
        return new Result(n, demo, finrelay);
    }

    static double demo(TrytonPeer peer, int n) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("python3", peer.script().getParent().resolve("demo.py").toString(),
                "--bench", Integer.toString(n), "--out", peer.home().resolve("out").toString()).redirectErrorStream(true);
        pb.environment().put("TRYTON_HOME", peer.home().toString());
        peer.env().forEach((k, v) -> pb.environment().put(k, v));
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("demo.py failed:\n" + out);
        }
        Matcher m = BATCHED.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no batched figure in demo.py's output:\n" + out);
        }
        return Double.parseDouble(m.group(3));
    }

    static double finrelay(TrytonPeer peer, int n) throws Exception {
        TrytonErp erp = new TrytonErp(peer.config());
        LegalEntityId le = new LegalEntityId(TrytonIds.uuid(TrytonPeer.TENANT, peer.config().database(),
                "company.company", peer.facts().company()));
        LocalDate today = peer.facts().today();
        int inFlight = Integer.getInteger("tryton.bench.inFlight", 1);
        try (JournalOutboxConnector connector = new JournalOutboxConnector(t -> Optional.of(erp), 20,
                Duration.ofMillis(2), inFlight); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            // Warm-up: login, caches, and the JIT (on a 2-CPU machine the compiler threads compete with trytond).
            List<CommandEnvelope> warm = commands(le, today, 128);
            wave(connector, threads, warm.subList(0, 64));
            wave(connector, threads, warm.subList(64, 128));
            List<CommandEnvelope> all = commands(le, today, n);
            long t0 = System.nanoTime();
            for (int from = 0; from < n; from += 64) {
                wave(connector, threads, all.subList(from, Math.min(n, from + 64)));
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** The port alone, batches of 20 one after the other (no outbox connector, no waves): the connector's overhead. */
    static double direct(TrytonPeer peer, int n) {
        TrytonErp erp = new TrytonErp(peer.config());
        LegalEntityId le = new LegalEntityId(TrytonIds.uuid(TrytonPeer.TENANT, peer.config().database(),
                "company.company", peer.facts().company()));
        List<io.finrelay.workflows.port.JournalPosting> all = new ArrayList<>();
        for (CommandEnvelope c : commands(le, peer.facts().today(), n + 20)) {
            all.add(new io.finrelay.workflows.port.JournalPosting(c.commandId(), JournalEntryJson.read(c.payloadJson())));
        }
        erp.postJournals(all.subList(0, 20));
        long t0 = System.nanoTime();
        for (int from = 20; from < n + 20; from += 20) {
            erp.postJournals(all.subList(from, Math.min(n + 20, from + 20)));
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** One dispatcher round: every claimed command delivered on its own virtual thread, all awaited. */
    private static void wave(JournalOutboxConnector connector, ExecutorService threads, List<CommandEnvelope> commands)
            throws Exception {
        List<Future<Delivery>> futures = new ArrayList<>();
        for (CommandEnvelope c : commands) {
            futures.add(threads.submit(() -> connector.deliver(c)));
        }
        for (Future<Delivery> f : futures) {
            Delivery d = f.get();
            if (!(d instanceof Delivery.Done)) {
                throw new IllegalStateException("not posted: " + d);
            }
        }
    }

    private static List<CommandEnvelope> commands(LegalEntityId le, LocalDate today, int n) {
        List<CommandEnvelope> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            JournalEntry e = new JournalEntry(new JournalEntryId(UUID.randomUUID()), TrytonPeer.TENANT, le, today,
                    "bench " + i, List.of(JournalLine.debit(AccountCode.of("1000"), Money.of("1.00", "EUR"), ""),
                    JournalLine.credit(AccountCode.of("4000"), Money.of("1.00", "EUR"), "")));
            out.add(new CommandEnvelope(TrytonPeer.TENANT, UUID.randomUUID(), UUID.randomUUID(), "bench", "b-" + i, ExpenseCommands.ERP,
                    ExpenseCommands.POST_JOURNAL.type(), JournalEntryJson.write(e), "bench", 1));
        }
        return out;
    }
}
