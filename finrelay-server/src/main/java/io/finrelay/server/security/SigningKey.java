package io.finrelay.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.finrelay.server.config.FinrelayProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The EC P-256 key Finrelay signs its users' tokens with (ES256). From configuration
 * ({@code finrelay.security.tokens.signing-key}, a private JWK) when given, else from a key file,
 * generated on the first start and readable by its owner only. Nodes that share a database must
 * share this key (configuration or one file), or a token from one node is refused by another.
 */
@Component
public class SigningKey {
    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    private final ECKey key;

    @Autowired
    public SigningKey(SecurityProperties security, FinrelayProperties finrelay) {
        SecurityProperties.Tokens tokens = security.tokens();
        if (tokens.signingKey() != null && !tokens.signingKey().isBlank()) {
            this.key = parse(tokens.signingKey(), "finrelay.security.tokens.signing-key");
            log.info("token signing key {} from configuration", key.getKeyID());
        } else {
            Path file = tokens.keyFile() != null && !tokens.keyFile().isBlank() ? Path.of(tokens.keyFile())
                    : Path.of(finrelay.dataDir()).toAbsolutePath().getParent().resolve("token-signing-key.json");
            this.key = fromFile(file);
            log.info("token signing key {} from {}", key.getKeyID(), file);
        }
    }

    /** A given key (tests, and anything that loads the key elsewhere). */
    SigningKey(ECKey key) {
        this.key = key;
    }

    ECKey privateKey() {
        return key;
    }

    /** The public half as a JWK Set, what {@code /.well-known/jwks.json} publishes. */
    public Map<String, Object> publicJwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }

    private static ECKey fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                ECKey generated = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
                Files.writeString(file, generated.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a non-POSIX file system keeps its own default permissions
                }
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token signing key " + file, e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a token signing key", e);
        }
    }

    private static ECKey parse(String json, String source) {
        try {
            ECKey parsed = ECKey.parse(json);
            if (!parsed.isPrivate() || !Curve.P_256.equals(parsed.getCurve()) || parsed.getKeyID() == null) {
                throw new IllegalStateException(source + ": the token signing key must be a private P-256 EC JWK with a kid");
            }
            return parsed;
        } catch (ParseException e) {
            throw new IllegalStateException(source + ": not a JWK: " + e.getMessage(), e);
        }
    }
}
