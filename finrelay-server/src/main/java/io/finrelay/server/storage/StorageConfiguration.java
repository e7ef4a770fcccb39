package io.finrelay.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.finrelay.engine.db.Database;
import io.finrelay.engine.db.Migrations;
import io.finrelay.server.config.FinrelayProperties;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The one PostgreSQL of this node: the external one at {@code finrelay.db.url}, or else the embedded
 * one under {@code finrelay.data-dir}. The schema is brought up to date (engine 1.x, server 2.x)
 * before anything else touches it.
 */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {
    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);
    static final String REWRITE = "reWriteBatchedInserts";

    @Bean(destroyMethod = "close")
    @Conditional(EmbeddedWanted.class)
    EmbeddedDatabase embeddedDatabase(FinrelayProperties properties) {
        return EmbeddedDatabase.start(Path.of(properties.dataDir()), properties.db().embeddedPort());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(FinrelayProperties properties, ObjectProvider<EmbeddedDatabase> embedded) {
        FinrelayProperties.Db db = properties.db();
        HikariConfig config = new HikariConfig();
        config.setPoolName("finrelay");
        config.setMaximumPoolSize(db.poolSize());
        // HikariCP's 30 s default would hold every request that long while the database is down; after
        // this wait the request fails with a 503 (io.finrelay.server.web.ApiExceptionHandler).
        config.setConnectionTimeout(db.connectionTimeout().toMillis());
        if (db.external()) {
            config.setJdbcUrl(withBatchRewrite(db.url()));
            config.setUsername(db.user());
            config.setPassword(db.password());
            log.info("database: external PostgreSQL at {}", db.url().replaceAll("password=[^&]*", "password=***"));
        } else {
            EmbeddedDatabase pg = embedded.getObject();
            config.setJdbcUrl(pg.jdbcUrl());
            config.setUsername(pg.user());
        }
        // The engine batches its inserts; the driver turns a batch into multi-row inserts only with this.
        config.addDataSourceProperty(REWRITE, "true");
        HikariDataSource dataSource = new HikariDataSource(config);
        int applied = Migrations.migrate(dataSource);
        log.info("database schema up to date ({} migrations applied now)", applied);
        return dataSource;
    }

    @Bean
    Database database(HikariDataSource dataSource) {
        return new Database(dataSource);
    }

    /** Adds {@code reWriteBatchedInserts=true} to a URL that lacks it; refuses one that turns it off. */
    static String withBatchRewrite(String url) {
        if (url.contains(REWRITE + "=false")) {
            throw new IllegalStateException("FINRELAY_DB_URL sets " + REWRITE + "=false; Finrelay needs it on");
        }
        if (url.contains(REWRITE + "=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + REWRITE + "=true";
    }

    /** True when no external database is configured. */
    static final class EmbeddedWanted implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(org.springframework.context.annotation.ConditionContext context,
                               org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("finrelay.db.url");
            return url == null || url.isBlank();
        }
    }
}
