package io.finrelay.server.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals secrets and sensitive values at rest with AES-256-GCM (the JDK's own implementation).
 *
 * <p>A sealed value is text: {@code enc:v1:<key id>:<base64(12-byte nonce | ciphertext | tag)>}, so
 * the key id travels with each value and a rotated keyring still opens old values. The
 * {@code context} (for example {@code tenant/<id>/connector/tryton/password}) is bound as associated
 * data: a value copied into another tenant's row or another field does not open.
 */
public final class SecretBox {
    static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Keyring keyring;
    private final SecureRandom random;

    public SecretBox(Keyring keyring, SecureRandom random) {
        this.keyring = Objects.requireNonNull(keyring);
        this.random = Objects.requireNonNull(random);
    }

    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    public String activeKeyId() {
        return keyring.activeKeyId();
    }

    /** How every value sealed under the active key starts (to find values a rotation has left behind). */
    public String activePrefix() {
        return PREFIX + keyring.activeKeyId() + ":";
    }

    /** Seals {@code plaintext} under the active key, bound to {@code context}. */
    public String seal(String plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keyring.active(), nonce, context, plaintext.getBytes(StandardCharsets.UTF_8));
        ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
        return PREFIX + keyring.activeKeyId() + ":" + Base64.getEncoder().encodeToString(out.array());
    }

    /** Opens a value sealed by {@link #seal} with the same {@code context}; throws {@link SecretException} otherwise. */
    public String open(String sealed, String context) {
        if (!isSealed(sealed)) {
            throw new SecretException("not a sealed value (expected " + PREFIX + "...)");
        }
        String rest = sealed.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            throw new SecretException("a sealed value has no key id");
        }
        String keyId = rest.substring(0, colon);
        SecretKey key = keyring.keys().get(keyId);
        if (key == null) {
            throw new SecretException("value sealed under key " + keyId + ", which is not in the keyring");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(rest.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new SecretException("a sealed value is not base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretException("a sealed value is too short");
        }
        byte[] nonce = java.util.Arrays.copyOf(bytes, NONCE_BYTES);
        byte[] body = java.util.Arrays.copyOfRange(bytes, NONCE_BYTES, bytes.length);
        return new String(crypt(Cipher.DECRYPT_MODE, key, nonce, context, body), StandardCharsets.UTF_8);
    }

    /** The key id a sealed value names. */
    public static String keyIdOf(String sealed) {
        if (!isSealed(sealed)) {
            throw new SecretException("not a sealed value");
        }
        String rest = sealed.substring(PREFIX.length());
        return rest.substring(0, Math.max(0, rest.indexOf(':')));
    }

    /** Re-seals under the active key (key rotation); a value already under it is returned as is. */
    public String reseal(String sealed, String context) {
        return keyIdOf(sealed).equals(keyring.activeKeyId()) ? sealed : seal(open(sealed, context), context);
    }

    /**
     * One cipher object per thread, initialised afresh (key, nonce, mode) for every value: looking the
     * transformation up among the security providers cost more than sealing a short value.
     */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    });

    private static byte[] crypt(int mode, SecretKey key, byte[] nonce, String context, byte[] input) {
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(Objects.requireNonNull(context, "context").getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new SecretException("a sealed value does not open: wrong key, wrong context, or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    /** A value that cannot be opened. The message never contains the value. */
    public static final class SecretException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SecretException(String message) {
            super(message);
        }
    }
}
