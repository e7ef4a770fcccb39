package io.finrelay.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/** What bounds the end-to-end figure: where the CPU went, commits, and how long reports waited in each state. */
final class BenchStats {
    private BenchStats() {}

    /**
     * CPU over the measured interval, in cores: the whole machine busy (from /proc/stat), this JVM
     * (server, peers, producers and treasurers), and the rest (mostly PostgreSQL).
     */
    record Cpu(int cores, double machineBusy, double jvm) {
        double rest() {
            return Math.max(0, machineBusy - jvm);
        }

        record Sample(long nanos, long jvmCpuNanos, long busyTicks, long totalTicks) {}

        static Sample sample() {
            long jvm = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
            long busy = 0;
            long total = 0;
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
                long[] ticks = Arrays.stream(cpu, 1, cpu.length).mapToLong(Long::parseLong).toArray();
                total = Arrays.stream(ticks).limit(8).sum();
                busy = total - ticks[3] - ticks[4];   // minus idle and iowait
            } catch (IOException | RuntimeException e) {
                // Not Linux: the machine share stays unknown (0).
            }
            return new Sample(System.nanoTime(), jvm, busy, total);
        }

        static Cpu since(Sample before) {
            Sample now = sample();
            int cores = Runtime.getRuntime().availableProcessors();
            double wall = now.nanos() - before.nanos();
            double machine = now.totalTicks() == before.totalTicks() ? 0
                    : cores * (double) (now.busyTicks() - before.busyTicks()) / (now.totalTicks() - before.totalTicks());
            return new Cpu(cores, machine, (now.jvmCpuNanos() - before.jvmCpuNanos()) / wall);
        }
    }

    /** Committed transactions in the database so far (PostgreSQL's own counter, polling included). */
    static long commits(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("select pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("select xact_commit from pg_stat_database where datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The transaction ids handed out so far: PostgreSQL gives an id only to a transaction that writes,
     * so the difference of two readings counts the write transactions in between (every commit counted
     * by {@link #commits} includes reads: API reads, polls, the desk's listings).
     */
    static long writeTransactions(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_current_xact_id()::text::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** With -Dbench.stats=true: CPU, the treasury desk, the time reports took to reach each state, table access. */
    static void print(HikariDataSource ds, UUID tenant, ReleaseDesk desk, Cpu cpu) throws SQLException {
        System.err.printf(Locale.ROOT, "  cpu (cores of %d): machine busy %.2f, this JVM %.2f, rest (PostgreSQL) %.2f%n",
                cpu.cores(), cpu.machineBusy(), cpu.jvm(), cpu.rest());
        System.err.printf(Locale.ROOT, "  treasury desk: %d listings, %d first releases, %d second releases (four eyes)%n",
                desk.listings(), desk.firstReleases(), desk.secondReleases());
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("with t as (select detail->>'to' as st, "
                + "occurred_at - lag(occurred_at) over (partition by instance_id order by id) as waited "
                + "from audit_event where tenant_id = ? and kind = 'transition') "
                + "select st, count(*), round((extract(epoch from avg(waited)) * 1000)::numeric, 1), "
                + "round((extract(epoch from percentile_cont(0.95) within group (order by waited)) * 1000)::numeric, 1) "
                + "from t where waited is not null group by st order by 3 desc")) {
            s.setObject(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                System.err.println("  reached state: count, mean ms and p95 ms since the transition before");
                while (rs.next()) {
                    System.err.printf("    %-16s %6d %9s %9s%n", rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4));
                }
            }
        }
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement("select connector || '/' || "
                + "command_type, count(*), round(avg(attempts), 2) from outbox_done where tenant_id = ? group by 1 order by 2 desc")) {
            s.setObject(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                System.err.println("  commands done: connector/type, count, mean attempts");
                while (rs.next()) {
                    System.err.printf("    %-40s %6d %6s%n", rs.getString(1), rs.getLong(2), rs.getString(3));
                }
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables "
                        + "where seq_scan + coalesce(idx_scan, 0) > 0 order by seq_tup_read desc limit 8")) {
            System.err.println("  table: seq_scan seq_tup_read idx_scan ins upd del");
            while (rs.next()) {
                System.err.printf("    %s: %d %d %d %d %d %d%n", rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7));
            }
        }
    }
}
