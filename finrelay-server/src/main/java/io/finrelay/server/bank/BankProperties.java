package io.finrelay.server.bank;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The bank connections this node polls ({@code finrelay.bank.channels}). Empty by default: then no
 * poller runs. The README's "Bank files" section shows an example. {@code maxUploadBytes} is the
 * largest bank file the API takes ({@code POST .../bank-files}; the API's other requests are held to
 * {@code finrelay.api.max-request-bytes}).
 */
@ConfigurationProperties("finrelay.bank")
public record BankProperties(@DefaultValue List<Channel> channels, @DefaultValue("256MB") DataSize maxUploadBytes) {

    public BankProperties {
        channels = List.copyOf(channels);
        if (maxUploadBytes == null || maxUploadBytes.toBytes() < 1) {
            throw new IllegalArgumentException("finrelay.bank.max-upload-bytes must be positive: " + maxUploadBytes);
        }
        long names = channels.stream().map(c -> c.tenantId() + "/" + c.connection()).distinct().count();
        if (names != channels.size()) {
            throw new IllegalArgumentException("finrelay.bank.channels: a tenant's connection names must be unique");
        }
    }

    public enum Type { DIRECTORY, SFTP }

    /**
     * One bank connection of one tenant.
     *
     * @param connection   the tenant's name for the connection (e.g. {@code deutsche-bank-main}); files
     *                     are deduplicated per tenant (whichever connection or upload brought them)
     * @param path         directory: the channel's root ({@code inbox/}, {@code archive/}, {@code quarantine/},
     *                     {@code outbox/} below it); sftp: the local staging folder (default: a folder under
     *                     the system's temp directory)
     * @param secret       sftp: the password
     * @param hostKey      sftp: the server's public key as one OpenSSH line ({@code ssh-ed25519 AAAA...}); pinned
     * @param remoteDir    sftp: the folder holding {@code inbox}, {@code archive}, {@code quarantine}, {@code outbox}
     * @param pollInterval time between the end of one poll and the start of the next
     */
    public record Channel(UUID tenantId, String connection, Type type, Path path, String host,
                          @DefaultValue("22") int port, String user, String secret, String hostKey,
                          @DefaultValue(".") String remoteDir, @DefaultValue("1m") Duration pollInterval) {

        public Channel {
            Objects.requireNonNull(tenantId, "finrelay.bank.channels[].tenant-id is required");
            Objects.requireNonNull(type, "finrelay.bank.channels[].type (directory or sftp) is required");
            if (connection == null || !connection.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
                throw new IllegalArgumentException("finrelay.bank.channels[].connection must be 1-63 of a-z 0-9 . _ - "
                        + "(starting with a letter or digit): '" + connection + "'");
            }
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException(name(tenantId, connection) + ": poll-interval must be positive");
            }
            if (type == Type.DIRECTORY && path == null) {
                throw new IllegalArgumentException(name(tenantId, connection) + ": a directory channel needs a path");
            }
            if (type == Type.SFTP && (blank(host) || blank(user) || blank(secret) || blank(hostKey))) {
                throw new IllegalArgumentException(name(tenantId, connection)
                        + ": an sftp channel needs host, user, secret and host-key");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(name(tenantId, connection) + ": port out of range: " + port);
            }
        }

        /** For logs: tenant and connection. */
        public String name() {
            return name(tenantId, connection);
        }

        private static String name(UUID tenantId, String connection) {
            return tenantId + "/" + connection;
        }

        private static boolean blank(String text) {
            return text == null || text.isBlank();
        }

        @Override
        public String toString() {
            return "Channel[" + name() + " " + type + (type == Type.SFTP ? " " + user + "@" + host + ":" + port : " " + path)
                    + " every " + pollInterval + "]";
        }
    }
}
