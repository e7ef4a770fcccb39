package io.finrelay.server.bank;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.Database;
import io.finrelay.formats.channel.ReceivedFile;
import io.finrelay.formats.channel.ReceivedFile.Status;
import io.finrelay.server.ServerIT;
import io.finrelay.server.security.Access;
import io.finrelay.testkit.StepClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** Channels built from configuration: the scheduler polls a directory by itself; SFTP with a pinned host key. */
class BankChannelsIT extends ServerIT {
    private static final String VALID = "viafintech-camt_parser__valid_example.xml";

    @Autowired
    Access access;
    @Autowired
    BankFileImports imports;
    @Autowired
    Database db;

    @TempDir
    Path root;

    private final StepClock clock = StepClock.at("2026-03-02T08:00:00Z");

    @Test
    void aConfiguredDirectoryChannelIsPolledByItself() throws IOException {
        TestTenant tenant = newTenant("Scheduled");
        var config = new BankProperties.Channel(UUID.fromString(tenant.id()), "house-bank", BankProperties.Type.DIRECTORY,
                root, null, 22, null, null, null, ".", Duration.ofMillis(20));
        BankChannels channels = new BankChannels(new BankProperties(List.of(config), DataSize.ofMegabytes(256)), access, imports, clock, db);
        Files.createDirectories(root.resolve("inbox"));
        Files.write(root.resolve("inbox/stmt.xml"), sample());

        channels.start();
        try {
            assertThat(channels.isRunning()).isTrue();
            awaitUntil(() -> Files.exists(root.resolve("archive/stmt.xml")));
            // The next polls find the same content again under another name: a duplicate, never a second import.
            Files.write(root.resolve("inbox/stmt-again.xml"), sample());
            awaitUntil(() -> Files.exists(root.resolve("archive/stmt-again.xml")));
        } finally {
            channels.stop();
        }
        assertThat(channels.isRunning()).isFalse();
        var items = get(tenant.path("/bank-files"), tenant.adminKey()).body().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("status").asText()).isEqualTo("DUPLICATE");
        assertThat(items.get(1).get("status").asText()).isEqualTo("IMPORTED");
    }

    @Test
    void aChannelAnotherNodeIsPollingIsLeftAloneUntilThatPollEnds() throws Exception {
        TestTenant tenant = newTenant("Twonodes");
        var config = new BankProperties.Channel(UUID.fromString(tenant.id()), "house-bank", BankProperties.Type.DIRECTORY,
                root, null, 22, null, null, null, ".", Duration.ofMinutes(5));
        BankChannels channels = new BankChannels(new BankProperties(List.of(config), DataSize.ofMegabytes(256)), access, imports, clock, db);
        Files.createDirectories(root.resolve("inbox"));
        Files.write(root.resolve("inbox/stmt.xml"), sample());

        java.sql.Connection otherNode = db.dataSource().getConnection();
        try (PolledChannel channel = channels.open(config, clock)) {
            // Another node's poll of the same tenant and connection holds the channel's lock in its session.
            otherNode.setAutoCommit(true);
            try (var lock = otherNode.prepareStatement("select pg_advisory_lock(hashtextextended(?, 0))")) {
                lock.setString(1, BankChannels.lockName(config));
                lock.execute();
            }
            assertThat(channels.pollExclusively(channel)).as("this node skips its turn").isEmpty();
            assertThat(root.resolve("inbox/stmt.xml")).as("and touches no file").exists();

            // That poll ends (or that node dies: PostgreSQL drops a session's locks with it).
            otherNode.close();
            assertThat(channels.pollExclusively(channel)).hasValueSatisfying(files ->
                    assertThat(files).extracting(ReceivedFile::status).containsExactly(Status.IMPORTED));
        } finally {
            otherNode.close();
        }
        assertThat(root.resolve("archive/stmt.xml")).exists();
    }

    @Test
    void anSftpChannelFromConfigurationTakesFilesInOnce() throws Exception {
        TestTenant tenant = newTenant("Sftp");
        Path server = root.resolve("server");
        for (String dir : List.of("acme/inbox", "acme/archive", "acme/quarantine", "acme/outbox")) {
            Files.createDirectories(server.resolve(dir));
        }
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        KeyPairProvider keys = new SimpleGeneratorHostKeyProvider();
        sshd.setKeyPairProvider(keys);
        sshd.setPasswordAuthenticator((user, password, session) -> "acme".equals(user) && "s3cret".equals(password));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(server));
        sshd.start();
        try {
            PublicKey hostKey = keys.loadKeys(null).iterator().next().getPublic();
            var config = new BankProperties.Channel(UUID.fromString(tenant.id()), "sftp-bank", BankProperties.Type.SFTP,
                    root.resolve("staging"), "127.0.0.1", sshd.getPort(), "acme", "s3cret", PublicKeyEntry.toString(hostKey),
                    "acme", Duration.ofMinutes(5));
            BankChannels channels = new BankChannels(new BankProperties(List.of(config), DataSize.ofMegabytes(256)), access, imports, clock, db);
            Files.write(server.resolve("acme/inbox/1.xml"), sample());
            Files.write(server.resolve("acme/inbox/2.xml"), sample());

            try (PolledChannel channel = channels.open(config, clock)) {
                assertThat(channel.poll()).extracting(ReceivedFile::status).containsExactly(Status.IMPORTED, Status.DUPLICATE);
                assertThat(channel.poll()).isEmpty();
            }
            assertThat(server.resolve("acme/archive/1.xml")).exists();
            assertThat(server.resolve("acme/archive/2.xml")).exists();
            assertThat(get(tenant.path("/bank-files?status=IMPORTED"), tenant.adminKey()).body().get("items")).hasSize(1);
        } finally {
            sshd.stop(true);
        }
    }

    /** Waits for a condition the scheduler's thread makes true, up to a generous limit. */
    private static void awaitUntil(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static byte[] sample() {
        try (InputStream in = BankChannelsIT.class.getResourceAsStream(VALID)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
