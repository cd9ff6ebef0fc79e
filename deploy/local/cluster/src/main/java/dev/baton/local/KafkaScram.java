package dev.baton.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * The local broker's SASL/SCRAM-SHA-512 set-up ({@code BATON_KAFKA_SCRAM=true}): one {@code SASL_PLAINTEXT}
 * client listener, a super user that provisions (as Strimzi's operators do on Kubernetes), and one user per
 * {@code KafkaUser} of the Kubernetes deploy with that user's ACLs ({@link KafkaAcls}). The users are created
 * when the storage is formatted ({@code kafka-storage format --add-scram}); the ACLs when the broker is checked
 * ready. A client authenticates with the standard Kafka properties ({@link #clientProperties}), which the services
 * read from the environment ({@link #environment}).
 *
 * <p>Passwords are local and fixed, like the S3Proxy keys: {@code <user>-local-secret}.
 */
public final class KafkaScram {
    /** The SASL mechanism, as on Kubernetes. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The super user: the local provisioner and the broker's own inter-broker identity. */
    public static final String SUPER_USER = "baton-admin";
    /** Which KafkaUser each service connects as. */
    public static final Map<String, String> SERVICE_USERS = Map.of(
            "api-gateway", "baton-gateway", "trainer-worker", "baton-trainer", "inference-worker", "baton-inference");

    private final KafkaAcls acls;

    /** @param acls the users and their ACLs */
    public KafkaScram(KafkaAcls acls) {
        this.acls = acls;
    }

    /** @return the users and their ACLs */
    public KafkaAcls acls() {
        return acls;
    }

    /**
     * @param user a user's name
     * @return its local password
     */
    public String password(String user) {
        return user + "-local-secret";
    }

    /**
     * @param user a user's name
     * @param password the password to log in with (a wrong one for a test that must be refused)
     * @return the standard Kafka client properties of a SCRAM login over {@code SASL_PLAINTEXT}
     */
    public static Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password));
    }

    /**
     * @param user a user's name
     * @return the client properties of that user with its password
     */
    public Map<String, String> clientProperties(String user) {
        return clientProperties(user, password(user));
    }

    /**
     * @param user a user's name
     * @return the same properties as environment variables ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
     *         {@code KAFKA_SASL_JAAS_CONFIG}), as a service reads them and as the Kubernetes Deployments set them
     */
    public Map<String, String> environment(String user) {
        Map<String, String> env = new LinkedHashMap<>();
        clientProperties(user).forEach((key, value) ->
                env.put("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    private static String jaasConfig(String user, String password) {
        return ScramLoginModule.class.getName() + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /**
     * @param host the listener's address
     * @param port the client listener's port
     * @param controllerPort the KRaft controller's port
     * @return the broker's listener, SASL and authorizer settings
     */
    List<String> serverProperties(String host, int port, int controllerPort) {
        return List.of(
                "listeners=SASL_PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
                "advertised.listeners=SASL_PLAINTEXT://" + host + ":" + port,
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "sasl.enabled.mechanisms=" + MECHANISM,
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                        + jaasConfig(SUPER_USER, password(SUPER_USER)),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                // ANONYMOUS: the broker's own requests to its controller, on the PLAINTEXT controller listener only
                // (a client listener that authenticates every connection never yields it)
                "super.users=User:" + SUPER_USER + ";User:ANONYMOUS");
    }

    /** @return the {@code kafka-storage format} arguments that create the super user and every KafkaUser */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        List<String> users = new ArrayList<>(acls.users());
        users.add(0, SUPER_USER);
        for (String user : users) {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + password(user) + "]");
        }
        return args;
    }
}
