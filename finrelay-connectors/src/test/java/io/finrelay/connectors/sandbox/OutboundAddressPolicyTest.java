package io.finrelay.connectors.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.finrelay.connectors.erp.tryton.TrytonClient;
import io.finrelay.connectors.erp.tryton.TrytonConfig;
import io.finrelay.connectors.net.AddressPolicy;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The installed address policy is asked right before every call: a URL accepted when it was set but
 * refused now (its host resolves elsewhere) fails permanently and reaches nothing.
 */
class OutboundAddressPolicyTest {
    private HttpServer peer;
    private final AtomicInteger requests = new AtomicInteger();
    private String base;

    @BeforeEach
    void peer() throws IOException {
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] out = "{\"id\":1,\"result\":[1,\"key\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        peer.start();
        base = "http://127.0.0.1:" + peer.getAddress().getPort();
    }

    @AfterEach
    void reset() {
        AddressPolicy.install(AddressPolicy.ALLOW_ALL);
        peer.stop(0);
    }

    private static void refuseLoopback() {
        AddressPolicy.install(url -> url.getHost().equals("127.0.0.1")
                ? Optional.of("127.0.0.1 is a loopback address") : Optional.empty());
    }

    @Test
    void aPeerPostToARefusedAddressIsAPermanentFailureAndSendsNothing() {
        refuseLoopback();
        Delivery d = new PeerHttp("erp").post(new PeerEndpoint(base, Duration.ofSeconds(2)), "/invoices", "cmd-1", "{}");
        assertThat(d).isInstanceOf(Delivery.Permanent.class);
        assertThat(((Delivery.Permanent) d).reason()).contains("outbound address policy").contains("loopback");
        assertThat(requests).hasValue(0);
    }

    @Test
    void aPeerLookupToARefusedAddressIsNotMade() {
        refuseLoopback();
        Lookup l = new PeerHttp("erp").byIdempotencyKey(new PeerEndpoint(base, Duration.ofSeconds(2)), "cmd-1");
        assertThat(l).isInstanceOf(Lookup.Unreachable.class);
        assertThat(requests).hasValue(0);
    }

    @Test
    void theSamePeerIsCalledWhileThePolicyAllowsIt() {
        Delivery d = new PeerHttp("erp").post(new PeerEndpoint(base, Duration.ofSeconds(2)), "/invoices", "cmd-1", "{}");
        assertThat(d).isInstanceOf(Delivery.Done.class);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aTrytonCallToARefusedAddressIsPermanentAndSendsNothing() {
        refuseLoopback();
        TrytonClient client = new TrytonClient(TrytonConfig.of(new TenantId(UUID.randomUUID()), URI.create(base + "/"),
                "db", "admin", "pw"));
        ErpError error = catchThrowableOfType(ErpException.class, client::login).error();
        assertThat(error).isInstanceOf(ErpError.Permanent.class);
        assertThat(error.toString()).contains("outbound address policy");
        assertThat(requests).hasValue(0);
    }

    @Test
    void anIoFailureIsDescribedWithoutJavaClassNames() {
        assertThat(AddressPolicy.describe(new java.net.ConnectException())).isEqualTo("connection refused");
        assertThat(AddressPolicy.describe(new IOException("java.nio.channels.ClosedChannelException")))
                .isEqualTo("connection failed");
        assertThat(AddressPolicy.describe(new IOException("Connection reset"))).isEqualTo("Connection reset");
    }

    @Test
    void aPeerThatIsDownIsTransientAndSaysSoInPlainWords() throws IOException {
        peer.stop(0);
        Delivery d = new PeerHttp("erp").post(new PeerEndpoint(base, Duration.ofSeconds(2)), "/invoices", "cmd-1", "{}");
        assertThat(d).isInstanceOf(Delivery.Transient.class);
        assertThat(d.toString()).doesNotContain("java.");
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    }
}
