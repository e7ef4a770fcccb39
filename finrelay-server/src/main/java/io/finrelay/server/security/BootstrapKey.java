package io.finrelay.server.security;

import io.finrelay.engine.db.Database;
import io.finrelay.model.id.PartnerId;
import io.finrelay.server.config.FinrelayProperties;
import io.finrelay.server.tenancy.Tenants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The first key. With {@code FINRELAY_BOOTSTRAP_KEY} set, that key is installed as a partner-admin
 * key (once; it is stored hashed like any other). Without it, a database that has no partner-admin
 * key yet gets a new random one, written once to {@code bootstrap-key.txt} beside the data directory
 * (readable by its owner only) and never to the log: log lines travel to places secrets must not.
 */
@Component
public class BootstrapKey implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapKey.class);
    private static final ApiKeys.KeySpec BOOTSTRAP = new ApiKeys.KeySpec("bootstrap", java.util.Set.of(Role.PARTNER_ADMIN),
            Optional.empty());

    private final Database db;
    private final ApiKeys keys;
    private final Tenants tenants;
    private final FinrelayProperties properties;
    private final Clock clock;

    public BootstrapKey(Database db, ApiKeys keys, Tenants tenants, FinrelayProperties properties, Clock clock) {
        this.db = db;
        this.keys = keys;
        this.tenants = tenants;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Optional<ApiKeyToken> configured = Optional.ofNullable(properties.bootstrapKey()).filter(s -> !s.isBlank())
                .map(text -> ApiKeyToken.parse(text).orElseThrow(() -> new IllegalStateException(
                        "FINRELAY_BOOTSTRAP_KEY must look like frk_<8-32 lower-case hex/letters>_<32-128 letters or digits>")));
        // Before any tenant exists: the partner-admin key it writes belongs to no tenant (tenant_id null).
        db.inSystem(c -> {
            // Two nodes starting together must not both create a first key.
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext('finrelay-bootstrap'))")) {
                lock.execute();
            }
            if (configured.isPresent()) {
                if (!keys.prefixExists(c, configured.get().prefix())) {
                    PartnerId partner = partner(c);
                    keys.create(c, partner, Optional.empty(), BOOTSTRAP, configured.get(), clock.instant());
                    log.info("installed the partner-admin key from FINRELAY_BOOTSTRAP_KEY (prefix {}) for partner {}",
                            configured.get().prefix(), partner);
                }
            } else if (!keys.anyPartnerAdmin(c)) {
                PartnerId partner = partner(c);
                ApiKeyToken token = ApiKeyToken.generate();
                keys.create(c, partner, Optional.empty(), BOOTSTRAP, token, clock.instant());
                Path file = writeOnce(token, partner);
                log.warn("\n================================================================================\n"
                        + " Finrelay: first start. A partner-admin API key (prefix {}) was created for partner {}\n"
                        + " and written to {} (readable by you only).\n"
                        + " Use it as 'Authorization: Bearer <key>'; keep it in a secret store and delete the file.\n"
                        + " Only its hash is stored.\n"
                        + "================================================================================",
                        token.prefix(), partner, file);
            }
            return null;
        });
    }

    private Path writeOnce(ApiKeyToken token, PartnerId partner) {
        Path file = Path.of(properties.dataDir()).toAbsolutePath().getParent().resolve("bootstrap-key.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "# Finrelay partner-admin API key for partner " + partner + "\n" + token.token() + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a non-POSIX file system keeps its own default permissions
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first partner-admin key to " + file
                    + "; set FINRELAY_BOOTSTRAP_KEY or make the directory writable", e);
        }
    }

    private PartnerId partner(java.sql.Connection c) throws java.sql.SQLException {
        Optional<PartnerId> existing = tenants.firstPartner(c);
        return existing.isPresent() ? existing.get() : tenants.createPartner(c, "Default partner", clock.instant());
    }
}
