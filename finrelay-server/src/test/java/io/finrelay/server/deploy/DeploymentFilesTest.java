package io.finrelay.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.server.security.ApiKeyFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Dockerfile and the Kubernetes manifests are checked where no registry or cluster can check
 * them: they parse, run the image this build makes as a non-root user, probe endpoints that exist and
 * need no key, and set every variable a replica on an external PostgreSQL needs, each one the server
 * really reads ({@code application.yml}).
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** What N replicas on one external database need: the database, the shared keys, a name each. */
    private static final Set<String> REQUIRED = Set.of("FINRELAY_DB_URL", "FINRELAY_DB_USER", "FINRELAY_DB_PASSWORD",
            "FINRELAY_SECRETS_KEYS", "FINRELAY_TOKEN_SIGNING_KEY", "FINRELAY_NODE_ID");

    private static List<Map<String, Object>> manifests;
    private static String version;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        manifests = new ArrayList<>();
        for (Object document : new Yaml().loadAll(Files.readString(ROOT.resolve("deploy/kubernetes/finrelay.yaml")))) {
            manifests.add((Map<String, Object>) document);
        }
        Matcher m = Pattern.compile("<artifactId>finrelay-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("the parent pom's version").isTrue();
        version = m.group(1);
    }

    @Test
    void theManifestsHoldADeploymentItsServiceAndADisruptionBudgetThatLeavesReplicasRunning() {
        assertThat(manifests).extracting(d -> d.get("kind"))
                .containsExactlyInAnyOrder("ConfigMap", "Deployment", "Service", "PodDisruptionBudget");
        int replicas = (Integer) at(kind("Deployment"), "spec", "replicas");
        int minAvailable = (Integer) at(kind("PodDisruptionBudget"), "spec", "minAvailable");
        assertThat(replicas).isGreaterThan(1);
        assertThat(minAvailable).isBetween(1, replicas - 1);
    }

    @Test
    void theDeploymentRunsThisBuildsImageAsNonRootAndProbesPublicEndpoints() {
        Map<String, Object> container = container();
        assertThat(container.get("image")).isEqualTo("finrelay-server:" + version);
        assertThat(at(kind("Deployment"), "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
        String live = (String) at(container, "livenessProbe", "httpGet", "path");
        String ready = (String) at(container, "readinessProbe", "httpGet", "path");
        assertThat(live).isNotEqualTo(ready);
        assertThat(ApiKeyFilter.PUBLIC).contains(live, ready);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyVariableAReplicaNeedsIsSetAndIsOneTheServerReads() throws IOException {
        Set<String> set = new HashSet<>();
        for (Map<String, Object> env : (List<Map<String, Object>>) container().get("env")) {
            set.add((String) env.get("name"));
        }
        set.addAll(((Map<String, Object>) kind("ConfigMap").get("data")).keySet());
        assertThat(set).containsAll(REQUIRED);

        Set<String> read = new HashSet<>();
        Matcher m = Pattern.compile("\\$\\{(FINRELAY_[A-Z_]+)").matcher(
                Files.readString(ROOT.resolve("finrelay-server/src/main/resources/application.yml")));
        while (m.find()) {
            read.add(m.group(1));
        }
        assertThat(read).as("variables application.yml reads").containsAll(set);
    }

    @Test
    void theImageIsBuiltInOneStageAndRunsTheServerJarOnAJreAsAnotherUser() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).hasSize(2);
        assertThat(from.get(1)).contains("-jre");
        assertThat(lines).anyMatch(l -> l.startsWith("USER ") && !l.contains("root"));
        // the jar the server module's build makes (finalName finrelay-server, classifier exec)
        assertThat(lines).anyMatch(l -> l.startsWith("COPY --from=build") && l.contains("finrelay-server/target/finrelay-server-exec.jar"));
        assertThat(Files.readString(ROOT.resolve("finrelay-server/pom.xml"))).contains("<finalName>finrelay-server</finalName>")
                .contains("<classifier>exec</classifier>");
        assertThat(lines).contains("EXPOSE 8080", "EXPOSE 9464");
        assertThat(Files.readString(ROOT.resolve("finrelay-server/src/main/resources/application.yml")))
                .contains("port: ${FINRELAY_PORT:8080}");
    }

    private static Map<String, Object> kind(String kind) {
        return manifests.stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container() {
        return ((List<Map<String, Object>>) at(kind("Deployment"), "spec", "template", "spec", "containers")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }
}
