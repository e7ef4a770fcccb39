package io.finrelay.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in the test JVM: one KRaft node that is broker and controller at once, from the
 * Maven-delivered broker jars (no Docker, no ZooKeeper), on free ports and a temporary log directory.
 * {@link #shared()} is the one broker of the test JVM (started at first use, like {@link TestDatabase}); a test
 * that stops a broker takes one of its own with {@link #startNew()}, which it can {@link #stop()} and
 * {@link #restart()} on the same ports and log directory, as an operator's broker goes away and comes back.
 *
 * <p>Modules that use it name {@code org.apache.kafka:kafka_2.13} in test scope (optional here).
 */
public final class TestKafka implements AutoCloseable {
    private static volatile TestKafka shared;

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;

    private TestKafka() {
        try {
            this.logDir = Files.createTempDirectory("finrelay-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.brokerPort = freePort();
        this.controllerPort = freePort();
        format();
    }

    /** The test JVM's broker, started at first use and stopped when the JVM exits. */
    public static synchronized TestKafka shared() {
        if (shared == null) {
            shared = startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A broker of the caller's own, to stop and restart; close it when done. */
    public static TestKafka startNew() {
        TestKafka kafka = new TestKafka();
        kafka.start();
        return kafka;
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    /** Creates {@code name} with {@code partitions} partitions (replication 1) unless it exists. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name + " in 30 s", e);
        }
    }

    /** Stops the broker; its log directory (every record it acknowledged) stays for {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the stopped broker again on the same ports and log directory. */
    public synchronized void restart() {
        start();
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory; the JVM is usually exiting
        }
    }

    private synchronized void start() {
        if (server == null) {
            server = new KafkaRaftServer(config(), Time.SYSTEM);
            server.startup();
        }
    }

    private KafkaConfig config() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // flushed on every write, as the acknowledged records must survive the broker's stop in the outage tests
        p.put("log.flush.interval.messages", "1");
        return KafkaConfig.fromProps(p, false);
    }

    /** Formats the log directory for KRaft, as {@code kafka-storage.sh format} does. */
    private void format() {
        KafkaConfig config = config();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(clusterId)
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(config.metadataLogDir())
                .setReleaseVersion(MetadataVersion.latestProduction())
                .addDirectory(logDir.toString());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the test broker's log directory " + logDir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
