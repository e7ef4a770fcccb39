package io.finrelay.server.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document served at {@code /v1/openapi.json}. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    @Bean
    OpenAPI finrelayOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Finrelay API").version("v1")
                        .description("Finance integration and workflow orchestration: tenants, master data, "
                                + "workflow events, instances with timelines, and the exception queue. "
                                + "Errors are RFC 9457 application/problem+json.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("frk_<prefix>_<secret>")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
