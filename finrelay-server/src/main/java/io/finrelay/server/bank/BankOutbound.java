package io.finrelay.server.bank;

import io.finrelay.formats.channel.DirectoryChannel;
import io.finrelay.formats.channel.SftpChannel;
import io.finrelay.model.id.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends files to a tenant's bank (a pain.001): through the tenant's configured connection of that
 * name ({@code finrelay.bank.channels}: the directory channel's {@code outbox/}, or the SFTP server's
 * outbox folder), else into {@code <finrelay.bank.outbound-dir>/<tenant>/<connection>/outbox/}, where a
 * person or a bank client picks it up. A file is written whole or not at all, under the name given;
 * a name already written is not written again (a resent command finds its file).
 */
@Component
public class BankOutbound {
    private static final Logger log = LoggerFactory.getLogger(BankOutbound.class);

    /** Where a file went: the connection's kind and the place. */
    public record Sent(String fileName, String where, boolean earlier) {}

    private final BankProperties properties;
    private final Path defaultRoot;

    /** @param outboundDir {@code finrelay.bank.outbound-dir}; empty: {@code finrelay-bank/outbound} under the temp directory */
    public BankOutbound(BankProperties properties, @Value("${finrelay.bank.outbound-dir:}") String outboundDir) {
        this.properties = properties;
        this.defaultRoot = outboundDir == null || outboundDir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "finrelay-bank", "outbound") : Path.of(outboundDir);
    }

    public Sent send(TenantId tenant, String connection, String fileName, byte[] content) {
        Optional<BankProperties.Channel> configured = channel(tenant, connection);
        if (configured.isPresent() && configured.get().type() == BankProperties.Type.SFTP) {
            // The SFTP server's outbox is not listed before the upload: the bank's duplicate check on the
            // message id is what makes a resend harmless there.
            try (SftpChannel sftp = new SftpChannel(BankChannels.sftpConfig(configured.get()), null)) {
                sftp.send(fileName, content);
            }
            log.info("bank file {} sent to {} by SFTP", fileName, configured.get().name());
            return new Sent(fileName, "sftp:" + configured.get().host(), false);
        }
        Path root = configured.map(BankProperties.Channel::path).orElseGet(() -> defaultRoot(tenant, connection));
        DirectoryChannel directory = new DirectoryChannel(root, null);
        if (Files.exists(directory.outbox().resolve(fileName))) {
            return new Sent(fileName, directory.outbox().toString(), true);
        }
        directory.send(fileName, content);
        log.info("bank file {} written to {}", fileName, directory.outbox());
        return new Sent(fileName, directory.outbox().toString(), false);
    }

    /** Whether the file is in the connection's outbox already (for a directory; unknown for SFTP). */
    public Optional<Boolean> sent(TenantId tenant, String connection, String fileName) {
        Optional<BankProperties.Channel> configured = channel(tenant, connection);
        if (configured.isPresent() && configured.get().type() == BankProperties.Type.SFTP) {
            return Optional.empty();
        }
        Path root = configured.map(BankProperties.Channel::path).orElseGet(() -> defaultRoot(tenant, connection));
        return Optional.of(Files.exists(root.resolve("outbox").resolve(fileName)));
    }

    /** The outbox of a connection without configured channel (tests read the files there). */
    public Path defaultOutbox(TenantId tenant, String connection) {
        return defaultRoot(tenant, connection).resolve("outbox");
    }

    private Path defaultRoot(TenantId tenant, String connection) {
        if (!connection.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("not a connection name: '" + connection + "'");
        }
        Path root = defaultRoot.resolve(tenant.value().toString()).resolve(connection);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        return root;
    }

    private Optional<BankProperties.Channel> channel(TenantId tenant, String connection) {
        return properties.channels().stream()
                .filter(c -> c.tenantId().equals(tenant.value()) && c.connection().equals(connection)).findFirst();
    }
}
