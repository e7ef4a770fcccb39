package io.finrelay.server.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything Finrelay's server reads from its configuration ({@code application.yml}, environment
 * variables such as {@code FINRELAY_DB_URL}, or {@code --finrelay.db.url=...}). The README lists each.
 *
 * @param dataDir      where the embedded PostgreSQL keeps its data ({@code FINRELAY_DATA_DIR})
 * @param nodeId       this node's name in outbox claims; empty (the default): made up on the first start and
 *                     kept beside the data directory ({@link NodeId}), so nodes sharing a database differ
 * @param bootstrapKey a partner-admin key to install at start-up ({@code FINRELAY_BOOTSTRAP_KEY})
 * @param secrets      the keyring that seals secrets at rest (see io.finrelay.server.secrets)
 * @param engine       how this node's engine shares the database with other nodes
 */
@ConfigurationProperties("finrelay")
public record FinrelayProperties(
        @DefaultValue Db db,
        @DefaultValue("./data/postgres") String dataDir,
        String nodeId,
        String bootstrapKey,
        @DefaultValue Retry retry,
        @DefaultValue Secrets secrets,
        @DefaultValue Engine engine) {

    /**
     * @param url          JDBC URL of an external PostgreSQL; empty starts the embedded one
     * @param embeddedPort port of the embedded PostgreSQL; 0 picks a free one at each start
     * @param poolSize     connections in the pool
     * @param connectionTimeout how long a request or worker waits for a connection before it fails
     *                     (503 on the API): while the database is down, each waits this long
     */
    public record Db(String url, String user, String password, @DefaultValue("0") int embeddedPort,
                     @DefaultValue("16") int poolSize, @DefaultValue("5s") Duration connectionTimeout) {
        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * @param lease     how long a claimed command is this node's: a node that dies holding claims has them
     *                  taken over by another node (as unknown outcomes, the peer asked first) once this has
     *                  passed by the database's clock; longer than the slowest connector call
     * @param idlePoll  how long an idle worker waits before it looks for work again (the safety net)
     * @param wakeUps   whether nodes wake each other when they commit work (LISTEN/NOTIFY, a hint only)
     */
    public record Engine(@DefaultValue("2m") Duration lease, @DefaultValue("500ms") Duration idlePoll,
                         @DefaultValue("true") boolean wakeUps) {
        public Engine {
            if (lease.isNegative() || lease.isZero() || idlePoll.isNegative() || idlePoll.isZero()) {
                throw new IllegalArgumentException("finrelay.engine.lease and idle-poll must be positive");
            }
        }
    }

    /** The retry policy of every connector: exponential backoff with full jitter, then the exception queue. */
    public record Retry(@DefaultValue("1s") Duration baseDelay, @DefaultValue("10m") Duration maxDelay,
                        @DefaultValue("10") int maxAttempts) {}

    /**
     * @param keys    keyring lines {@code id=base64} separated by newlines or ';' (last one seals new values)
     * @param keyFile a file of such lines; empty means {@code secrets.keys} beside the data directory
     */
    public record Secrets(String keys, String keyFile) {}
}
