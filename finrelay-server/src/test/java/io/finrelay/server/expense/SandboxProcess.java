package io.finrelay.server.expense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.sandbox.SandboxMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox peers as a separate process, started once per test JVM on free ports: the tests reach
 * them only over HTTP, as Finrelay does. The process ends when this JVM ends (its stdin closes).
 */
public final class SandboxProcess {
    private static Map<String, String> urls;

    private SandboxProcess() {}

    public static synchronized Map<String, String> urls() {
        if (urls == null) {
            urls = start();
        }
        return urls;
    }

    private static Map<String, String> start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SandboxMain.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(SandboxMain.READY)) {
                    JsonNode json = new ObjectMapper().readTree(line.substring(SandboxMain.READY.length()));
                    Map<String, String> map = new LinkedHashMap<>();
                    json.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
                    return map;
                }
            }
            throw new IllegalStateException("the sandbox process ended before it was ready: exit " + process.waitFor());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
