package io.finrelay.formats.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A watched directory for one tenant and bank connection: {@code inbox/} where the bank (or its
 * connectivity software) drops files, {@code archive/} for files taken in, {@code quarantine/} for
 * refused ones (with a {@code .reason.txt} beside each), {@code outbox/} for files we send.
 *
 * <p>Files whose name starts with a dot or ends with {@code .tmp}/{@code .part} are still being
 * written and are left alone; our own outbound files appear only by an atomic rename.
 */
public final class DirectoryChannel {
    private final Path inbox;
    private final Path archive;
    private final Path quarantine;
    private final Path outbox;
    private final InboundFileProcessor processor;

    public DirectoryChannel(Path root, InboundFileProcessor processor) {
        this.inbox = root.resolve("inbox");
        this.archive = root.resolve("archive");
        this.quarantine = root.resolve("quarantine");
        this.outbox = root.resolve("outbox");
        this.processor = processor;
        try {
            for (Path dir : List.of(inbox, archive, quarantine, outbox)) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the channel directories under " + root, e);
        }
    }

    /** Takes in every complete file of the inbox, oldest name first; returns what happened to each. */
    public List<ReceivedFile> poll() {
        return poll(processor);
    }

    /**
     * Takes in every complete file of the inbox with {@code taker}, oldest name first, and moves each to
     * the archive or (refused) the quarantine, the reason beside it; returns what happened to each.
     */
    public <R> List<R> poll(FileTaker<R> taker) {
        List<R> results = new ArrayList<>();
        for (Path file : readyFiles()) {
            R result = taker.take(file.getFileName().toString(), file);
            List<String> refusal = taker.refusal(result);
            Path target = moveAway(file, refusal.isEmpty() ? archive : quarantine, taker.sha256(result));
            if (!refusal.isEmpty()) {
                write(target.resolveSibling(target.getFileName() + ".reason.txt"), String.join("\n", refusal) + "\n");
            }
            results.add(result);
        }
        return results;
    }

    /** Writes an outbound file atomically: a hidden temp file in the outbox, then a rename. */
    public Path send(String name, byte[] content) {
        checkName(name);
        Path target = outbox.resolve(name);
        Path temp = outbox.resolve("." + name + ".tmp");
        try {
            Files.write(temp, content);
            return Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    public Path inbox() {
        return inbox;
    }

    public Path archive() {
        return archive;
    }

    public Path quarantine() {
        return quarantine;
    }

    public Path outbox() {
        return outbox;
    }

    private List<Path> readyFiles() {
        try (Stream<Path> list = Files.list(inbox)) {
            return list.filter(Files::isRegularFile).filter(p -> ready(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + inbox, e);
        }
    }

    static boolean ready(String name) {
        return !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part");
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
    }

    /** Moves into a folder; a name taken already (the bank reuses names) gets the content hash added. */
    private static Path moveAway(Path file, Path folder, String sha256) {
        Path target = folder.resolve(file.getFileName());
        for (int n = 1; Files.exists(target); n++) {
            target = folder.resolve(file.getFileName() + "." + sha256.substring(0, 12) + (n > 1 ? "." + n : ""));
        }
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + file + " to " + target, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
