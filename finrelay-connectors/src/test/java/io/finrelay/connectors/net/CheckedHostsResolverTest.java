package io.finrelay.connectors.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host that passed the check before a call is filtered again when the HTTP client resolves it to
 * connect: DNS rebinding (public to the check, private to the connection) reaches nothing.
 */
class CheckedHostsResolverTest {
    private HttpServer peer;
    private final AtomicInteger requests = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Judges every URL fine (as when the name answered a public address) but refuses loopback addresses. */
    private static final AddressPolicy REBOUND = new AddressPolicy() {
        @Override
        public Optional<String> refusal(URI url) {
            return Optional.empty();
        }

        @Override
        public Optional<String> refusal(String host, InetAddress address) {
            return address.isLoopbackAddress() ? Optional.of(host + " resolves to loopback " + address.getHostAddress())
                    : Optional.empty();
        }
    };

    @BeforeEach
    void peer() throws IOException {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        peer.start();
    }

    @AfterEach
    void reset() {
        AddressPolicy.install(AddressPolicy.ALLOW_ALL);
        peer.stop(0);
    }

    private URI localhost() {
        return URI.create("http://localhost:" + peer.getAddress().getPort() + "/obligations");
    }

    private int call(URI url) throws IOException, InterruptedException, AddressPolicy.Refused {
        AddressPolicy.check(url);
        return http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theJvmResolvesNamesThroughFinrelaysResolver() throws UnknownHostException {
        InetAddress.getAllByName("localhost");
        assertThat(CheckedHostsResolverProvider.active()).isTrue();
    }

    @Test
    void aCheckedHostThatNowResolvesToAForbiddenAddressGetsNoAddressToConnectTo() throws Exception {
        // The JVM's own answer for "localhost" cannot be filtered (it falls back to loopback), so the
        // resolver is driven here with a DNS that rebinds a checked name to loopback after the check.
        InetAddress loopback = InetAddress.getByAddress("rebound.example", new byte[] {127, 0, 0, 1});
        InetAddressResolver dns = new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) {
                return Stream.of(loopback);
            }

            @Override
            public String lookupByAddress(byte[] address) {
                return "rebound.example";
            }
        };
        InetAddressResolver resolver = new CheckedHostsResolverProvider.Filtering(dns);
        LookupPolicy any = LookupPolicy.of(LookupPolicy.IPV4 | LookupPolicy.IPV6);
        AddressPolicy.install(REBOUND);
        assertThat(resolver.lookupByName("rebound.example", any)).as("not checked yet: as the DNS answers")
                .containsExactly(loopback);

        AddressPolicy.check(URI.create("https://rebound.example/api"));
        assertThatThrownBy(() -> resolver.lookupByName("Rebound.Example.", any)).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("may not be called").hasMessageContaining("loopback 127.0.0.1");
        assertThat(resolver.lookupByName("other.example", any)).as("other names resolve as before")
                .containsExactly(loopback);
    }

    @Test
    void theSameHostIsConnectedToWhileThePolicyAllowsItsAddresses() throws Exception {
        AddressPolicy.install(AddressPolicy.ALLOW_ALL);
        assertThat(call(localhost())).isEqualTo(204);
        assertThat(requests).hasValue(1);
    }

    @Test
    void onlyTheRefusedAddressesOfAnAnswerAreDropped() throws UnknownHostException {
        InetAddress loopback = InetAddress.getByAddress("peer.example", new byte[] {127, 0, 0, 1});
        InetAddress pub = InetAddress.getByAddress("peer.example", new byte[] {93, (byte) 184, (byte) 215, 14});
        assertThat(CheckedHostsResolverProvider.allowed("peer.example", List.of(loopback, pub), REBOUND))
                .containsExactly(pub);
        assertThat(CheckedHostsResolverProvider.allowed("peer.example", List.of(pub), REBOUND)).containsExactly(pub);
        assertThatThrownBy(() -> CheckedHostsResolverProvider.allowed("peer.example", List.of(loopback), REBOUND))
                .isInstanceOf(UnknownHostException.class).hasMessageContaining("peer.example");
    }
}
