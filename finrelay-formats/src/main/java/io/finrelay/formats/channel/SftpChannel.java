package io.finrelay.formats.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * A bank's (or a supplier's) SFTP server as a channel: files are downloaded from the remote inbox into a
 * local staging folder, taken in by the same {@link FileTaker} as the directory channel, then
 * moved on the server to the archive or quarantine folder. Outbound files are uploaded under a
 * hidden temporary name and renamed, so the bank never picks up half a file.
 *
 * <p>The server's host key is pinned: a server presenting another key is refused.
 */
public final class SftpChannel implements AutoCloseable {
    private final Config config;
    private final InboundFileProcessor processor;
    private final SshClient client;

    /**
     * @param hostKey the server's public key as agreed with the bank (pinned)
     * @param staging a local folder for downloads, emptied after each file
     */
    public record Config(String host, int port, String user, String password, PublicKey hostKey, String inbox,
            String archive, String quarantine, String outbox, Path staging, Duration timeout) {
    }

    public SftpChannel(Config config, InboundFileProcessor processor) {
        this.config = config;
        this.processor = processor;
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new RequiredServerKeyVerifier(config.hostKey()));
        client.start();
    }

    /** Takes in every complete file of the remote inbox; returns what happened to each. */
    public List<ReceivedFile> poll() {
        return poll(processor);
    }

    /**
     * Takes in every complete file of the remote inbox with {@code taker} and moves each, on the server, to
     * the archive or (refused) the quarantine, the reason uploaded beside it; returns what happened to each.
     */
    public <R> List<R> poll(FileTaker<R> taker) {
        try (ClientSession session = session(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            Files.createDirectories(config.staging());
            List<String> names = new ArrayList<>();
            for (SftpClient.DirEntry entry : sftp.readDir(config.inbox())) {
                if (entry.getAttributes().isRegularFile() && DirectoryChannel.ready(entry.getFilename())) {
                    names.add(entry.getFilename());
                }
            }
            names.sort(null);
            List<R> results = new ArrayList<>();
            for (String name : names) {
                results.add(take(sftp, name, taker));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException("SFTP poll of " + config.host() + ":" + config.port() + " failed", e);
        }
    }

    private <R> R take(SftpClient sftp, String name, FileTaker<R> taker) throws IOException {
        Path local = config.staging().resolve(name);
        String remote = config.inbox() + "/" + name;
        try (InputStream in = sftp.read(remote)) {
            Files.copy(in, local, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            R result = taker.take(name, local);
            List<String> refusal = taker.refusal(result);
            String folder = refusal.isEmpty() ? config.archive() : config.quarantine();
            String target = free(sftp, folder, name, taker.sha256(result));
            sftp.rename(remote, target);
            if (!refusal.isEmpty()) {
                upload(sftp, target + ".reason.txt", (String.join("\n", refusal) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return result;
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** Uploads under a hidden temporary name, then renames: the bank sees the whole file or none. */
    public void send(String name, byte[] content) {
        DirectoryChannel.checkName(name);
        try (ClientSession session = session(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            String temp = config.outbox() + "/." + name + ".tmp";
            upload(sftp, temp, content);
            sftp.rename(temp, config.outbox() + "/" + name);
        } catch (IOException e) {
            throw new UncheckedIOException("SFTP upload of " + name + " to " + config.host() + " failed", e);
        }
    }

    private static void upload(SftpClient sftp, String path, byte[] content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content);
        }
    }

    private static String free(SftpClient sftp, String folder, String name, String sha256) throws IOException {
        String target = folder + "/" + name;
        for (int n = 1; exists(sftp, target); n++) {
            target = folder + "/" + name + "." + sha256.substring(0, 12) + (n > 1 ? "." + n : "");
        }
        return target;
    }

    private static boolean exists(SftpClient sftp, String path) throws IOException {
        try {
            sftp.stat(path);
            return true;
        } catch (org.apache.sshd.sftp.common.SftpException e) {
            if (e.getStatus() == org.apache.sshd.sftp.common.SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private ClientSession session() throws IOException {
        ClientSession session = client.connect(config.user(), config.host(), config.port())
                .verify(config.timeout()).getSession();
        try {
            session.addPasswordIdentity(config.password());
            session.auth().verify(config.timeout());
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
