package io.finrelay.server.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that seal secrets, by key id, and the id of the one that seals new values. Old
 * keys stay in the ring so that values sealed under them can still be opened (and re-sealed under
 * the active key: that is key rotation).
 *
 * <p>A key file has one key per line, {@code id=base64-of-32-bytes}; blank lines and lines starting
 * with {@code #} are ignored; the LAST key in the file is the active one, so rotating means appending
 * a line.
 */
public record Keyring(Map<String, SecretKey> keys, String activeKeyId) {
    private static final int KEY_BYTES = 32;

    public Keyring {
        keys = Map.copyOf(keys);
        Objects.requireNonNull(activeKeyId, "activeKeyId");
        if (!keys.containsKey(activeKeyId)) {
            throw new IllegalArgumentException("the active key " + activeKeyId + " is not in the keyring " + keys.keySet());
        }
        keys.forEach((id, key) -> {
            if (!id.matches("[A-Za-z0-9_.-]{1,40}")) {
                throw new IllegalArgumentException("key id '" + id + "' must be 1-40 letters, digits, '.', '_' or '-'");
            }
            if (key.getEncoded().length != KEY_BYTES) {
                throw new IllegalArgumentException("key " + id + " must be 32 bytes (AES-256), is " + key.getEncoded().length);
            }
        });
    }

    public SecretKey active() {
        return keys.get(activeKeyId);
    }

    /** Parses {@code id=base64} lines; {@code source} names the file in errors (with the line number). */
    public static Keyring parse(List<String> lines, String source) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        String last = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected id=base64-key");
            }
            String id = line.substring(0, eq).strip();
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(line.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": key " + id + " is not base64");
            }
            if (bytes.length != KEY_BYTES) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": key " + id + " must be 32 bytes, is " + bytes.length);
            }
            if (keys.put(id, new SecretKeySpec(bytes, "AES")) != null) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": key id " + id + " appears twice");
            }
            last = id;
        }
        if (last == null) {
            throw new IllegalArgumentException(source + ": no key");
        }
        return new Keyring(keys, last);
    }

    /** Reads a key file, creating it (readable by its owner only) with one fresh key if it does not exist. */
    public static Keyring fromFile(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] key = new byte[KEY_BYTES];
                random.nextBytes(key);
                String content = "# Finrelay secrets keyring: id=base64 AES-256 key; the last line seals new values.\n"
                        + "k1=" + Base64.getEncoder().encodeToString(key) + "\n";
                Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a non-POSIX file system keeps its own default permissions
                }
            }
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secrets key file " + file, e);
        }
    }
}
