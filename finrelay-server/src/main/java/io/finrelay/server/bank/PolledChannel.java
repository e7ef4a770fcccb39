package io.finrelay.server.bank;

import io.finrelay.formats.channel.DirectoryChannel;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.formats.channel.SftpChannel;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured bank connection, ready to poll: its channel (directory or SFTP) over the JDBC
 * ledger and sink. {@link #poll()} takes in what is waiting and answers what the ledger recorded.
 */
public final class PolledChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolledChannel.class);

    private final BankProperties.Channel config;
    private final JdbcBankFiles files;
    private final Supplier<List<ReceivedFile>> channel;
    private final Runnable closer;

    PolledChannel(BankProperties.Channel config, JdbcBankFiles files, DirectoryChannel directory) {
        this(config, files, directory::poll, () -> { });
    }

    PolledChannel(BankProperties.Channel config, JdbcBankFiles files, SftpChannel sftp) {
        this(config, files, sftp::poll, sftp::close);
    }

    private PolledChannel(BankProperties.Channel config, JdbcBankFiles files, Supplier<List<ReceivedFile>> channel,
                          Runnable closer) {
        this.config = Objects.requireNonNull(config);
        this.files = Objects.requireNonNull(files);
        this.channel = channel;
        this.closer = closer;
    }

    public BankProperties.Channel config() {
        return config;
    }

    /**
     * Takes in every complete file waiting on the channel. Answers the ledger's records as written:
     * a file that lost a race with another node shows as DUPLICATE here even though the channel's
     * processor thought it imported it. A failure (database, channel) leaves the failing file where
     * it is, for the next poll; what was recorded before it is logged.
     */
    public synchronized List<ReceivedFile> poll() {
        files.drainRecorded();
        try {
            channel.get();
        } finally {
            files.rollbackOpenUnit();
            for (ReceivedFile file : files.recordedSoFar()) {
                log.info("bank file {} on {}: {} ({} statements, {} lines){}", file.name(), config.name(), file.status(),
                        file.statements(), file.lines(), file.problems().isEmpty() ? "" : " " + file.problems());
            }
        }
        return files.drainRecorded();
    }

    @Override
    public void close() {
        closer.run();
    }
}
