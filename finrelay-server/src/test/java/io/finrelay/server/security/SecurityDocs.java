package io.finrelay.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the two tables of {@code docs/security.md}, so that tests can hold the docs to the code. */
public final class SecurityDocs {
    public static final Path FILE = Path.of("docs", "security.md");

    /** One row of the endpoint table: method, concrete path pattern, and the action (or public/signature/authenticated). */
    public record EndpointRow(String method, String path, String action) {}

    private SecurityDocs() {}

    /** The table rows under a heading, each as its trimmed cells, without the header and the separator. */
    public static List<List<String>> table(String heading) {
        List<String> lines;
        try {
            lines = Files.readAllLines(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = lines.indexOf("## " + heading);
        if (start < 0) {
            throw new IllegalStateException(FILE + " has no section '## " + heading + "'");
        }
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("|")) {
                inTable = true;
                String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
                rows.add(Arrays.stream(cells).map(String::strip).toList());
            } else if (inTable) {
                break;
            }
        }
        return rows.size() < 2 ? List.of() : rows.subList(2, rows.size());
    }

    public static List<EndpointRow> endpoints() {
        return table("Endpoints").stream()
                .map(r -> new EndpointRow(r.get(0), r.get(1).replace("`", ""), r.get(2)))
                .toList();
    }
}
