package dev.baton.service.kafka;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigDef;

/**
 * How a service reaches Kafka: the bootstrap servers and the standard client security properties
 * ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), shared by every client a service builds
 * (producers, consumers, share consumers, Admin), which add only their own settings through
 * {@link #with(Map)}.
 *
 * <p>In a service it comes from the {@code kafka.*} configuration (see {@link KafkaConnectionProducer}):
 * {@code kafka.security.protocol=SASL_SSL} in a properties file or {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} in the
 * environment. Only connection properties are kept, as the Kafka client itself names them (its SSL and SASL
 * configuration definitions); other {@code kafka.*} keys (Quarkus' own, a default {@code group.id}) never reach a
 * client. Without security properties a client connects over {@code PLAINTEXT}.
 */
public final class KafkaConnection {
    /** Quarkus' TLS registry name, which its SSL engine factory ({@code ssl.engine.factory.class}) reads. */
    static final String TLS_CONFIGURATION_NAME = "tls-configuration-name";

    private static final Set<String> CONNECTION_KEYS = connectionKeys();

    private final Map<String, Object> properties;

    private KafkaConnection(Map<String, Object> properties) {
        this.properties = Map.copyOf(properties);
    }

    /**
     * @param kafkaProperties Kafka client properties, without the {@code kafka.} prefix; keys other than the
     *        bootstrap servers, {@code security.protocol}, {@code client.dns.lookup}, {@code sasl.*} and
     *        {@code ssl.*} are ignored, and so are blank values
     * @return the connection
     * @throws IllegalArgumentException when {@code bootstrap.servers} is missing
     */
    public static KafkaConnection of(Map<String, ?> kafkaProperties) {
        Map<String, Object> kept = new HashMap<>();
        kafkaProperties.forEach((key, value) -> {
            if (CONNECTION_KEYS.contains(key) && value != null && !value.toString().isBlank()) {
                kept.put(key, value);
            }
        });
        if (!kept.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) is not set");
        }
        return new KafkaConnection(kept);
    }

    /**
     * @param bootstrapServers the brokers' {@code PLAINTEXT} listener
     * @return a connection without authentication
     */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return of(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers)));
    }

    /** @return the bootstrap servers */
    public String bootstrapServers() {
        return properties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
    }

    /** @return the security protocol clients use ({@code PLAINTEXT} unless configured) */
    public String securityProtocol() {
        return properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL).toString();
    }

    /** @return the connection properties alone (unmodifiable) */
    public Map<String, Object> properties() {
        return properties;
    }

    /**
     * @param clientSettings one client's own settings (client id, timeouts, group, acks, …)
     * @return a new modifiable map: the connection properties, then the client's settings
     */
    public Map<String, Object> with(Map<String, ?> clientSettings) {
        Map<String, Object> all = new HashMap<>(properties);
        all.putAll(clientSettings);
        return all;
    }

    /**
     * @param credentials other connection properties (another user's {@code sasl.jaas.config}, say)
     * @return a connection to the same brokers with these properties replacing this one's
     */
    public KafkaConnection withProperties(Map<String, ?> credentials) {
        return of(with(credentials));
    }

    /** Names the brokers and the protocol, never the credentials. */
    @Override
    public String toString() {
        return bootstrapServers() + " (" + securityProtocol() + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaConnection that && properties.equals(that.properties);
    }

    @Override
    public int hashCode() {
        return properties.hashCode();
    }

    private static Set<String> connectionKeys() {
        Set<String> keys = new HashSet<>(new ConfigDef().withClientSslSupport().withClientSaslSupport().names());
        keys.addAll(List.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG, TLS_CONFIGURATION_NAME));
        return Set.copyOf(keys);
    }
}
