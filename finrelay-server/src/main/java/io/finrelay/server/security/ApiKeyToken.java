package io.finrelay.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key as the caller holds it: {@code frk_<prefix>_<secret>}. The prefix (12 hex characters)
 * finds the stored row; only the SHA-256 of the whole token is stored. The secret is 256 random bits,
 * so a plain (unsalted, fast) hash is enough: there is no dictionary to guess from.
 */
public record ApiKeyToken(String prefix, String secret) {
    private static final Pattern FORMAT = Pattern.compile("frk_([0-9a-z]{8,32})_([0-9A-Za-z]{32,128})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKeyToken generate() {
        byte[] prefix = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(prefix);
        RANDOM.nextBytes(secret);
        return new ApiKeyToken(HexFormat.of().formatHex(prefix), HexFormat.of().formatHex(secret));
    }

    public static Optional<ApiKeyToken> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(text.trim());
        return m.matches() ? Optional.of(new ApiKeyToken(m.group(1), m.group(2))) : Optional.empty();
    }

    public String token() {
        return "frk_" + prefix + "_" + secret;
    }

    public byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public boolean matches(byte[] storedHash) {
        return MessageDigest.isEqual(hash(), storedHash);
    }

    @Override
    public String toString() {
        return "frk_" + prefix + "_***";
    }
}
