package io.finrelay.server.bank;

import io.finrelay.engine.db.Database;
import io.finrelay.formats.channel.DirectoryChannel;
import io.finrelay.formats.channel.InboundFileProcessor;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.formats.channel.SftpChannel;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.security.Access;
import io.finrelay.server.security.TenantScope;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the configured bank channels by themselves: one scheduler thread polls each channel at its
 * interval (with a fixed delay, so a channel's polls never overlap and a slow poll does not pile up).
 * Off when {@code finrelay.bank.channels} is empty, the default.
 *
 * <p>A channel is opened at its first poll, not at start-up: a tenant created after the server
 * started, or an SFTP server that is down, is logged and tried again at the next interval instead of
 * keeping the node from starting.
 *
 * <p>Every node runs the same configuration, but a channel is polled by one node at a time: a poll
 * holds a PostgreSQL session advisory lock named after the channel's tenant and connection, and a node
 * that finds it held skips its turn (the holder is taking the files in). The file ledger would still
 * import a file once if two nodes read it, but two pollers would race to archive and quarantine the
 * same files. PostgreSQL drops the lock with the session, so a node killed mid-poll holds no channel.
 */
@Component
public class BankChannels implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(BankChannels.class);
    private static final Duration SFTP_TIMEOUT = Duration.ofSeconds(30);

    private final BankProperties properties;
    private final Access access;
    private final BankFileImports imports;
    private final Clock clock;
    private final Database db;
    private final ChannelSchedule<PolledChannel> schedule = new ChannelSchedule<>("bank channel", log);

    public BankChannels(BankProperties properties, Access access, BankFileImports imports, Clock clock, Database db) {
        this.properties = properties;
        this.db = db;
        this.access = access;
        this.imports = imports;
        this.clock = clock;
    }

    /** Opens a channel of this configuration; the caller polls it (the scheduler, or a test) and closes it. */
    public PolledChannel open(BankProperties.Channel config) {
        return open(config, clock);
    }

    /** {@link #open(BankProperties.Channel)} with another clock (tests step theirs). */
    public PolledChannel open(BankProperties.Channel config, Clock clock) {
        TenantScope scope = access.configured(new TenantId(config.tenantId()), "bank channel " + config.connection());
        // Statuses of pain.002 files that a node stopped before handing over are handed over now.
        imports.handOverPaymentStatuses(scope);
        JdbcBankFiles files = imports.ledger(scope, config.connection(), clock);
        InboundFileProcessor processor = imports.processor(scope, config.connection(), files, clock);
        return switch (config.type()) {
            case DIRECTORY -> new PolledChannel(config, files, new DirectoryChannel(config.path(), processor));
            case SFTP -> new PolledChannel(config, files, new SftpChannel(sftpConfig(config), processor));
        };
    }

    /**
     * Polls the channel unless another node is polling it right now (then empty, and nothing is
     * touched): at most one poller per channel across all nodes on the database.
     */
    public Optional<List<ReceivedFile>> pollExclusively(PolledChannel channel) {
        Optional<List<ReceivedFile>> polled = ChannelLock.ifFree(db.dataSource(), lockName(channel.config()), channel::poll);
        if (polled.isEmpty()) {
            log.debug("bank channel {}: another node is polling it, skipping this turn", channel.config().name());
        }
        return polled;
    }

    /** The advisory lock's name: one per tenant and bank connection, whichever node polls. */
    static String lockName(BankProperties.Channel config) {
        return "bank-channel:" + config.tenantId() + ":" + config.connection();
    }

    static SftpChannel.Config sftpConfig(BankProperties.Channel c) {
        return sftpConfig(c, "finrelay-bank");
    }

    /**
     * The SFTP channel of a configured connection: {@code inbox}, {@code archive}, {@code quarantine} and
     * {@code outbox} under its remote folder, the pinned host key; staged in its {@code path}, or else in
     * {@code stagingFolder}/tenant/connection under the system's temp directory.
     */
    public static SftpChannel.Config sftpConfig(BankProperties.Channel c, String stagingFolder) {
        String remote = c.remoteDir().endsWith("/") ? c.remoteDir().substring(0, c.remoteDir().length() - 1) : c.remoteDir();
        Path staging = c.path() != null ? c.path()
                : Path.of(System.getProperty("java.io.tmpdir"), stagingFolder, c.tenantId().toString(), c.connection());
        return new SftpChannel.Config(c.host(), c.port(), c.user(), c.secret(), hostKey(c), remote + "/inbox",
                remote + "/archive", remote + "/quarantine", remote + "/outbox", staging, SFTP_TIMEOUT);
    }

    /** The pinned host key of an SFTP connection; a line that is no OpenSSH public key is a configuration error. */
    public static PublicKey hostKey(BankProperties.Channel c) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(c.hostKey().strip())
                    .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(c.name() + ": host-key is not an OpenSSH public key line: " + e.getMessage(), e);
        }
    }

    @Override
    public void start() {
        schedule.start(properties.channels(), "finrelay.bank.channels", this::open, this::pollExclusively);
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
