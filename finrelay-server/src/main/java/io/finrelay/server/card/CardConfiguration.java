package io.finrelay.server.card;

import io.finrelay.workflows.card.CardAccrual;
import io.finrelay.workflows.card.CardReminder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The card workflows as beans, for the engine to find beside the others. Their commands go through the
 * connectors the expense workflow already has: the reminder to the expense platform, the accrual's
 * journals to the ERP (Tryton or the REST ERP, chosen per tenant).
 */
@Configuration(proxyBeanMethods = false)
public class CardConfiguration {

    @Bean
    CardReminder cardReminder() {
        return new CardReminder();
    }

    @Bean
    CardAccrual cardAccrual() {
        return new CardAccrual();
    }
}
