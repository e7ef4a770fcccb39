package io.finrelay.server.monitors;

import io.finrelay.workflows.monitor.StuckAlert;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The breach workflow as a bean, for the engine to find beside the others. */
@Configuration(proxyBeanMethods = false)
public class MonitorConfiguration {

    @Bean
    StuckAlert stuckAlert() {
        return new StuckAlert();
    }
}
