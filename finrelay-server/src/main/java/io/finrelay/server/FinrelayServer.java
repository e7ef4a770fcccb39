package io.finrelay.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Finrelay server: HTTP API, tenants, API keys and the workflow engine on one PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FinrelayServer {
    public static void main(String[] args) {
        SpringApplication.run(FinrelayServer.class, args);
    }
}
