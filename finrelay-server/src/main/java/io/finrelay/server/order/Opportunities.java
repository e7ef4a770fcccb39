package io.finrelay.server.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.finrelay.engine.db.Database;
import io.finrelay.model.id.TenantId;
import io.finrelay.server.tenancy.TenantSql;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The tenant's copy of its CRM's opportunities (table crm_opportunity), as their change events last
 * described them: stage, probability (percent, as Salesforce keeps it), amount, currency and close date.
 * The cash forecast reads the open ones.
 */
public class Opportunities {
    private final Database db;

    public Opportunities(Database db) {
        this.db = db;
    }

    /** Keeps the opportunity as the CRM holds it now (a record without a usable probability is skipped). */
    void store(TenantId tenant, JsonNode o, Instant now) {
        BigDecimal probability;
        try {
            probability = new BigDecimal(o.path("Probability").asText("0"));
        } catch (NumberFormatException e) {
            return;
        }
        if (probability.signum() < 0 || probability.compareTo(BigDecimal.valueOf(100)) > 0 || !o.hasNonNull("Id")) {
            return;
        }
        BigDecimal amount = null;
        LocalDate close = null;
        try {
            amount = o.hasNonNull("Amount") ? new BigDecimal(o.get("Amount").asText()) : null;
            close = o.hasNonNull("CloseDate") ? LocalDate.parse(o.get("CloseDate").asText()) : null;
        } catch (NumberFormatException | DateTimeParseException e) {
            // kept without the figure: the forecast leaves out what it cannot date or value
        }
        BigDecimal value = amount;
        LocalDate date = close;
        String currency = o.hasNonNull("CurrencyIsoCode") ? o.get("CurrencyIsoCode").asText() : "EUR";
        db.inTenant(tenant, c -> {
            try (PreparedStatement upsert = TenantSql.prepare(c, tenant, "insert into crm_opportunity (tenant_id, id, "
                    + "account_id, name, stage, probability, amount, currency, close_date, is_closed, is_won, updated_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (tenant_id, id) do update set "
                    + "account_id = excluded.account_id, name = excluded.name, stage = excluded.stage, "
                    + "probability = excluded.probability, amount = excluded.amount, currency = excluded.currency, "
                    + "close_date = excluded.close_date, is_closed = excluded.is_closed, is_won = excluded.is_won, "
                    + "updated_at = excluded.updated_at")) {
                upsert.setString(2, o.get("Id").asText());
                upsert.setString(3, o.path("AccountId").asText(null));
                upsert.setString(4, o.path("Name").asText(o.get("Id").asText()));
                upsert.setString(5, o.path("StageName").asText(""));
                upsert.setBigDecimal(6, probability);
                upsert.setBigDecimal(7, value);
                upsert.setString(8, currency.length() == 3 ? currency : "EUR");
                upsert.setObject(9, date == null ? null : Date.valueOf(date), Types.DATE);
                upsert.setBoolean(10, o.path("IsClosed").asBoolean(false));
                upsert.setBoolean(11, o.path("IsWon").asBoolean(false));
                upsert.setTimestamp(12, Timestamp.from(now));
                return upsert.executeUpdate();
            }
        });
    }
}
