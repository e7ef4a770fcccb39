package io.finrelay.demo;

import io.finrelay.sandbox.world.Api;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The console's people of the demo tenant: a treasurer and an operator, made through the API with one
 * password that is generated once and kept in the demo's identity file (beside the data directory), so
 * that a second run prints the same login. The summary shows the console's URL and the logins.
 */
final class DemoConsole {
    static final String TREASURER = "t.berger";
    static final String OPERATOR = "o.keller";
    private static final String PASSWORD_KEY = "console-password";

    private DemoConsole() {}

    /** Makes (or finds again) the two people and answers the summary's lines about the console. */
    static String logins(Api api, String base, String tenantId, Path identityFile) {
        Properties kept = load(identityFile);
        String password = kept.getProperty(PASSWORD_KEY);
        boolean fresh = password == null;
        if (fresh) {
            byte[] random = new byte[15];
            new SecureRandom().nextBytes(random);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        }
        boolean made = false;
        for (Map.Entry<String, String> person : Map.of(TREASURER, "treasurer", OPERATOR, "operator").entrySet()) {
            Api.Answer answer = api.post("/v1/tenants/" + tenantId + "/users", Map.of("username", person.getKey(),
                    "password", password, "roles", List.of(person.getValue()))).require(201, 409);
            made |= answer.status() == 201;
        }
        if (fresh && made) {
            kept.setProperty(PASSWORD_KEY, password);
            store(identityFile, kept);
        }
        String slug = api.get("/v1/tenants/" + tenantId).require(200).body().path("slug").asText();
        String known = fresh && !made ? "(made by an earlier run whose password was not kept: delete " + identityFile
                + " to start a new demo tenant)" : password;
        return "   console: " + base + "/ui   tenant " + slug + "\n"
                + "     treasurer " + TREASURER + " / " + known + "\n"
                + "     operator  " + OPERATOR + " / " + known + "\n";
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }

    private static void store(Path file, Properties p) {
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "Finrelay demo tenant (delete this file to start a new demo tenant)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
