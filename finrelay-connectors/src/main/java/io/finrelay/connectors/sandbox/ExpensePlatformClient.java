package io.finrelay.connectors.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finrelay.engine.outbox.Lookup;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads an approved report from the expense platform after its notification (Concur's pattern: the
 * webhook carries ids and an {@code href}, the subscriber fetches the report). Amounts arrive as JSON
 * numbers, as Concur sends them; they are read as BigDecimal here, at the edge, never as a double.
 */
public final class ExpensePlatformClient {
    private static final ObjectMapper DECIMALS = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private final PeerHttp http = new PeerHttp("expense-platform");

    /** The report, empty if the platform does not know it; throws if the platform cannot be asked. */
    public Optional<JsonNode> fetch(PeerEndpoint endpoint, String userId, String reportId) {
        Lookup answer = http.get(endpoint, "/expensereports/v4/users/" + userId + "/context/TRAVELER/reports/" + reportId);
        return switch (answer) {
            case Lookup.Found found -> Optional.of(read(found.resultJson()));
            case Lookup.NotFound n -> Optional.empty();
            case Lookup.Unreachable u -> throw new IllegalStateException(u.reason());
        };
    }

    /** A report the platform lists as changed: whose it is and when it changed. */
    public record Changed(String reportId, String userId, java.time.Instant modified) {}

    /** One page of the list; {@code refused} names items that could not be read (skipped, not fetched). */
    public record Page(java.util.List<Changed> items, java.util.List<String> refused, boolean more) {}

    private static final java.util.regex.Pattern V4_DOCUMENT = java.util.regex.Pattern.compile(
            "/expensereports/v4/users/([A-Za-z0-9._-]{1,64})/context/TRAVELER/reports/([A-Za-z0-9._-]{1,64})");

    /**
     * The approved reports changed after {@code after}, oldest first (Concur's Expense Report v3 list with
     * {@code modifiedDateAfter}): the polling fallback for a platform that sends no webhooks. An item whose
     * document lies anywhere but on this platform's own base URL is refused, never followed.
     */
    public Page approvedSince(PeerEndpoint endpoint, java.time.Instant after, int offset, int limit) {
        Lookup answer = http.get(endpoint, "/api/v3.0/expense/reports?approvalStatusCode=A_APPR&modifiedDateAfter="
                + after + "&limit=" + limit + "&offset=" + offset);
        JsonNode page = switch (answer) {
            case Lookup.Found found -> read(found.resultJson());
            case Lookup.NotFound n -> throw new IllegalStateException("the expense platform has no report list (404)");
            case Lookup.Unreachable u -> throw new IllegalStateException(u.reason());
        };
        java.util.List<Changed> items = new java.util.ArrayList<>();
        java.util.List<String> refused = new java.util.ArrayList<>();
        for (JsonNode item : page.path("Items")) {
            String uri = item.path("URI").asText("");
            java.util.regex.Matcher m = uri.startsWith(endpoint.baseUrl() + "/")
                    ? V4_DOCUMENT.matcher(uri.substring(endpoint.baseUrl().length())) : null;
            java.time.Instant modified;
            try {
                modified = java.time.Instant.parse(item.path("LastModifiedDate").asText(""));
            } catch (java.time.format.DateTimeParseException e) {
                modified = null;
            }
            if (m == null || !m.matches() || !m.group(2).equals(item.path("ID").asText()) || modified == null) {
                refused.add(item.path("ID").asText("(no ID)"));
                continue;
            }
            items.add(new Changed(m.group(2), m.group(1), modified));
        }
        return new Page(items, refused, page.hasNonNull("NextPage"));
    }

    private static JsonNode read(String json) {
        try {
            return DECIMALS.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the expense platform answered unreadable JSON", e);
        }
    }
}
