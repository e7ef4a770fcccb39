package io.finrelay.server.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.finrelay.engine.db.DatabaseException;
import io.finrelay.model.id.TenantId;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What keeps two credit decisions of one customer from missing each other, in the deciding transaction: an
 * advisory lock per tenant and customer, held to the transaction's end, so that a second decision reads after
 * the first has written its release; and the orders this transaction has released so far, in a
 * transaction-local setting, since the read model is written only after all of a batch's decisions. Neither
 * touches a tenant-owned row (the guard rule admits it beside the other locks).
 */
final class CreditLock {
    private static final String RELEASED_HERE = "finrelay.o2c_released";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CreditLock() {}

    /** Waits for any other transaction deciding on this customer of the tenant to end. */
    static void lock(Connection c, TenantId tenant, String customerRef) {
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "o2c-credit/" + tenant.value() + "/" + customerRef);
            lock.execute();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    /** The orders this transaction released so far (gone at its end). */
    static ArrayNode releasedHere(Connection c) {
        try (PreparedStatement get = c.prepareStatement("select current_setting(?, true)")) {
            get.setString(1, RELEASED_HERE);
            try (ResultSet rs = get.executeQuery()) {
                String value = rs.next() ? rs.getString(1) : null;
                return value == null || value.isBlank() ? JSON.createArrayNode() : (ArrayNode) JSON.readTree(value);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + RELEASED_HERE, e);
        }
    }

    /** Keeps {@code released} as this transaction's released orders. */
    static void remember(Connection c, ArrayNode released) {
        try (PreparedStatement set = c.prepareStatement("select set_config(?, ?, true)")) {
            set.setString(1, RELEASED_HERE);
            set.setString(2, released.toString());
            set.execute();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }
}
