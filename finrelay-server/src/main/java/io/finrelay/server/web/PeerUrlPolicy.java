package io.finrelay.server.web;

import io.finrelay.connectors.net.AddressPolicy;
import io.finrelay.connectors.net.CheckedHostsResolverProvider;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a tenant may point Finrelay's outbound calls (its expense peers, its ERP): http or https, no
 * credentials in the URL, and a host that resolves only to public addresses. Loopback, link-local
 * (cloud metadata at 169.254.169.254 among them), private, CGNAT, unspecified, multicast and reserved
 * addresses are refused, and so are the names of metadata services, unless the operator allow-lists
 * the host or a CIDR in {@code finrelay.peers.allowed-hosts}. Checked when a URL is saved (a 400
 * naming the field) and again before every call (installed as the connectors' {@link AddressPolicy}),
 * because a name's DNS answer can change after it was accepted. A name that does not resolve when
 * saved is accepted: the call-time check decides once it resolves. The check and the connection resolve
 * the host separately; the JVM's resolver ({@link CheckedHostsResolverProvider}) applies
 * {@link #refusal(String, InetAddress)} to the connection's answer too, so a name rebound to a private
 * address between the two reaches nothing.
 */
@Component
public final class PeerUrlPolicy implements AddressPolicy {
    private static final Logger log = LoggerFactory.getLogger(PeerUrlPolicy.class);
    /** Resolves a host name to all its addresses; replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal", "metadata.goog",
            "instance-data", "instance-data.ec2.internal", "metadata.azure.internal", "metadata.packet.net");

    private static final List<Cidr> FORBIDDEN = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.0.2.0/24"), Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"),
            Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"), Cidr.parse("224.0.0.0/4"),
            Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("64:ff9b::/96"),
            Cidr.parse("100::/64"), Cidr.parse("2001:db8::/32"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"),
            Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));

    private final List<String> allowedNames = new ArrayList<>();
    private final List<Cidr> allowedNetworks = new ArrayList<>();
    private final Resolver resolver;

    @Autowired
    public PeerUrlPolicy(@Value("${finrelay.peers.allowed-hosts:}") List<String> allowedHosts,
                         @Value("${finrelay.demo.enabled:false}") boolean demo) {
        this(demo ? withLoopback(allowedHosts) : allowedHosts, InetAddress::getAllByName);
        // The connectors ask this policy before every outbound call, and the JVM's resolver when they connect.
        AddressPolicy.install(this);
        try {
            InetAddress.getAllByName("localhost");
        } catch (UnknownHostException e) {
            // Only to load the JVM's resolver, which says below whether it is Finrelay's.
        }
        if (!CheckedHostsResolverProvider.active()) {
            log.warn("The JVM does not resolve names through Finrelay's resolver: a peer host is checked before "
                    + "each call, but not again when the HTTP client connects (DNS rebinding is not prevented)");
        }
    }

    /** A policy with its own resolver, for tests; not installed for the connectors. */
    public PeerUrlPolicy(List<String> allowedHosts, Resolver resolver) {
        this.resolver = resolver;
        for (String entry : allowedHosts) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            if (e.contains("/") || e.matches("[0-9.]+") || e.contains(":")) {
                allowedNetworks.add(Cidr.parse(e.contains("/") ? e : e + (e.contains(":") ? "/128" : "/32")));
            } else {
                allowedNames.add(e);
            }
        }
    }

    /** The one-command demo's sandbox peers run on this machine. */
    private static List<String> withLoopback(List<String> allowed) {
        List<String> out = new ArrayList<>(allowed);
        out.addAll(List.of("localhost", "127.0.0.0/8", "::1"));
        return out;
    }

    /**
     * Refuses {@code text} for {@code field} with a 400 problem naming the field and the rule; null and
     * blank pass (the field is then unset).
     */
    public void require(String field, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        refusalOf(text).ifPresent(reason -> {
            throw ApiProblem.invalid(field, shown(text), reason);
        });
    }

    /** As {@link #require(String, String)} for several fields at once: every refused one is named in one 400. */
    public void require(java.util.Map<String, String> fields) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        new java.util.TreeMap<>(fields).forEach((field, text) -> {
            if (text != null && !text.isBlank()) {
                refusalOf(text).ifPresent(reason -> errors.add(new ApiProblem.FieldError(field, shown(text), reason)));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    /** A refused URL as a problem may quote it: never its credentials. */
    private static String shown(String text) {
        int at = text.indexOf('@');
        int scheme = text.indexOf("://");
        return at >= 0 && scheme >= 0 && at > scheme ? text.substring(0, scheme + 3) + "***" + text.substring(at) : text;
    }

    /** Why {@code text} may not be a peer URL, or empty when it may. */
    public Optional<String> refusalOf(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of("must be an http(s) URL");
        }
        return refusal(url);
    }

    @Override
    public Optional<String> refusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.of("must be an http(s) URL");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials (user:password@)");
        }
        String host = url.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("must name a host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (allowedNames.contains(host)) {
            return Optional.empty();
        }
        if (METADATA_NAMES.contains(host) || host.equals("localhost") || host.endsWith(".localhost")) {
            return Optional.of("must not name a local or metadata host (" + host + ")");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            // Not resolvable now: nothing can be reached; the check before each call decides later.
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(host, address);
            if (refusal.isPresent()) {
                return Optional.of("must resolve to public addresses only; " + refusal.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code host} may not be reached at {@code address}: asked for each address of a URL's host when it
     * is checked, and again by the JVM's resolver when the HTTP client resolves that host to connect.
     */
    @Override
    public Optional<String> refusal(String host, InetAddress address) {
        String name = host.toLowerCase(Locale.ROOT);
        if (allowedNames.contains(name.endsWith(".") ? name.substring(0, name.length() - 1) : name)
                || allowedNetworks.stream().anyMatch(n -> n.contains(address))) {
            return Optional.empty();
        }
        if (FORBIDDEN.stream().anyMatch(n -> n.contains(address)) || address.isAnyLocalAddress()
                || address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return Optional.of(host + " resolves to " + address.getHostAddress()
                    + " (allow-list it in finrelay.peers.allowed-hosts if intended)");
        }
        return Optional.empty();
    }

    /** An address block: an IPv4 or IPv6 network and prefix length. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                byte[] network = InetAddress.getByName(text.substring(0, slash)).getAddress();
                int prefix = Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("prefix out of range in " + text);
                }
                return new Cidr(network, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("finrelay.peers.allowed-hosts: not a host, address or CIDR: " + text, e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (address instanceof Inet6Address && network.length == 4 || address instanceof Inet4Address && network.length == 16) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(bytes.length * 8).subtract(BigInteger.ONE)
                    .shiftRight(prefix).not();
            return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
