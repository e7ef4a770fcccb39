package io.finrelay.connectors.erp.tryton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.finrelay.model.id.TenantId;
import io.finrelay.workflows.port.ErpError;
import io.finrelay.workflows.port.ErpException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Error mapping against a scripted fake of Tryton's JSON-RPC endpoint (the ITs check the real one). */
class TrytonClientTest {
    private static final TenantId TENANT = new TenantId(UUID.randomUUID());
    private HttpServer server;
    private final List<String> methods = new CopyOnWriteArrayList<>();

    /** The fake answers each call with (status, body) chosen from the method name. */
    private TrytonClient client(Function<String, Map.Entry<Integer, String>> answer, boolean acknowledgeWarnings)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", (HttpExchange ex) -> {
            JsonNode body = TrytonCodec.MAPPER.readTree(ex.getRequestBody());
            String method = body.get("method").asText();
            methods.add(method);
            Map.Entry<Integer, String> a = switch (method) {
                case "common.db.login" -> Map.entry(200, "{\"id\":1,\"result\":[1,\"key\"]}");
                case "model.res.user.get_preferences" -> Map.entry(200, "{\"id\":1,\"result\":{\"company\":1}}");
                case "model.res.user.warning.create" -> Map.entry(200, "{\"id\":1,\"result\":[5]}");
                default -> answer.apply(method);
            };
            if (a.getKey() < 0) {
                return;        // never answer: the client times out
            }
            byte[] out = a.getValue().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.getKey(), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return new TrytonClient(TrytonConfig.of(TENANT, url, "db", "admin", "pw")
                .withAcknowledgeWarnings(acknowledgeWarnings).withCallTimeout(Duration.ofMillis(300)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static ErpError error(Runnable call) {
        return catchThrowableOfType(ErpException.class, call::run).error();
    }

    @Test
    void userErrorIsPermanentWithTrytonsMessageKept() throws IOException {
        TrytonClient c = client(m -> Map.entry(200, "{\"id\":1,\"error\":[\"UserError\",[\"To post move \\\"2\\\", "
                + "you must balance all its lines debits and credits.\",\"\",null]]}"), false);
        assertThat(error(() -> c.button("account.move", "post", List.of(2L))))
                .isEqualTo(new ErpError.Permanent("To post move \"2\", you must balance all its lines debits and credits."));
    }

    @Test
    void userWarningIsAnErrorUnlessTheTenantAllowsAcknowledgingIt() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Function<String, Map.Entry<Integer, String>> warnOnce = m -> calls.getAndIncrement() == 0
                ? Map.entry(200, "{\"id\":1,\"error\":[\"UserWarning\",[\"invoice_date_future\",\"The date is in the future.\",\"\"]]}")
                : Map.entry(200, "{\"id\":1,\"result\":null}");
        TrytonClient strict = client(warnOnce, false);
        assertThat(error(() -> strict.button("account.invoice", "post", List.of(1L))))
                .isInstanceOfSatisfying(ErpError.NeedsAcknowledgement.class,
                        w -> assertThat(w.warning()).isEqualTo("invoice_date_future"));
        stop();
        calls.set(0);
        methods.clear();
        TrytonClient lenient = client(warnOnce, true);
        lenient.button("account.invoice", "post", List.of(1L));
        assertThat(methods).containsSubsequence("model.account.invoice.post", "model.res.user.warning.create",
                "model.account.invoice.post");
    }

    @Test
    void http401LogsInAgainOnceAndRepeatsTheCall() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        TrytonClient c = client(m -> calls.getAndIncrement() == 0 ? Map.entry(401, "")
                : Map.entry(200, "{\"id\":1,\"result\":[7]}"), false);
        assertThat(c.search("party.party", List.of(), null, null)).containsExactly(7L);
        assertThat(methods.stream().filter("common.db.login"::equals)).hasSize(2);
    }

    @Test
    void serverErrorsAndRateLimitsAreTransient() throws IOException {
        TrytonClient c = client(m -> Map.entry(503, "busy"), false);
        assertThat(error(() -> c.button("account.move", "post", List.of(1L)))).isInstanceOf(ErpError.Transient.class);
    }

    @Test
    void aTimeoutIsUnknownForWritesAndTransientForReads() throws IOException {
        TrytonClient c = client(m -> Map.entry(-1, ""), false);
        assertThat(error(() -> c.button("account.move", "post", List.of(1L)))).isInstanceOf(ErpError.OutcomeUnknown.class);
        assertThat(error(() -> c.search("account.move", List.of(), null, null))).isInstanceOf(ErpError.Transient.class);
    }

    @Test
    void aLockedDatabaseIsTransientAndOtherServerExceptionsPermanent() throws IOException {
        TrytonClient c = client(m -> m.contains("search") ? Map.entry(200, "{\"id\":1,\"error\":[\"database is locked\",\"tb\"]}")
                : Map.entry(200, "{\"id\":1,\"error\":[\"'amount_to_pay'\",\"tb\"]}"), false);
        assertThat(error(() -> c.search("a", List.of(), null, null))).isInstanceOf(ErpError.Transient.class);
        assertThat(error(() -> c.read("a", List.of(1L), List.of("x")))).isInstanceOf(ErpError.Permanent.class);
    }

    @Test
    void unreachableIsTransientInPlainWords() {
        TrytonClient c = new TrytonClient(TrytonConfig.of(TENANT, URI.create("http://127.0.0.1:1/"), "db", "u", "p"));
        assertThat(error(() -> c.rootCall("common.server.version")))
                .isInstanceOfSatisfying(ErpError.Transient.class, t -> assertThat(t.reason()).contains("unreachable"));
    }

    @Test
    void theSecretIsNeverPrinted() {
        assertThat(TrytonConfig.of(TENANT, URI.create("http://h/"), "db", "u", "s3cret").toString())
                .doesNotContain("s3cret");
    }
}
