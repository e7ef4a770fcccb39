package io.finrelay.formats.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finrelay.formats.Golden;
import io.finrelay.formats.Payments;
import io.finrelay.formats.channel.ReceivedFile.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFTP channel against a real SFTP server (Apache MINA SSHD, embedded, on a free port). */
class SftpChannelIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T18:05:00Z"), ZoneOffset.UTC);
    @TempDir
    Path serverRoot;
    @TempDir
    Path staging;
    private SshServer server;
    private PublicKey hostKey;
    private final RecordingSink sink = new RecordingSink();

    @BeforeEach
    void startServer() throws Exception {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        KeyPairProvider keys = new SimpleGeneratorHostKeyProvider();
        server.setKeyPairProvider(keys);
        server.setPasswordAuthenticator((user, password, session) -> "bank".equals(user) && "s3cret".equals(password));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(serverRoot));
        server.start();
        hostKey = keys.loadKeys(null).iterator().next().getPublic();
        for (String dir : List.of("in", "archive", "quarantine", "out")) {
            Files.createDirectories(serverRoot.resolve(dir));
        }
    }

    @AfterEach
    void stopServer() throws IOException {
        server.stop(true);
    }

    private SftpChannel channel(PublicKey pinned) {
        var config = new SftpChannel.Config("127.0.0.1", server.getPort(), "bank", "s3cret", pinned, "in", "archive",
                "quarantine", "out", staging.resolve("sftp"), Duration.ofSeconds(10));
        return new SftpChannel(config, new InboundFileProcessor(Payments.TENANT, "bank-sftp",
                new ReceivedFileLedger.InMemory(), sink, CLOCK));
    }

    @Test
    void picksUpArchivesQuarantinesAndSendsAtomically() throws IOException {
        Files.write(serverRoot.resolve("in/1-camt053.xml"), Golden.bytes("own/camt/finrelay-camt053-v08-features.xml"));
        Files.write(serverRoot.resolve("in/2-again.xml"), Golden.bytes("own/camt/finrelay-camt053-v08-features.xml"));
        Files.write(serverRoot.resolve("in/3-bai2.txt"), Golden.bytes("own/bai2/finrelay-bai2-features.txt"));
        Files.writeString(serverRoot.resolve("in/4-broken.sta"), ":20:X\r\n:25:Y\r\n:60F:C240101EUR1,00\r\n:61:24");
        Files.writeString(serverRoot.resolve("in/5-upload.part"), "01,");

        try (SftpChannel channel = channel(hostKey)) {
            List<ReceivedFile> results = channel.poll();
            assertThat(results).extracting(ReceivedFile::status)
                    .containsExactly(Status.IMPORTED, Status.DUPLICATE, Status.IMPORTED, Status.REJECTED);
            assertThat(results.get(3).problems().get(0)).startsWith("4-broken.sta, line 4, at :61:");
            assertThat(channel.poll()).isEmpty();

            channel.send("pain001-FR-1.xml", "<Document/>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(DirectoryChannelTest.names(serverRoot.resolve("in"))).containsExactly("5-upload.part");
        assertThat(DirectoryChannelTest.names(serverRoot.resolve("archive")))
                .containsExactly("1-camt053.xml", "2-again.xml", "3-bai2.txt");
        assertThat(DirectoryChannelTest.names(serverRoot.resolve("quarantine")))
                .containsExactly("4-broken.sta", "4-broken.sta.reason.txt");
        assertThat(DirectoryChannelTest.names(serverRoot.resolve("out"))).containsExactly("pain001-FR-1.xml");
        assertThat(sink.committedLines).hasSize(6 + 4);
        assertThat(DirectoryChannelTest.names(staging.resolve("sftp"))).isEmpty();
    }

    @Test
    void refusesAServerWithAnotherHostKey() throws Exception {
        PublicKey other = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        try (SftpChannel channel = channel(other)) {
            assertThatThrownBy(channel::poll).isInstanceOf(RuntimeException.class);
        }
    }
}
