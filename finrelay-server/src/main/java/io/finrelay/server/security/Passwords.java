package io.finrelay.server.security;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashing with Spring Security's BCrypt (cost 10, salted, a library and no hand-made crypto).
 * A login for an unknown username still checks a password against a fixed hash, so that the
 * answer's timing does not tell which usernames exist.
 */
@Component
public class Passwords {
    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 72; // BCrypt reads at most 72 bytes; a longer password would be cut silently

    private final PasswordEncoder encoder = new BCryptPasswordEncoder(10);
    private final String decoy = encoder.encode("finrelay-decoy-password-for-timing");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the same time as a real check, for a username that does not exist. */
    public void decoy(String password) {
        encoder.matches(password, decoy);
    }
}
