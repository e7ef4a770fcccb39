package io.finrelay.engine.runtime;

import io.finrelay.engine.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups across nodes that share one database: PostgreSQL LISTEN/NOTIFY, as a hint only.
 *
 * <p>When this node commits outbox commands or timers (its {@link Signal}s are raised), a notifier
 * thread sends {@code pg_notify('finrelay_work', '<kind> <node>')} in a small transaction of its own,
 * after the commit; a listener thread holds one connection that LISTENs and wakes this node's
 * workers ({@link Signal#wake()}) when another node says it wrote work. Nothing depends on a
 * notification arriving: a node killed between its commit and the notification, a listener
 * reconnecting after a database restart, or notifications coalesced under load only make the other
 * nodes find the work at their next poll (the engine's idle poll), never lose it. The notifier sends at
 * most one notification per kind every {@code minGap}, so a busy node does not flood the database's
 * notification queue (a busy node's peers are claiming without waiting anyway).
 */
public final class ClusterWakeUps implements AutoCloseable {
    static final String CHANNEL = "finrelay_work";
    private static final Logger log = LoggerFactory.getLogger(ClusterWakeUps.class);

    private final Database db;
    private final String node;
    private final Map<String, Signal> signals;
    private final Duration listenPoll;
    private final Duration minGap;
    private final Object pending = new Object();
    private final java.util.Set<String> kinds = new java.util.LinkedHashSet<>();
    private volatile boolean running;
    private volatile boolean listening;
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private Thread notifier;
    private Thread listener;

    /**
     * @param signals    by kind ({@code outbox}, {@code timers}): raised here, they notify; notified by
     *                   another node, they are woken
     * @param listenPoll how long the listener waits for a notification before it looks whether it should stop
     * @param minGap     the least time between two notifications of one kind from this node
     */
    public ClusterWakeUps(Database db, String node, Map<String, Signal> signals, Duration listenPoll, Duration minGap) {
        this.db = Objects.requireNonNull(db);
        this.node = Objects.requireNonNull(node);
        this.signals = Map.copyOf(signals);
        this.listenPoll = listenPoll;
        this.minGap = minGap;
        for (String kind : this.signals.keySet()) {
            if (kind.contains(" ")) {
                throw new IllegalArgumentException("a kind is one word: '" + kind + "'");
            }
        }
    }

    public synchronized ClusterWakeUps start() {
        if (running) {
            return this;
        }
        running = true;
        signals.forEach((kind, signal) -> signal.onRaise(() -> mark(kind)));
        notifier = Thread.ofPlatform().name("finrelay-notify").daemon().start(this::notifyLoop);
        listener = Thread.ofPlatform().name("finrelay-listen").daemon().start(this::listenLoop);
        return this;
    }

    /** Whether the listener holds its LISTEN now (false while it reconnects: the poll covers that time). */
    public boolean listening() {
        return listening;
    }

    /** How many notifications from other nodes this node has received (for tests and logs). */
    public long received() {
        return received.get();
    }

    private void mark(String kind) {
        synchronized (pending) {
            if (kinds.add(kind)) {
                pending.notifyAll();
            }
        }
    }

    private void notifyLoop() {
        while (running) {
            java.util.List<String> send;
            try {
                synchronized (pending) {
                    while (running && kinds.isEmpty()) {
                        pending.wait();
                    }
                    send = java.util.List.copyOf(kinds);
                    kinds.clear();
                }
                if (!running) {
                    return;
                }
                sendAll(send);
                // Coalesce: whatever is raised during the gap goes out as one notification per kind after it.
                long until = System.nanoTime() + minGap.toNanos();
                synchronized (pending) {
                    for (long left = until - System.nanoTime(); running && left > 0; left = until - System.nanoTime()) {
                        pending.wait(Math.max(1, left / 1_000_000));
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sendAll(java.util.List<String> send) {
        try {
            db.inSystem(c -> {
                try (PreparedStatement notify = c.prepareStatement("select pg_notify(?, ?)")) {
                    for (String kind : send) {
                        notify.setString(1, CHANNEL);
                        notify.setString(2, kind + " " + node);
                        notify.execute();
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            // A hint only: the other nodes find the work at their next poll.
            log.debug("could not notify other nodes of {}: {}", send, e.toString());
        }
    }

    private void listenLoop() {
        boolean warned = false;
        while (running) {
            try (Connection c = db.dataSource().getConnection()) {
                listen(c);
                warned = false;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!warned) {
                    log.warn("node {}: not listening for other nodes' work ({}); polling meanwhile, retrying", node,
                            e.toString());
                    warned = true;
                }
                try {
                    Thread.sleep(listenPoll.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("listen " + CHANNEL);
        }
        listening = true;
        try {
            PGConnection pg = c.unwrap(PGConnection.class);
            while (running) {
                PGNotification[] notifications = pg.getNotifications((int) Math.max(1, listenPoll.toMillis()));
                if (notifications == null) {
                    continue;
                }
                for (PGNotification n : notifications) {
                    deliver(n.getParameter());
                }
            }
        } finally {
            listening = false;
            // The connection goes back to the pool: it must not keep listening for its next borrower.
            try (Statement s = c.createStatement()) {
                s.execute("unlisten *");
            } catch (SQLException e) {
                log.debug("unlisten failed: {}", e.toString());
            }
        }
    }

    private void deliver(String payload) {
        int space = payload.indexOf(' ');
        if (space < 0) {
            return;
        }
        String kind = payload.substring(0, space);
        String from = payload.substring(space + 1);
        Signal signal = signals.get(kind);
        if (signal != null && !from.equals(node)) {
            received.incrementAndGet();
            signal.wake();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        signals.values().forEach(signal -> signal.onRaise(() -> { }));
        synchronized (pending) {
            pending.notifyAll();
        }
        for (Thread thread : new Thread[] {notifier, listener}) {
            if (thread != null) {
                // One waiting for a connection from a database that is going away (the JVM exiting, a restart)
                // would otherwise hold the node's shutdown for the pool's connection timeout.
                thread.interrupt();
            }
        }
        for (Thread thread : new Thread[] {notifier, listener}) {
            if (thread != null) {
                try {
                    thread.join(listenPoll.toMillis() + 5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
