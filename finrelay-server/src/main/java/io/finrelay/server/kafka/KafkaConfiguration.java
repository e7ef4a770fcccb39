package io.finrelay.server.kafka;

import io.finrelay.connectors.kafka.KafkaEventConnector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka connector, on every node whatever its configuration: a node that claims a publish command of a
 * tenant it has no stream for has it done with nothing sent, rather than an unknown connector's exception.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean(destroyMethod = "close")
    KafkaEventConnector kafkaEventConnector(EventStreams streams, EventStreamProperties properties) {
        return new KafkaEventConnector(streams::outbound, properties.sendTimeout());
    }
}
