package io.finrelay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.sandbox.world.Api;
import java.math.BigDecimal;

/** The demo summary's cash part: the 13-week forecast per legal entity and currency, as a treasurer reads it. */
final class DemoCash {
    private DemoCash() {}

    static String summary(Api api, String base, String tenantId) {
        String t = "/v1/tenants/" + tenantId;
        JsonNode forecast = api.get(t + "/cash/forecast").require(200).body();
        StringBuilder out = new StringBuilder(" Finrelay demo: cash forecast, 13 weeks from ")
                .append(forecast.get("from").asText()).append('\n');
        for (JsonNode series : forecast.get("series")) {
            JsonNode days = series.get("days");
            JsonNode lowest = days.get(0);
            for (JsonNode day : days) {
                if (new BigDecimal(day.get("closing").asText()).compareTo(new BigDecimal(lowest.get("closing").asText())) < 0) {
                    lowest = day;
                }
            }
            String opening = series.has("openingAsOf") ? series.get("opening").asText() : "no balance";
            out.append(String.format("   %-20s %s  opening %14s   lowest %14s on %s   in 13 weeks %14s%n",
                    series.get("legalEntity").asText(), series.get("currency").asText(), opening,
                    lowest.get("closing").asText(), lowest.get("date").asText(),
                    days.get(days.size() - 1).get("closing").asText()));
        }
        out.append("   forecast: ").append(base).append(t).append("/cash/forecast (each day's flows: .../cash/forecast/flows)\n");
        return out.toString();
    }
}
