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

    private static JsonNode read(String json) {
        try {
            return DECIMALS.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the expense platform answered unreadable JSON", e);
        }
    }
}
