package io.finrelay.server.order;

import io.finrelay.connectors.sandbox.CrmConnector;
import io.finrelay.connectors.sandbox.SalesOrderConnector;
import io.finrelay.engine.WorkflowEngine;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.server.audit.AuditLog;
import io.finrelay.server.connectors.ErpConnections;
import io.finrelay.server.expense.ExpenseSettings;
import io.finrelay.server.web.PeerUrlPolicy;
import io.finrelay.workflows.order.OrderToCash;
import io.finrelay.workflows.reconciliation.ReconciliationMatch;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Order to cash as beans: the workflow (reading its tables in the deciding transaction), its ERP
 * connector (Tryton when so configured, else the REST ERP of the expense settings' erpUrl), the CRM
 * connector, the settings and read model, and cash application on the reconciliation's ERP connector.
 */
@Configuration(proxyBeanMethods = false)
public class OrderConfiguration {

    @Bean
    OrderToCash orderToCash() {
        return new OrderToCash(new OrderTables());
    }

    @Bean
    OrderSettings orderSettings(Database db, Clock clock, AuditLog audit, PeerUrlPolicy peers) {
        return new OrderSettings(db, clock, audit, peers);
    }

    @Bean
    OrderRows orderRows(Database db) {
        return new OrderRows(db);
    }

    @Bean
    Opportunities opportunities(Database db) {
        return new Opportunities(db);
    }

    @Bean
    OrderErpRouter orderErpConnector(ExpenseSettings expense, ErpConnections erps) {
        return new OrderErpRouter(erps, new SalesOrderConnector(t -> expense.endpoint(t, "erp")));
    }

    @Bean
    CrmConnector crmConnector(OrderSettings settings) {
        return new CrmConnector(settings::crm);
    }

    /** Wraps the reconciliation's ERP connector so that a cleared receivable pays its order ({@link OrderPayments}). */
    @Bean
    static BeanPostProcessor orderPayments(ObjectProvider<Database> db, ObjectProvider<WorkflowEngine> engine) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof Connector connector && connector.name().equals(ReconciliationMatch.ERP)) {
                    return new OrderPayments(connector, db::getObject, engine::getObject);
                }
                return bean;
            }
        };
    }
}
