package io.finrelay.server.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a Standard Webhooks signature: {@code webhook-signature} holds one or more space-separated
 * {@code v1,<base64>} values, each an HMAC-SHA256 over {@code webhook-id.webhook-timestamp.body} with
 * the base64-decoded part of the {@code whsec_} secret; the timestamp must be within the tolerance of
 * now (both ways) so that a captured request cannot be replayed later. Compared in constant time.
 * The same code signs what Finrelay sends (the monitors' webhooks to a tenant's operations tool).
 */
public final class WebhookSignature {
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {}

    /** Empty if the request is authentic and fresh; otherwise why not (for the log, never the caller). */
    public static Optional<String> problem(String secret, String id, String timestamp, String signatures, byte[] body,
                                           Instant now) {
        if (id == null || id.isBlank() || timestamp == null || signatures == null || secret == null) {
            return Optional.of("webhook-id, webhook-timestamp and webhook-signature are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of("webhook-timestamp is not Unix seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > TOLERANCE.toSeconds()) {
            return Optional.of("webhook-timestamp is outside the tolerance of " + TOLERANCE);
        }
        byte[] expected = hmac(secret, id + "." + timestamp.trim() + ".", body);
        for (String candidate : signatures.trim().split(" ")) {
            if (!candidate.startsWith("v1,")) {
                continue;
            }
            try {
                byte[] given = Base64.getDecoder().decode(candidate.substring(3));
                if (MessageDigest.isEqual(expected, given)) {
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                // Not base64: not a match; try the next one.
            }
        }
        return Optional.of("no v1 signature matches");
    }

    /** The header value for a body (for senders and tests). */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id + "." + timestamp + ".", body));
    }

    private static byte[] hmac(String secret, String prefix, byte[] body) {
        try {
            String key = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
