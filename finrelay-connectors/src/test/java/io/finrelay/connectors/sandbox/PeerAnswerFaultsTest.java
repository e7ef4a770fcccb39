package io.finrelay.connectors.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.model.id.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a peer's answer must be worth before a workflow builds on it: a treasury that answers 201
 * without the obligation's id, or an endless answer, is an unknown outcome (looked up before anything
 * is sent again), and a release whose obligation id is missing is never sent to
 * {@code /api/v1/obligations//release}. The peer here is a misbehaving treasury on a local socket that
 * records every request it gets.
 */
class PeerAnswerFaultsTest {
    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile int status = 201;
    private volatile byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
    private SandboxPeerConnector treasury;

    @BeforeEach
    void aMisbehavingTreasury() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        PeerEndpoint endpoint = new PeerEndpoint("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(5));
        treasury = new SandboxPeerConnector(SandboxPeerConnector.TREASURY, t -> Optional.of(endpoint));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aCreatedObligationWithoutItsIdIsAnUnknownOutcomeNotAnEmptyReference() {
        answer = "{\"status\":\"OPEN\"}".getBytes(StandardCharsets.UTF_8);

        Delivery delivery = treasury.deliver(command("create-obligation", "{\"reportId\":\"EXP-2026-0417\",\"amount\":\"412.80\"}"));

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Unknown.class,
                u -> assertThat(u.reason()).contains("without obligationId"));
        assertThat(received).containsExactly("POST /api/v1/obligations");
    }

    @Test
    void aCreatedObligationWithItsIdIsDone() {
        answer = "{\"obligationId\":\"OBL-7\",\"status\":\"OPEN\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(treasury.deliver(command("create-obligation", "{\"reportId\":\"EXP-2026-0417\"}")))
                .isInstanceOf(Delivery.Done.class);
    }

    @Test
    void aReleaseWithoutAnObligationIdIsNeverSent() {
        Delivery delivery = treasury.deliver(command("release-payment", "{\"obligationId\":\"\",\"releasedBy\":[\"m.treasurer\"]}"));

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Permanent.class,
                p -> assertThat(p.reason()).contains("/api/v1/obligations//release"));
        assertThat(received).isEmpty();
    }

    @Test
    void anAnswerLargerThanTheLimitIsNotReadOnAndTheOutcomeIsUnknown() {
        answer = new byte[PeerHttp.MAX_ANSWER_BYTES + 10];
        java.util.Arrays.fill(answer, (byte) ' ');

        Delivery delivery = treasury.deliver(command("create-obligation", "{\"reportId\":\"EXP-2026-0418\"}"));

        assertThat(delivery).isInstanceOfSatisfying(Delivery.Unknown.class,
                u -> assertThat(u.reason()).contains("more than " + PeerHttp.MAX_ANSWER_BYTES + " bytes"));
    }

    private static CommandEnvelope command(String type, String payload) {
        return new CommandEnvelope(new TenantId(UUID.randomUUID()), UUID.randomUUID(), UUID.randomUUID(),
                "expense-reimbursement", "EXP-2026-0417", SandboxPeerConnector.TREASURY, type, payload, "corr-1", 1);
    }
}
