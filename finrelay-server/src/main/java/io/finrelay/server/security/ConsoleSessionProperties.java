package io.finrelay.server.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a console session lives ({@code finrelay.console.session.*}).
 *
 * @param idle         a session not used for this long ends (each use moves its end this far ahead)
 * @param maxAge       a session ends this long after its sign-in, however busy; the person signs in again
 * @param refreshAfter how old the session's cookie must be before a request renews it (not on every request:
 *                     a renewal is a signature)
 */
@ConfigurationProperties("finrelay.console.session")
public record ConsoleSessionProperties(@DefaultValue("30m") Duration idle, @DefaultValue("8h") Duration maxAge,
                                       @DefaultValue("1m") Duration refreshAfter) {
    public ConsoleSessionProperties {
        if (idle.isNegative() || idle.isZero() || maxAge.compareTo(idle) < 0 || refreshAfter.isNegative()
                || refreshAfter.compareTo(idle) >= 0) {
            throw new IllegalArgumentException("finrelay.console.session: want 0 < idle <= max-age and 0 <= refresh-after < idle");
        }
    }
}
