package io.finrelay.server.invoice;

import io.finrelay.engine.db.Database;
import io.finrelay.formats.channel.DirectoryChannel;
import io.finrelay.formats.channel.SftpChannel;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.bank.BankChannels;
import io.finrelay.server.bank.BankProperties;
import io.finrelay.server.bank.ChannelLock;
import io.finrelay.server.bank.ChannelSchedule;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import io.finrelay.server.web.JsonBodyCheck;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
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
    private final ChannelSchedule<InvoiceChannel> schedule = new ChannelSchedule<>("supplier-invoice channel", log);

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
    public void start() {
        schedule.start(properties.channels(), "finrelay.supplier-invoices.channels", this::open, this::pollExclusively);
    }

    @Override
    public void stop() {
        schedule.stop();
    }

    @Override
    public boolean isRunning() {
        return schedule.isRunning();
    }
}
