package io.finrelay.connectors.net;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Which peer addresses an outbound call may reach, asked again right before every call (a host's DNS
 * answer can change after its URL was accepted). The connectors carry no policy of their own: an
 * application installs one ({@link #install}); until then every address is allowed. A refusal is
 * never worth retrying: the callers turn it into a permanent failure.
 */
@FunctionalInterface
public interface AddressPolicy {
    /** Why the call to {@code url} must not be made, or empty when it may. */
    Optional<String> refusal(URI url);

    AddressPolicy ALLOW_ALL = url -> Optional.empty();

    /** Installs the policy every connector consults from now on. */
    static void install(AddressPolicy policy) {
        Installed.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The installed policy. */
    static AddressPolicy current() {
        return Installed.policy;
    }

    /** The policy's refusal of {@code url} as an exception, for callers that classify failures. */
    static void check(URI url) throws Refused {
        Optional<String> refusal = current().refusal(url);
        if (refusal.isPresent()) {
            throw new Refused(url.getHost() + " may not be called: " + refusal.get());
        }
    }

    /**
     * An I/O failure in words a tenant may read (it ends in exception reasons and API answers): the
     * message, or the kind of failure, never a Java class name.
     */
    static String describe(java.io.IOException e) {
        String message = e.getMessage();
        if (message != null && !message.isBlank() && !message.matches("(?s).*\\b(java|javax|jdk|sun)\\.[a-z].*")) {
            return message;
        }
        return e instanceof java.net.ConnectException ? "connection refused"
                : e instanceof java.net.UnknownHostException ? "unknown host"
                : e instanceof java.io.EOFException ? "connection closed by the peer"
                : "connection failed";
    }

    /** An outbound call the policy refused. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Holder of the installed policy. */
    final class Installed {
        private static volatile AddressPolicy policy = ALLOW_ALL;

        private Installed() {}
    }
}
