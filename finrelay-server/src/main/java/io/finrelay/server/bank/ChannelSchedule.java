package io.finrelay.server.bank;

import io.finrelay.engine.FailurePause;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The schedule every kind of file channel shares (bank files, supplier invoices): one scheduler thread polls each
 * configured channel at its interval with a fixed delay, so a channel's polls never overlap and a slow poll does
 * not pile up. A channel is opened at its first poll, not at start-up (a tenant created after the server started,
 * or an SFTP server that is down, is logged and tried again at the next interval instead of keeping the node from
 * starting), and a failing poll is paused and tried again ({@link FailurePause}: a database outage is logged once
 * until it ends), never ending its schedule. What a channel is, and how it is polled (under its
 * {@link ChannelLock}), belongs to the owner.
 *
 * @param <C> the owner's opened channel
 */
public final class ChannelSchedule<C extends AutoCloseable> {
    private final String kind;
    private final Logger log;
    private final List<Scheduled> scheduled = new ArrayList<>();
    private ScheduledExecutorService scheduler;

    /** {@code kind} names the channels in logs and the thread ("bank channel", "supplier-invoice channel"). */
    public ChannelSchedule(String kind, Logger log) {
        this.kind = kind;
        this.log = log;
    }

    /**
     * Starts polling {@code channels}: {@code open} opens one, {@code poll} polls an opened one. None configured is a
     * quiet no-op ({@code setting} names where they are configured).
     */
    public synchronized void start(List<BankProperties.Channel> channels, String setting,
                                   Function<BankProperties.Channel, C> open, Consumer<C> poll) {
        if (channels.isEmpty()) {
            log.info("{}s: none configured ({}), no poller runs", kind, setting);
            return;
        }
        // A wrong host key is a configuration error: refuse to start rather than log it every interval.
        channels.stream().filter(c -> c.type() == BankProperties.Type.SFTP).forEach(BankChannels::hostKey);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, kind.replace(' ', '-') + "s");
            thread.setDaemon(true);
            return thread;
        });
        for (BankProperties.Channel config : channels) {
            Scheduled channel = new Scheduled(config, open, poll);
            scheduled.add(channel);
            scheduler.scheduleWithFixedDelay(channel::run, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            log.info("{}s: polling {}", kind, config);
        }
    }

    /** Stops polling: a poll under way may finish (30 s), then is interrupted; every opened channel is closed. */
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("{}s: a poll still runs after 30 s; interrupting it (its file is taken again next time)", kind);
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        scheduled.forEach(Scheduled::close);
        scheduled.clear();
        scheduler = null;
    }

    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** The scheduler's view of one channel: opened on first use, never lets an exception end its schedule. */
    private final class Scheduled {
        private final BankProperties.Channel config;
        private final Function<BankProperties.Channel, C> open;
        private final Consumer<C> poll;
        private final FailurePause failures;
        private C channel;

        Scheduled(BankProperties.Channel config, Function<BankProperties.Channel, C> open, Consumer<C> poll) {
            this.config = config;
            this.open = open;
            this.poll = poll;
            this.failures = new FailurePause(kind + " " + config.name() + " poll", config.pollInterval(),
                    config.pollInterval(), log);
        }

        void run() {
            try {
                if (channel == null) {
                    channel = open.apply(config);
                }
                poll.accept(channel);
                failures.worked(Clock.systemUTC().instant());
            } catch (RuntimeException e) {
                // The failing file stays where it was; the next poll (on the channel's schedule) takes it again.
                failures.failed(e, Clock.systemUTC().instant());
            }
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (Exception e) {
                    log.warn("{} {}: close failed", kind, config.name(), e);
                }
            }
        }
    }
}
