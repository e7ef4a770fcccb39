package io.finrelay.connectors.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The JVM's name resolver (JEP 418, registered in {@code META-INF/services}): the built-in one, except
 * that the answers for a host an outbound call has checked ({@link AddressPolicy#check}) keep only the
 * addresses the installed {@link AddressPolicy} allows for it. The check and the HTTP client resolve a
 * name separately; this makes the second answer obey the same rule as the first, so that a name that
 * turns private between the two (DNS rebinding) reaches nothing. Every other name (the database's, a
 * broker's) resolves exactly as without it.
 */
public final class CheckedHostsResolverProvider extends InetAddressResolverProvider {
    /** Peer hosts are few (a tenant's configured URLs); a bound keeps a misuse from growing it forever. */
    private static final int MAX_HOSTS = 100_000;
    private static final Set<String> CHECKED = ConcurrentHashMap.newKeySet();
    private static volatile boolean active;

    /** Remembers {@code host} as one whose later answers the policy filters. */
    static void remember(String host) {
        if (host == null || host.isBlank() || isLiteral(host) || CHECKED.size() >= MAX_HOSTS) {
            return;
        }
        CHECKED.add(normal(host));
    }

    /**
     * Whether the JVM resolves names through this provider (it is found by the context class loader at
     * the first lookup; an application asks, after one lookup, to warn when it is not).
     */
    public static boolean active() {
        return active;
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        active = true;
        return new Filtering(configuration.builtinResolver());
    }

    @Override
    public String name() {
        return "finrelay-checked-hosts";
    }

    /** The built-in resolver with the policy applied to checked hosts. */
    record Filtering(InetAddressResolver builtin) implements InetAddressResolver {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException {
            Stream<InetAddress> answer = builtin.lookupByName(host, lookupPolicy);
            if (!CHECKED.contains(normal(host))) {
                return answer;
            }
            return allowed(host, answer.toList(), AddressPolicy.current()).stream();
        }

        @Override
        public String lookupByAddress(byte[] address) throws UnknownHostException {
            return builtin.lookupByAddress(address);
        }
    }

    /** The addresses of {@code host} that {@code policy} allows; none allowed is an unknown host, saying why. */
    static List<InetAddress> allowed(String host, List<InetAddress> addresses, AddressPolicy policy)
            throws UnknownHostException {
        List<InetAddress> kept = new ArrayList<>();
        String refused = null;
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(host, address);
            if (refusal.isEmpty()) {
                kept.add(address);
            } else if (refused == null) {
                refused = refusal.get();
            }
        }
        if (kept.isEmpty() && refused != null) {
            throw new UnknownHostException(host + " now resolves only to addresses that may not be called: " + refused);
        }
        return kept;
    }

    private static String normal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean isLiteral(String host) {
        return host.startsWith("[") || host.matches("[0-9.]+");
    }
}
