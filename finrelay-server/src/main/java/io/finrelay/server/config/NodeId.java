package io.finrelay.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This node's name in the engine's claims. Nodes sharing a database must not share a name (a starting
 * node takes back the claims under its own name), so by default each node makes one up on its first
 * start and keeps it beside its data ({@code node-id}): unique across nodes, the same after a restart,
 * so a restarted node settles the work it had claimed. {@code finrelay.node-id} / {@code FINRELAY_NODE_ID}
 * names it instead (a StatefulSet's pod name, say).
 */
public final class NodeId {
    static final String FILE = "node-id";

    private NodeId() {}

    /** The configured name, or the one kept in {@code dir}, made there on the first start. */
    public static String resolve(String configured, Path dir) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        Path file = dir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                byte[] random = new byte[6];
                new SecureRandom().nextBytes(random);
                try {
                    Files.writeString(Files.createFile(file), "node-" + HexFormat.of().formatHex(random) + "\n",
                            StandardCharsets.UTF_8);
                } catch (FileAlreadyExistsException raced) {
                    // another process of the same data directory wrote it first: use that one
                }
            }
            String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (kept.isEmpty()) {
                throw new IllegalStateException(file + " is empty: delete it to make a new node id, or set finrelay.node-id");
            }
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep this node's id in " + file + ": " + e.getMessage(), e);
        }
    }
}
