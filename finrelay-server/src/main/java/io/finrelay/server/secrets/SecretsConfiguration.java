package io.finrelay.server.secrets;

import io.finrelay.server.config.FinrelayProperties;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the secrets keyring comes from: {@code finrelay.secrets.keys} (lines {@code id=base64}, e.g.
 * from the environment variable {@code FINRELAY_SECRETS_KEYS}), else the key file
 * {@code finrelay.secrets.key-file}, else {@code secrets.keys} beside the data directory, created
 * with a fresh key on the embedded default's first start.
 */
@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    SecretBox secretBox(FinrelayProperties properties) {
        SecureRandom random = new SecureRandom();
        FinrelayProperties.Secrets secrets = properties.secrets();
        Keyring keyring;
        if (secrets.keys() != null && !secrets.keys().isBlank()) {
            keyring = Keyring.parse(List.of(secrets.keys().split("[\\n;]")), "finrelay.secrets.keys");
            log.info("secrets keyring from configuration: {} key(s), active {}", keyring.keys().size(), keyring.activeKeyId());
        } else {
            Path file = secrets.keyFile() != null && !secrets.keyFile().isBlank()
                    ? Path.of(secrets.keyFile())
                    : Path.of(properties.dataDir()).toAbsolutePath().getParent().resolve("secrets.keys");
            keyring = Keyring.fromFile(file, random);
            log.info("secrets keyring from {}: {} key(s), active {}", file, keyring.keys().size(), keyring.activeKeyId());
        }
        return new SecretBox(keyring, random);
    }
}
