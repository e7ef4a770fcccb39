package io.finrelay.engine;

import static io.finrelay.engine.fixtures.EngineFixture.ACME;
import static io.finrelay.engine.fixtures.EngineFixture.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import io.finrelay.engine.db.DatabaseException;
import io.finrelay.engine.fixtures.EngineFixture;
import io.finrelay.engine.inbox.InboxKey;
import io.finrelay.engine.runtime.InboundEvent;
import io.finrelay.engine.runtime.Input;
import io.finrelay.engine.runtime.Receipt;
import io.finrelay.engine.runtime.WorkflowRegistry;
import io.finrelay.engine.workflow.Decision;
import io.finrelay.engine.workflow.Reading;
import io.finrelay.engine.workflow.Transition;
import io.finrelay.engine.workflow.WorkflowDefinition;
import io.finrelay.engine.workflow.WorkflowEvent;
import io.finrelay.engine.workflow.WorkflowState;
import io.finrelay.model.id.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A definition reads what it decides on in the deciding transaction (enrich), under the instance's
 * tenant only, and writes its read model in the same transaction (project).
 */
class EnrichAndProjectIT {
    static EngineFixture f;
    static WorkflowEngine engine;

    /** Reserves a credit line: the available limit is the tenant's own row, read when the request is decided. */
    static final class CreditFlow implements WorkflowDefinition<CreditFlow.State, CreditFlow.Event> {
        sealed interface State extends WorkflowState {}

        record Open() implements State {}

        record Reserved(String amount) implements State {}

        sealed interface Event extends WorkflowEvent {}

        record ReservationRequested(String amount, String limit, String payeeIban) implements Event {}

        @Override
        public String type() {
            return "credit-reservation";
        }

        @Override
        public Class<State> stateType() {
            return State.class;
        }

        @Override
        public Class<Event> eventType() {
            return Event.class;
        }

        @Override
        public State initialState() {
            return new Open();
        }

        @Override
        public Event enrich(State state, Event event, Reading reading) {
            ReservationRequested r = (ReservationRequested) event;
            try (PreparedStatement s = reading.connection().prepareStatement(
                    "select available from credit_limit where tenant_id = ?")) {
                s.setObject(1, reading.tenant().value());
                try (ResultSet rs = s.executeQuery()) {
                    return new ReservationRequested(r.amount(), rs.next() ? rs.getString(1) : "0.00", r.payeeIban());
                }
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }

        @Override
        public Decision<State> decide(State state, Event event) {
            ReservationRequested r = (ReservationRequested) event;
            if (new java.math.BigDecimal(r.amount()).compareTo(new java.math.BigDecimal(r.limit())) > 0) {
                return Decision.reject("amount " + r.amount() + " is above the available limit " + r.limit());
            }
            return Decision.moveTo(new Reserved(r.amount()));
        }

        @Override
        public void project(Transition<State> transition, Reading reading) {
            try (PreparedStatement s = reading.connection().prepareStatement(
                    "insert into credit_view (tenant_id, business_key, instance_id, state) values (?, ?, ?, ?)")) {
                s.setObject(1, reading.tenant().value());
                s.setString(2, transition.businessKey());
                s.setObject(3, transition.instanceId());
                s.setString(4, transition.from().name() + "->" + transition.to().name());
                s.executeUpdate();
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }
    }

    @BeforeAll
    static void start() throws SQLException {
        f = new EngineFixture("enrich");
        try (Connection c = f.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table credit_limit (tenant_id uuid primary key, available numeric not null)");
            s.execute("create table credit_view (tenant_id uuid, business_key text, instance_id uuid, state text)");
            s.execute("grant select on credit_limit to finrelay_system");
            s.execute("grant insert on credit_view to finrelay_system");
            s.execute("insert into credit_limit values ('" + ACME.value() + "', 5000.00), ('" + GLOBEX.value() + "', 100.00)");
        }
        engine = WorkflowEngine.builder(f.db, new WorkflowRegistry(List.of(new CreditFlow())))
                .clock(f.clock).config(WorkflowEngine.Config.defaults("enrich-node")).build();
    }

    @AfterAll
    static void stop() {
        engine.close();
        f.close();
    }

    private static Receipt request(TenantId tenant, String key, String amount) {
        return engine.submit(new InboundEvent(new InboxKey(tenant, "api", key), "credit-reservation", key,
                new Input.Domain(new CreditFlow.ReservationRequested(amount, null, "DE89370400440532013000")), "corr-" + key, "treasurer"));
    }

    @Test
    void theDecisionSeesTheTenantsOwnDataReadInItsTransactionAndTheAuditShowsIt() {
        assertThat(request(ACME, "CR-ACME-1", "2400.00")).isInstanceOf(Receipt.Accepted.class);
        // Globex's limit is 100.00: the same request is refused on Globex's data, not Acme's.
        assertThat(request(GLOBEX, "CR-GLOBEX-1", "2400.00")).isInstanceOfSatisfying(Receipt.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("amount 2400.00 is above the available limit 100.00"));
        assertThat(f.string("select detail->'payload'->>'limit' from audit_event where kind = 'transition' "
                + "and tenant_id = ?", ACME.value())).isEqualTo("5000.00");
    }

    @Test
    void anIbanInAnEventReachesTheDecisionButTheAuditTrailKeepsItMasked() {
        assertThat(request(ACME, "CR-ACME-IBAN", "12.00")).isInstanceOf(Receipt.Accepted.class);
        String kept = f.string("select detail->'payload'->>'payeeIban' from audit_event where kind = 'transition' "
                + "and detail->>'dedupKey' = 'CR-ACME-IBAN'");
        assertThat(kept).isEqualTo("DE89 **** **** **** **30 00");
        assertThat(f.count("select count(*) from audit_event where detail::text like '%DE89370400440532013000%'")).isZero();
    }

    @Test
    void theReadModelIsWrittenWithTheTransitionAndNotForARejection() {
        assertThat(request(ACME, "CR-ACME-2", "10.00")).isInstanceOf(Receipt.Accepted.class);
        assertThat(f.string("select state from credit_view where business_key = 'CR-ACME-2'")).isEqualTo("Open->Reserved");
        assertThat(f.string("select instance_id::text from credit_view where business_key = 'CR-ACME-2'"))
                .isEqualTo(engine.instances().findByBusinessKey(ACME, "credit-reservation", "CR-ACME-2").orElseThrow().id().toString());
        assertThat(request(GLOBEX, "CR-GLOBEX-2", "500.00")).isInstanceOf(Receipt.Rejected.class);
        assertThat(f.count("select count(*) from credit_view where business_key = 'CR-GLOBEX-2'")).isZero();
    }
}
