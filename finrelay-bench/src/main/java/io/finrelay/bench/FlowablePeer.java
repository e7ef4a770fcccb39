package io.finrelay.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.delegate.DelegateExecution;
import org.flowable.engine.delegate.JavaDelegate;

/**
 * Flowable 8 in its durable configuration, on a fresh database of the bench's PostgreSQL: the
 * asynchronous executor on, history at {@code audit} (Flowable's default, what a production install
 * keeps), each of the two outbound steps an asynchronous service task (a job, committed, then run in
 * its own transaction), so a crash between steps loses nothing. Producers start instances of the
 * same three-step invoice workflow as {@link BenchFlow} and each waits for its start to commit; the
 * clock stops when the last instance has ended.
 */
final class FlowablePeer implements PeerBench {
    /** The ERP's zero-latency answer, as {@link InstantPeer} gives the engine. */
    public static final class PostJournal implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable("journal", "erp-" + execution.getProcessInstanceBusinessKey());
        }
    }

    /** The bank's zero-latency answer. */
    public static final class Pay implements JavaDelegate {
        @Override
        public void execute(DelegateExecution execution) {
            execution.setVariable("payment", "bank-" + execution.getProcessInstanceBusinessKey());
        }
    }

    private final BenchDatabase databases;
    private final Duration duration;

    FlowablePeer(BenchDatabase databases, Duration duration) {
        this.databases = databases;
        this.duration = duration;
    }

    @Override
    public String name() {
        return "Flowable 8 durable";
    }

    @Override
    public Result run(int producers, double raw) throws Exception {
        try (HikariDataSource ds = databases.fresh("bench_flowable", producers + 12)) {
            ProcessEngine engine = ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration()
                    .setDataSource(ds)
                    .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
                    .setHistoryLevel(HistoryLevel.AUDIT)
                    .setAsyncExecutorActivate(true)
                    .buildProcessEngine();
            try {
                engine.getRepositoryService().createDeployment()
                        .addClasspathResource("peers/bench-invoice.bpmn20.xml").deploy();
                long commitsBefore = BenchDatabase.commits(ds);
                AtomicLong started = new AtomicLong();
                long start = System.nanoTime();
                long end = start + duration.toNanos();
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int producer = p;
                    threads.add(Thread.ofPlatform().start(() -> {
                        long n = 0;
                        while (System.nanoTime() < end) {
                            String invoice = "INV-" + producer + "-" + (++n);
                            engine.getRuntimeService().startProcessInstanceByKey("benchInvoice", invoice,
                                    Map.of("invoice", invoice, "amount", "1250.00", "currency", "EUR"));
                            started.incrementAndGet();
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
                BenchDatabase.awaitCount(ds, "select count(*) from act_hi_procinst where end_time_ is not null",
                        started.get(), Duration.ofMinutes(5), "Flowable instances");
                double seconds = (System.nanoTime() - start) / 1e9;
                long commits = BenchDatabase.commits(ds) - commitsBefore;
                return new Result(name(), "async executor, history audit", producers, started.get(), seconds, raw,
                        (double) commits / started.get());
            } finally {
                engine.close();
            }
        }
    }
}
