package io.finrelay.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.execution.ThrowingSupplier;
import dev.dbos.transact.workflow.Workflow;
import dev.dbos.transact.workflow.WorkflowHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * DBOS Transact for Java with its system database on the bench's PostgreSQL server (a fresh database
 * of its own, schema made by DBOS at launch): the same invoice workflow as {@link BenchFlow}, the
 * approval recorded durably when the workflow starts, then two steps (post the journal, pay), each
 * step's outcome checkpointed by DBOS. Producers start workflows ({@code startWorkflow} returns once
 * the workflow is recorded) as Finrelay's producers wait for their approval to commit; the clock stops
 * when the last workflow has ended. DBOS's own defaults otherwise (its connection pool, its executor).
 */
final class DbosPeer implements PeerBench {
    /** The workflow, as DBOS wants it: an interface it proxies. */
    public interface Invoices {
        String invoice(String invoice, String amount);
    }

    /** Two steps against zero-latency peers, as {@link InstantPeer} answers the engine. */
    public static final class InvoicesImpl implements Invoices {
        private final DBOS dbos;

        InvoicesImpl(DBOS dbos) {
            this.dbos = dbos;
        }

        @Override
        @Workflow(name = "bench-invoice")
        public String invoice(String invoice, String amount) {
            String journal = dbos.runStep(() -> "erp-" + invoice, "post-journal");
            String payment = dbos.runStep(() -> "bank-" + invoice + "-" + amount, "pay");
            return journal + "/" + payment;
        }
    }

    private final BenchDatabase databases;
    private final Duration duration;

    DbosPeer(BenchDatabase databases, Duration duration) {
        this.databases = databases;
        this.duration = duration;
    }

    private static String parameter(String url, String name, String otherwise) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]" + name + "=([^&]*)").matcher(url);
        return m.find() ? m.group(1) : otherwise;
    }

    @Override
    public String name() {
        return "DBOS Transact Java";
    }

    @Override
    public Result run(int producers, double raw) throws Exception {
        String url = databases.freshUrl("bench_dbos");
        try (HikariDataSource stats = BenchDatabase.pool(url, 1)) {
            // DBOS takes user and password apart from the URL; the embedded server trusts local logins.
            DBOSConfig config = DBOSConfig.defaults("finrelay-bench")
                    .withDatabaseUrl(url)
                    .withDbUser(parameter(url, "user", "postgres"))
                    .withDbPassword(parameter(url, "password", ""));
            try (DBOS dbos = new DBOS(config)) {
                Invoices invoices = dbos.registerProxy(Invoices.class, new InvoicesImpl(dbos));
                dbos.launch();
                long commitsBefore = BenchDatabase.commits(stats);
                Queue<WorkflowHandle<String, RuntimeException>> handles = new ConcurrentLinkedQueue<>();
                long start = System.nanoTime();
                long end = start + duration.toNanos();
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int producer = p;
                    threads.add(Thread.ofPlatform().start(() -> {
                        long n = 0;
                        while (System.nanoTime() < end) {
                            String invoice = "INV-" + producer + "-" + (++n);
                            ThrowingSupplier<String, RuntimeException> workflow = () -> invoices.invoice(invoice, "1250.00");
                            handles.add(dbos.startWorkflow(workflow));
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                for (WorkflowHandle<String, RuntimeException> handle : handles) {
                    if (!handle.getResult().startsWith("erp-")) {
                        throw new IllegalStateException("unexpected DBOS result " + handle.getResult());
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long commits = BenchDatabase.commits(stats) - commitsBefore;
                return new Result(name(), "system database on the same server, defaults", producers, handles.size(),
                        seconds, raw, (double) commits / handles.size());
            }
        }
    }
}
