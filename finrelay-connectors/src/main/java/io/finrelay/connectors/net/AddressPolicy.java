package io.finrelay.connectors.net;

import java.net.InetAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Which peer addresses an outbound call may reach, asked again right before every call (a host's DNS
 * answer can change after its URL was accepted). The connectors carry no policy of their own: an
 * application installs one ({@link #install}); until then every address is allowed. A refusal is
 * never worth retrying: the callers turn it into a permanent failure.
 *
 * <p>The check before a call and the HTTP client's connection resolve the host separately, so a name
 * could answer a public address to the check and a private one to the connection (DNS rebinding). A host
 * that passed {@link #check} is therefore remembered, and {@link CheckedHostsResolverProvider}, the JVM's
 * name resolver, drops every address {@link #refusal(String, InetAddress)} refuses from that host's
 * later answers: the connection reaches only addresses the policy allows, or nothing.
 */
@FunctionalInterface
public interface AddressPolicy {
    /** Why the call to {@code url} must not be made, or empty when it may. */
    Optional<String> refusal(URI url);

    /**
     * Why {@code host} may not be reached at {@code address}, asked when a host that passed the check is
     * resolved again to connect; empty when it may (the default: a policy judging URLs only).
     */
    default Optional<String> refusal(String host, InetAddress address) {
        return Optional.empty();
    }

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
        CheckedHostsResolverProvider.remember(url.getHost());
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
