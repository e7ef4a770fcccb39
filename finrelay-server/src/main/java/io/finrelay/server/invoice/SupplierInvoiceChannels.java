package io.finrelay.server.invoice;

import io.finrelay.engine.FailurePause;
import io.finrelay.engine.db.Database;
import io.finrelay.formats.channel.DirectoryChannel;
import io.finrelay.formats.channel.SftpChannel;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.bank.BankChannels;
import io.finrelay.server.bank.BankProperties;
import io.finrelay.server.bank.ChannelLock;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.JsonBodyCheck;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Supplier invoices by file (issue 11): each tenant's configured channel
 * ({@code finrelay.supplier-invoices.channels}), a watched directory or an SFTP server, is polled as the
 * bank channels are ({@link BankChannels}): the same {@link DirectoryChannel} / {@link SftpChannel}
 * (inbox, archive, quarantine with a reason file), one poller per channel across nodes under the same
 * {@link ChannelLock}, opened at its first poll, a failing poll paused and tried again. Each file goes
 * through {@link SupplierInvoiceFiles}, the path of an API upload. Off when no channel is configured.
 */
@Component
public class SupplierInvoiceChannels implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(SupplierInvoiceChannels.class);

    private final SupplierInvoiceChannelProperties properties;
    private final Access access;
    private final SupplierInvoices invoices;
    private final InvoiceWorkflow workflow;
    private final JsonBodyCheck jsonBody;
    private final Database db;
    private final Clock clock;
    private final List<Scheduled> scheduled = new ArrayList<>();
    private ScheduledExecutorService scheduler;

    public SupplierInvoiceChannels(SupplierInvoiceChannelProperties properties, Access access, SupplierInvoices invoices,
                                   InvoiceWorkflow workflow, JsonBodyCheck jsonBody, Database db, Clock clock) {
        this.properties = properties;
        this.access = access;
        this.invoices = invoices;
        this.workflow = workflow;
        this.jsonBody = jsonBody;
        this.db = db;
        this.clock = clock;
    }

    /** One opened channel: {@link #poll()} takes in what waits in its inbox. */
    public static final class InvoiceChannel implements AutoCloseable {
        private final BankProperties.Channel config;
        private final Supplier<List<SupplierInvoiceFiles.InvoiceFile>> poll;
        private final Runnable closer;

        private InvoiceChannel(BankProperties.Channel config, Supplier<List<SupplierInvoiceFiles.InvoiceFile>> poll,
                               Runnable closer) {
            this.config = config;
            this.poll = poll;
            this.closer = closer;
        }

        public BankProperties.Channel config() {
            return config;
        }

        /** Takes in every complete file waiting, oldest name first; a failure leaves the failing file for the next poll. */
        public synchronized List<SupplierInvoiceFiles.InvoiceFile> poll() {
            List<SupplierInvoiceFiles.InvoiceFile> files = poll.get();
            for (SupplierInvoiceFiles.InvoiceFile f : files) {
                log.info("supplier-invoice file {} on {}: {}{}", f.name(), config.name(), f.outcome(),
                        f.violations().isEmpty() ? " " + f.invoiceId() : " " + f.violations());
            }
            return files;
        }

        @Override
        public void close() {
            closer.run();
        }
    }

    /** Opens a channel of this configuration; the caller polls it (the scheduler, or a test) and closes it. */
    public InvoiceChannel open(BankProperties.Channel config) {
        TenantScope scope = access.configured(new TenantId(config.tenantId()), "supplier-invoice channel " + config.connection());
        SupplierInvoiceFiles files = new SupplierInvoiceFiles(scope, config.connection(), properties.maxFileBytes().toBytes(),
                invoices, workflow, jsonBody, db, clock);
        return switch (config.type()) {
            case DIRECTORY -> {
                DirectoryChannel directory = new DirectoryChannel(config.path(), null);
                yield new InvoiceChannel(config, () -> directory.poll(files), () -> { });
            }
            case SFTP -> {
                SftpChannel sftp = new SftpChannel(BankChannels.sftpConfig(config, "finrelay-supplier-invoices"), null);
                yield new InvoiceChannel(config, () -> sftp.poll(files), sftp::close);
            }
        };
    }

    /** Polls the channel unless another node is polling it right now (then empty, and nothing is touched). */
    public Optional<List<SupplierInvoiceFiles.InvoiceFile>> pollExclusively(InvoiceChannel channel) {
        return ChannelLock.ifFree(db.dataSource(), lockName(channel.config()), channel::poll);
    }

    /** The advisory lock's name: one per tenant and connection, apart from the bank channels' names. */
    static String lockName(BankProperties.Channel config) {
        return "supplier-invoice-channel:" + config.tenantId() + ":" + config.connection();
    }

    @Override
    public synchronized void start() {
        if (properties.channels().isEmpty()) {
            log.info("supplier-invoice channels: none configured (finrelay.supplier-invoices.channels), no poller runs");
            return;
        }
        // A wrong host key is a configuration error: refuse to start rather than log it every interval.
        properties.channels().stream().filter(c -> c.type() == BankProperties.Type.SFTP).forEach(BankChannels::hostKey);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "supplier-invoice-channels");
            thread.setDaemon(true);
            return thread;
        });
        for (BankProperties.Channel config : properties.channels()) {
            Scheduled channel = new Scheduled(config);
            scheduled.add(channel);
            scheduler.scheduleWithFixedDelay(channel::run, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            log.info("supplier-invoice channels: polling {}", config);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("supplier-invoice channels: a poll still runs after 30 s; interrupting it");
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

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** The scheduler's view of one channel: opened on first use, never lets an exception end its schedule. */
    private final class Scheduled {
        private final BankProperties.Channel config;
        private final FailurePause failures;
        private InvoiceChannel channel;

        Scheduled(BankProperties.Channel config) {
            this.config = config;
            this.failures = new FailurePause("supplier-invoice channel " + config.name() + " poll", config.pollInterval(),
                    config.pollInterval(), log);
        }

        void run() {
            try {
                if (channel == null) {
                    channel = open(config);
                }
                pollExclusively(channel);
                failures.worked(Clock.systemUTC().instant());
            } catch (RuntimeException e) {
                // The failing file stays in the inbox; the next poll takes it again.
                failures.failed(e, Clock.systemUTC().instant());
            }
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (RuntimeException e) {
                    log.warn("supplier-invoice channel {}: close failed", config.name(), e);
                }
            }
        }
    }
}
