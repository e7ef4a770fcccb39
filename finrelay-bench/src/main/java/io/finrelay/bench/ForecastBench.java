package io.finrelay.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.reconciliation.forecast.CashForecast;
import io.finrelay.reconciliation.forecast.CashForecast.Flow;
import io.finrelay.reconciliation.forecast.CashForecast.Opening;
import io.finrelay.reconciliation.forecast.CashForecast.Series;
import io.finrelay.reconciliation.forecast.CashForecast.Source;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The 13-week cash forecast for a tenant with N open items and M scheduled supplier payments
 * ({@link CashForecast#compute}, what {@code GET /cash/forecast} adds up), next to its limit in the same
 * run: reading the same rows from PostgreSQL (the columns the forecast reads, one indexed table each),
 * which every forecast has to do first. The goal: the computation within 1 s for 100,000 items and
 * 10,000 payments.
 */
final class ForecastBench {
    static final int DAYS = 91;
    private static final String[] ENTITIES = {"ACME Logistik GmbH", "ACME Logistik AG", "ACME Logistics Ltd",
            "ACME Logistique SAS", "ACME Logistiek BV"};
    private static final String[] CURRENCIES = {"EUR", "CHF", "GBP"};

    record Result(int openItems, int payments, int series, double computeMillis, double readMillis, BigDecimal checksum) {
        /** The computation's time over the read's: below 1, the forecast costs less than fetching its rows. */
        double ratio() {
            return computeMillis / readMillis;
        }
    }

    private ForecastBench() {}

    static Result run(int openItems, int payments, int rounds) throws Exception {
        LocalDate today = LocalDate.of(2026, 12, 7);
        SplittableRandom random = new SplittableRandom(20261207);
        List<Flow> flows = new ArrayList<>(openItems + payments);
        for (int i = 0; i < openItems; i++) {
            boolean receivable = random.nextInt(3) > 0;
            BigDecimal amount = BigDecimal.valueOf(random.nextLong(1_000, 5_000_000), 2);
            flows.add(new Flow(receivable ? Source.RECEIVABLE : Source.PAYABLE, "OI-" + i, ENTITIES[random.nextInt(5)],
                    CURRENCIES[random.nextInt(3)], today.plusDays(random.nextInt(-30, 120)),
                    receivable ? amount : amount.negate()));
        }
        for (int i = 0; i < payments; i++) {
            flows.add(new Flow(Source.SUPPLIER_PAYMENT, "SINV-" + i, ENTITIES[random.nextInt(5)],
                    CURRENCIES[random.nextInt(3)], today.plusDays(random.nextInt(0, 100)),
                    BigDecimal.valueOf(random.nextLong(1_000, 2_000_000), 2).negate()));
        }
        List<Opening> openings = new ArrayList<>();
        for (String entity : ENTITIES) {
            for (String currency : CURRENCIES) {
                for (int account = 0; account < 3; account++) {
                    openings.add(new Opening(entity, currency, BigDecimal.valueOf(random.nextLong(0, 500_000_000), 2),
                            Instant.parse("2026-12-04T18:00:00Z")));
                }
            }
        }

        double compute = Double.MAX_VALUE;
        List<Series> forecast = List.of();
        for (int r = 0; r < rounds + 2; r++) {  // two warm-ups, then the best of the rounds
            long start = System.nanoTime();
            forecast = CashForecast.compute(today, DAYS, openings, flows);
            double millis = (System.nanoTime() - start) / 1e6;
            if (r >= 2) {
                compute = Math.min(compute, millis);
            }
        }
        BigDecimal checksum = forecast.stream().map(s -> s.days().getLast().closing()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal expected = openings.stream().map(Opening::balance).reduce(BigDecimal.ZERO, BigDecimal::add)
                .add(flows.stream().filter(f -> f.date().isBefore(today.plusDays(DAYS))).map(Flow::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add));
        if (checksum.compareTo(expected) != 0) {
            throw new IllegalStateException("the forecast's last closings add up to " + checksum + ", not " + expected);
        }

        double read = Double.MAX_VALUE;
        try (BenchDatabase databases = new BenchDatabase(); HikariDataSource db = databases.fresh("forecast", 1)) {
            load(db, flows);
            for (int r = 0; r < rounds + 1; r++) {  // one warm-up
                double millis = readBack(db, flows.size());
                if (r >= 1) {
                    read = Math.min(read, millis);
                }
            }
        }
        return new Result(openItems, payments, forecast.size(), compute, read, checksum);
    }

    private static void load(HikariDataSource db, List<Flow> flows) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table open_item (id text primary key, direction text not null, legal_entity text, "
                    + "currency char(3) not null, due_date date, open_amount numeric not null, status text not null)");
            s.execute("create table scheduled_payment (id text primary key, legal_entity text, currency char(3) not null, "
                    + "pay_on date not null, pay_amount numeric not null, state text not null)");
            s.execute("create index open_item_status on open_item (status)");
            s.execute("create index scheduled_payment_state on scheduled_payment (state)");
            c.setAutoCommit(false);
            try (PreparedStatement item = c.prepareStatement("insert into open_item values (?, ?, ?, ?, ?, ?, 'OPEN')");
                 PreparedStatement payment = c.prepareStatement(
                         "insert into scheduled_payment values (?, ?, ?, ?, ?, 'SCHEDULED')")) {
                for (Flow f : flows) {
                    if (f.source() == Source.SUPPLIER_PAYMENT) {
                        payment.setString(1, f.reference());
                        payment.setString(2, f.legalEntity());
                        payment.setString(3, f.currency());
                        payment.setObject(4, f.date());
                        payment.setBigDecimal(5, f.amount().negate());
                        payment.addBatch();
                    } else {
                        item.setString(1, f.reference());
                        item.setString(2, f.source() == Source.RECEIVABLE ? "RECEIVABLE" : "PAYABLE");
                        item.setString(3, f.legalEntity());
                        item.setString(4, f.currency());
                        item.setObject(5, f.date());
                        item.setBigDecimal(6, f.amount().abs());
                        item.addBatch();
                    }
                }
                item.executeBatch();
                payment.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);  // vacuum runs outside a transaction
            s.execute("vacuum analyze open_item");
            s.execute("vacuum analyze scheduled_payment");
        }
    }

    /** Reads every row into the forecast's flows, as the server's read does; answers the milliseconds. */
    private static double readBack(HikariDataSource db, int expected) throws Exception {
        long start = System.nanoTime();
        List<Flow> flows = new ArrayList<>(expected);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement items = c.prepareStatement("select id, direction, legal_entity, currency, due_date, "
                    + "open_amount from open_item where status in ('AWAITING_RELEASE', 'OPEN', 'PARTIAL')")) {
                items.setFetchSize(5_000);
                try (ResultSet rs = items.executeQuery()) {
                    while (rs.next()) {
                        boolean receivable = rs.getString(2).equals("RECEIVABLE");
                        BigDecimal amount = rs.getBigDecimal(6);
                        flows.add(new Flow(receivable ? Source.RECEIVABLE : Source.PAYABLE, rs.getString(1),
                                rs.getString(3), rs.getString(4), rs.getObject(5, LocalDate.class),
                                receivable ? amount : amount.negate()));
                    }
                }
            }
            try (PreparedStatement payments = c.prepareStatement("select id, legal_entity, currency, pay_on, pay_amount "
                    + "from scheduled_payment where state = 'SCHEDULED'")) {
                payments.setFetchSize(5_000);
                try (ResultSet rs = payments.executeQuery()) {
                    while (rs.next()) {
                        flows.add(new Flow(Source.SUPPLIER_PAYMENT, rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getObject(4, LocalDate.class), rs.getBigDecimal(5).negate()));
                    }
                }
            }
            c.commit();
        }
        if (flows.size() != expected) {
            throw new IllegalStateException("read " + flows.size() + " rows, not " + expected);
        }
        return (System.nanoTime() - start) / 1e6;
    }

    static String report(Result r) {
        return String.format(Locale.ROOT, "Machine: %d cores, %d MiB max heap, %s %s, Java %s; date %s%n%n"
                        + "| open items | scheduled payments | series x days | forecast computed (best) | goal | "
                        + "limit: reading the same rows from PostgreSQL (best) | ratio |%n"
                        + "|---:|---:|---:|---:|---:|---:|---:|%n| %d | %d | %d x %d | %.0f ms | <= 1000 ms | %.0f ms | %.2fx |%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                LocalDate.now(Clock.systemUTC()), r.openItems(), r.payments(), r.series(), DAYS, r.computeMillis(),
                r.readMillis(), r.ratio());
    }
}
