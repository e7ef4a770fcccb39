package io.finrelay.connectors.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finrelay.engine.json.Json;
import io.finrelay.engine.outbox.CommandEnvelope;
import io.finrelay.engine.outbox.Connector;
import io.finrelay.engine.outbox.Delivery;
import io.finrelay.engine.outbox.Lookup;
import io.finrelay.model.id.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes business events to the tenant's Kafka topic, relayed from the outbox: one {@link BusinessEvent#PUBLISH}
 * command is one record, a CloudEvent in structured JSON whose {@code id} is the command's id, keyed by tenant and
 * business object, sent by an idempotent producer ({@code enable.idempotence}, {@code acks=all}) and done once the
 * broker has acknowledged it.
 *
 * <p>Exactly once at the topic: the idempotent producer keeps its own retries from writing a record twice, and the
 * engine keeps its own: after an unknown outcome (a timeout after sending, a node killed between the send and the
 * outbox commit) it asks {@link #lookup} before sending again, and the lookup reads the one partition the key maps
 * to (the connector picks the partition itself, with Kafka's own hash of the key, so the producer and the lookup
 * agree) from shortly before the event's time to the end, for a record with the event's id. Records are compared by
 * the id in their JSON, so a record another producer wrote is recognised too.
 *
 * <p>Answers are classified as every connector's: the cluster unreachable before anything was sent (no metadata
 * for the topic) is transient; a timeout or a broken connection after the send is unknown (looked up first); a
 * record the broker refuses for good (too large, an invalid topic, no permission) goes to the exception queue.
 * A tenant without a stream configured gets its command done with nothing sent.
 */
public final class KafkaEventConnector implements Connector, AutoCloseable {
    public static final String NAME = "kafka";
    private static final Logger log = LoggerFactory.getLogger(KafkaEventConnector.class);
    /** How far before the event's time the lookup starts reading: clocks of nodes and brokers differ. */
    private static final Duration LOOKBACK = Duration.ofHours(1);

    private final Function<TenantId, Optional<EventStream>> streams;
    private final Duration timeout;
    private final Map<EventStream, KafkaProducer<String, byte[]>> producers = new ConcurrentHashMap<>();

    /**
     * @param streams each tenant's stream, empty for a tenant without one
     * @param timeout how long one send (or one lookup) may take; below the engine's lease
     */
    public KafkaEventConnector(Function<TenantId, Optional<EventStream>> streams, Duration timeout) {
        this.streams = streams;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Delivery deliver(CommandEnvelope command) {
        Optional<EventStream> configured = streams.apply(command.tenantId());
        if (configured.isEmpty()) {
            return new Delivery.Done("{\"published\":false,\"why\":\"the tenant has no event stream\"}");
        }
        EventStream stream = configured.get();
        CloudEvent event = CloudEvent.of(command, command.payload(BusinessEvent.PUBLISH));
        String key = CloudEvent.key(command.tenantId(), command.workflowType(), command.businessKey());
        KafkaProducer<String, byte[]> producer;
        int partition;
        try {
            producer = producer(stream);
            partition = partitionOf(key, producer.partitionsFor(stream.topic()));
        } catch (KafkaException e) {
            // Nothing was sent: the cluster did not even say where the topic's partitions are.
            drop(stream);
            return classifyBeforeSend(e);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", CloudEvent.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(stream.topic(), partition, key, event.toBytes(), headers);
        try {
            RecordMetadata written = producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Delivery.Done(result(event.id(), written.topic(), written.partition(), written.offset()));
        } catch (ExecutionException e) {
            drop(stream);
            return classifyAfterSend(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            drop(stream);
            return new Delivery.Unknown("no acknowledgement from Kafka within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Unknown("interrupted while waiting for Kafka's acknowledgement");
        } catch (KafkaException e) {
            drop(stream);
            return new Delivery.Unknown("Kafka producer failed: " + e);
        }
    }

    @Override
    public Lookup lookup(CommandEnvelope command) {
        Optional<EventStream> configured = streams.apply(command.tenantId());
        if (configured.isEmpty()) {
            return new Lookup.NotFound();
        }
        EventStream stream = configured.get();
        BusinessEvent event = command.payload(BusinessEvent.PUBLISH);
        String key = CloudEvent.key(command.tenantId(), command.workflowType(), command.businessKey());
        String id = command.idempotencyKey();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(stream),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(stream.topic(),
                    partitionOf(key, consumer.partitionsFor(stream.topic(), timeout)));
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            OffsetAndTimestamp from = consumer.offsetsForTimes(
                    Map.of(partition, event.time().minus(LOOKBACK).toEpochMilli()), timeout).get(partition);
            if (from == null) {
                return new Lookup.NotFound();
            }
            consumer.seek(partition, from.offset());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    return new Lookup.Unreachable("could not read partition " + partition + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end && key.equals(record.key()) && id.equals(idOf(record.value()))) {
                        return new Lookup.Found(result(id, record.topic(), record.partition(), record.offset()));
                    }
                }
            }
            return new Lookup.NotFound();
        } catch (KafkaException e) {
            return new Lookup.Unreachable("Kafka: " + e);
        }
    }

    /** The CloudEvent id in a record's value; null when the value is not a CloudEvent this can read. */
    private static String idOf(byte[] value) {
        try {
            return Json.read(new String(value, StandardCharsets.UTF_8), CloudEvent.class).id();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Kafka's own partition of a keyed record (murmur2), so that consumers see the usual key-to-partition mapping. */
    static int partitionOf(String key, List<PartitionInfo> partitions) {
        if (partitions == null || partitions.isEmpty()) {
            throw new KafkaException("the topic has no partitions (does it exist?)");
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions.size();
    }

    private static String result(String eventId, String topic, int partition, long offset) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("published", true);
        node.put("eventId", eventId);
        node.put("topic", topic);
        node.put("partition", partition);
        node.put("offset", offset);
        return node.toString();
    }

    private static Delivery classifyBeforeSend(KafkaException e) {
        if (e instanceof AuthenticationException || e instanceof AuthorizationException || e instanceof InvalidTopicException) {
            return new Delivery.Permanent("Kafka refused: " + e.getMessage());
        }
        return Delivery.Transient.of("Kafka unreachable, nothing sent: " + e.getMessage());
    }

    private static Delivery classifyAfterSend(Throwable cause) {
        if (cause instanceof RecordTooLargeException || cause instanceof InvalidTopicException
                || cause instanceof AuthorizationException || cause instanceof AuthenticationException) {
            // refused before it was written: nothing to look up, nothing a retry changes
            return new Delivery.Permanent("Kafka refused the record: " + cause);
        }
        return new Delivery.Unknown("Kafka send failed, the record may be written: " + cause);
    }

    private KafkaProducer<String, byte[]> producer(EventStream stream) {
        return producers.computeIfAbsent(stream, s -> new KafkaProducer<>(producerConfig(s), new StringSerializer(),
                new ByteArraySerializer()));
    }

    /** A producer that failed is closed and made again: an idempotent producer's fatal errors leave it unusable. */
    private void drop(EventStream stream) {
        KafkaProducer<String, byte[]> producer = producers.remove(stream);
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                log.debug("closing a failed Kafka producer: {}", e.toString());
            }
        }
    }

    private Map<String, Object> producerConfig(EventStream stream) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stream.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "finrelay-events");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        int millis = (int) timeout.toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, millis / 2));
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        return config;
    }

    private Map<String, Object> consumerConfig(EventStream stream) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stream.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "finrelay-events-lookup");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return config;
    }

    @Override
    public void close() {
        producers.keySet().forEach(this::drop);
    }
}
