package io.finrelay.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The peer URL rules, with a resolver the test controls (a name's DNS answer can change after it was accepted). */
class PeerUrlPolicyTest {
    private final Map<String, String> dns = new ConcurrentHashMap<>(Map.of(
            "erp.acme-logistik.de", "93.184.216.34", "ledger.internal.acme", "10.20.0.7"));

    private PeerUrlPolicy policy(String... allowed) {
        return new PeerUrlPolicy(List.of(allowed), host -> {
            String a = dns.get(host);
            if (a == null) {
                // A literal address resolves to itself, as InetAddress does.
                if (host.matches("[0-9.]+") || host.contains(":")) {
                    return new InetAddress[] {InetAddress.getByName(host)};
                }
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(a)};
        });
    }

    @Test
    void everyForbiddenFormIsRefusedWithItsRule() {
        PeerUrlPolicy p = policy();
        Map<String, String> refused = Map.ofEntries(
                Map.entry("file:///etc/passwd", "http(s)"),
                Map.entry("gopher://127.0.0.1:5432/", "http(s)"),
                Map.entry("not a url", "http(s)"),
                Map.entry("/relative/path", "http(s)"),
                Map.entry("http://user:secret@erp.acme-logistik.de/", "credentials"),
                Map.entry("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
                Map.entry("http://127.0.0.1:5432/", "127.0.0.1"),
                Map.entry("http://127.8.0.1/", "127.8.0.1"),
                Map.entry("http://[::1]:8080/", "public addresses"),
                Map.entry("http://[fe80::1]/", "public addresses"),
                Map.entry("http://[fd00::5]/", "public addresses"),
                Map.entry("http://10.1.2.3/", "10.1.2.3"),
                Map.entry("http://172.16.0.1/", "172.16.0.1"),
                Map.entry("http://172.31.255.254/", "172.31.255.254"),
                Map.entry("http://192.168.1.1/", "192.168.1.1"),
                Map.entry("http://100.64.0.1/", "100.64.0.1"),
                Map.entry("http://0.0.0.0/", "0.0.0.0"),
                Map.entry("http://224.0.0.1/", "224.0.0.1"),
                Map.entry("http://[::ffff:127.0.0.1]/", "127.0.0.1"),
                Map.entry("http://localhost:8080/", "local"),
                Map.entry("http://erp.localhost/", "local"),
                Map.entry("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
                Map.entry("http://ledger.internal.acme/", "10.20.0.7"));
        refused.forEach((url, rule) -> assertThat(p.refusalOf(url)).as(url).hasValueSatisfying(r -> assertThat(r).contains(rule)));
    }

    @Test
    void aPublicHostIsAllowedAndSoIsANameThatDoesNotResolveYet() {
        PeerUrlPolicy p = policy();
        assertThat(p.refusalOf("https://erp.acme-logistik.de:8443/jsonrpc")).isEmpty();
        assertThat(p.refusalOf("http://172.32.0.1/")).as("just outside 172.16/12").isEmpty();
        assertThat(p.refusalOf("http://erp.not-yet-in-dns.example/")).isEmpty();
    }

    @Test
    void theOperatorsAllowListOpensNamesAndNetworks() {
        PeerUrlPolicy p = policy("localhost", "10.20.0.0/16", "::1");
        assertThat(p.refusalOf("http://localhost:8080/")).isEmpty();
        assertThat(p.refusalOf("http://ledger.internal.acme/")).isEmpty();
        assertThat(p.refusalOf("http://[::1]:9000/")).isEmpty();
        assertThat(p.refusalOf("http://10.21.0.1/")).isPresent();
        assertThat(p.refusalOf("http://169.254.169.254/")).isPresent();
        assertThat(p.refusalOf("http://user:pw@localhost/")).as("credentials stay refused").isPresent();
    }

    @Test
    void aNameAcceptedWhenSetIsRefusedWhenCalledOnceItResolvesToLoopback() {
        PeerUrlPolicy p = policy();
        URI erp = URI.create("https://erp.acme-logistik.de/api");
        assertThat(p.refusal(erp)).isEmpty();
        dns.put("erp.acme-logistik.de", "127.0.0.1");
        assertThat(p.refusal(erp)).hasValueSatisfying(r -> assertThat(r).contains("127.0.0.1"));
    }

    @Test
    void theConnectionsOwnAnswerIsJudgedByTheSameRuleAsTheChecks() throws UnknownHostException {
        // The JVM's resolver asks this for each address a checked host resolves to when the client connects.
        PeerUrlPolicy p = policy("ledger.internal.acme", "10.30.0.0/16");
        assertThat(p.refusal("erp.acme-logistik.de", InetAddress.getByName("93.184.216.34"))).isEmpty();
        assertThat(p.refusal("erp.acme-logistik.de", InetAddress.getByName("127.0.0.1")))
                .hasValueSatisfying(r -> assertThat(r).contains("erp.acme-logistik.de resolves to 127.0.0.1"));
        assertThat(p.refusal("erp.acme-logistik.de", InetAddress.getByName("169.254.169.254"))).isPresent();
        assertThat(p.refusal("Ledger.Internal.Acme.", InetAddress.getByName("10.20.0.7"))).as("allow-listed name").isEmpty();
        assertThat(p.refusal("erp.acme-logistik.de", InetAddress.getByName("10.30.1.2"))).as("allow-listed network")
                .isEmpty();
    }

    @Test
    void refusedFieldsAreNamedTogetherInOneProblem() {
        PeerUrlPolicy p = policy();
        ApiProblem problem = org.assertj.core.api.Assertions.catchThrowableOfType(ApiProblem.class, () -> p.require(Map.of(
                "erpUrl", "http://169.254.169.254/", "treasuryUrl", "file:///etc/passwd",
                "expensePlatformUrl", "https://erp.acme-logistik.de/")));
        assertThat(problem.status().value()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<ApiProblem.FieldError> errors = (List<ApiProblem.FieldError>) problem.properties().get("errors");
        assertThat(errors).extracting(ApiProblem.FieldError::field).containsExactly("erpUrl", "treasuryUrl");
    }
}
