package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policies every deployable overlay must hold, one per failure a review of the manifests found
 * (issue 18). {@link PolicyTest} runs them over the rendered overlays; {@link PolicyRulesCatchDefectsTest}
 * proves each one fails on a manifest that reintroduces its defect.
 */
final class Rules {
    /** Baton's own services. */
    static final Set<String> SERVICES = Set.of("api-gateway", "trainer-worker", "inference-worker");
    /** Workloads whose memory must be reserved, not borrowed: requests equal limits. */
    static final Set<String> GUARANTEED = Set.of("trainer-worker", "inference-worker");
    /** Images removed from their registry (MinIO deleted both Docker Hub repositories in September 2026). */
    static final Set<String> REMOVED_IMAGES = Set.of("minio/minio", "minio/mc", "docker.io/minio/minio", "docker.io/minio/mc");
    private static final Pattern HEAP_SHARE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)");

    private Rules() {
    }

    static final Rule API_KEYS_FROM_SECRET = new Rule("api-keys-from-secret", r -> {
        List<String> out = new ArrayList<>();
        ObjectNode gateway = r.get("Deployment", "api-gateway");
        JsonNode pod = gateway.path("spec").path("template").path("spec");
        JsonNode c = Rendered.container(pod, "api-gateway");
        String location = Rendered.env(c, "QUARKUS_CONFIG_LOCATIONS");
        String mountedSecret = null;
        for (JsonNode m : c.path("volumeMounts")) {
            if (location != null && location.startsWith(m.path("mountPath").asText() + "/")) {
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(m.path("name").asText()) && v.has("secret")) {
                        mountedSecret = v.path("secret").path("secretName").asText();
                    }
                }
            }
        }
        if (mountedSecret == null) {
            out.add(Rendered.id(gateway) + ": no API key reaches the gateway (every /api call would be 401); fix: mount the "
                    + "Secret baton-api-keys and point QUARKUS_CONFIG_LOCATIONS at its api-keys.properties");
        }
        return out;
    });

    static final Rule NO_SECRET_OBJECTS = new Rule("no-secret-objects", r -> r.all("Secret").stream()
            .map(s -> Rendered.id(s) + ": a Secret in the manifests overwrites the one the operator created; fix: delete it "
                    + "and document its creation (deploy/k8s/README.md, \"Secrets\")")
            .toList());

    static final Rule IMMUTABLE_IMAGES = new Rule("immutable-images", r -> {
        List<String> out = new ArrayList<>();
        Set<String> pending = ImageReferences.pendingDigest();
        for (ObjectNode w : r.workloadResources()) {
            for (JsonNode c : containers(w)) {
                String image = c.path("image").asText();
                String problem = ImageReferences.problem(image, pending);
                if (problem != null) {
                    out.add(Rendered.id(w) + " container " + c.path("name").asText() + ": " + problem);
                }
            }
        }
        return out;
    });

    static final Rule NO_REMOVED_IMAGES = new Rule("no-removed-images", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode w : r.workloadResources()) {
            for (JsonNode c : containers(w)) {
                String repository = ImageReferences.repository(c.path("image").asText());
                if (REMOVED_IMAGES.contains(repository)) {
                    out.add(Rendered.id(w) + ": image " + c.path("image").asText() + " no longer exists in its registry; fix: "
                            + "use the bundled SeaweedFS (object-store/seaweedfs) or your own S3 (overlays/external-s3)");
                }
            }
        }
        return out;
    });

    static final Rule KEDA_FULLY_QUALIFIED = new Rule("keda-fully-qualified-addresses", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode so : r.all("ScaledObject")) {
            for (JsonNode t : so.path("spec").path("triggers")) {
                for (String field : List.of("bootstrapServers", "serverAddress")) {
                    String value = t.path("metadata").path(field).asText("");
                    for (String address : value.split(",")) {
                        String host = address.replaceFirst("^[a-z]+://", "").replaceFirst("[:/].*$", "");
                        if (!address.isBlank() && !host.contains(".svc")) {
                            out.add(Rendered.id(so) + " trigger " + t.path("type").asText() + ": " + field + " " + address
                                    + " is resolved in KEDA's own namespace; fix: <service>.<namespace>.svc.cluster.local");
                        }
                    }
                }
            }
        }
        return out;
    });

    static final Rule KEDA_FALLBACK = new Rule("keda-fallback", r -> r.all("ScaledObject").stream()
            .filter(so -> !so.path("spec").path("fallback").has("replicas"))
            .map(so -> Rendered.id(so) + ": when its metrics cannot be read, KEDA keeps scaling blind; fix: set spec.fallback "
                    + "(failureThreshold, replicas, behavior: currentReplicasIfHigher)")
            .toList());

    static final Rule KEDA_OWNS_REPLICAS = new Rule("keda-owns-replicas", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode so : r.all("ScaledObject")) {
            String target = so.path("spec").path("scaleTargetRef").path("name").asText();
            ObjectNode d = r.get("Deployment", target);
            if (d.path("spec").has("replicas")) {
                out.add(Rendered.id(d) + ": sets replicas while " + Rendered.id(so) + " scales it, so every apply resets the "
                        + "scale; fix: remove spec.replicas");
            }
        }
        return out;
    });

    static final Rule SCALE_ON_WHAT_REPLICAS_LOWER = new Rule("scale-on-what-replicas-lower", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode so : r.all("ScaledObject")) {
            for (JsonNode t : so.path("spec").path("triggers")) {
                String query = t.path("metadata").path("query").asText("");
                if (query.contains("baton_inference_compute_seconds")) {
                    out.add(Rendered.id(so) + ": a trigger scales on model compute time, which more workers do not lower, so "
                            + "replicas stay at the maximum; fix: scale on the time requests wait (baton_inference_queue_seconds)");
                }
            }
        }
        return out;
    });

    static final Rule GUARANTEED_QOS = new Rule("guaranteed-qos", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode d : r.all("Deployment")) {
            String name = d.path("metadata").path("name").asText();
            if (!GUARANTEED.contains(name)) {
                continue;
            }
            JsonNode res = Rendered.container(d.path("spec").path("template").path("spec"), name).path("resources");
            for (String resource : List.of("cpu", "memory")) {
                String request = res.path("requests").path(resource).asText(null);
                String limit = res.path("limits").path(resource).asText(null);
                if (limit == null || !limit.equals(request)) {
                    out.add(Rendered.id(d) + ": " + resource + " request " + request + " differs from limit " + limit
                            + "; fix: requests equal to limits (Guaranteed QoS, never the first one OOM-killed)");
                }
            }
        }
        return out;
    });

    static final Rule MEMORY_BUDGET = new Rule("memory-budget", r -> {
        List<String> out = new ArrayList<>();
        for (MemoryBudget b : MemoryBudget.of(r)) {
            if (!b.fits()) {
                out.add(b.workload() + ": " + b + " exceeds the memory limit; fix: raise the limit, lower MaxRAMPercentage or "
                        + "the native parts (models loaded, lanes, batch)");
            }
        }
        return out;
    });

    static final Rule INGRESS_TLS = new Rule("ingress-tls", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode ing : r.all("Ingress")) {
            List<String> tlsHosts = new ArrayList<>();
            ing.path("spec").path("tls").forEach(t -> {
                if (t.hasNonNull("secretName")) {
                    t.path("hosts").forEach(h -> tlsHosts.add(h.asText()));
                }
            });
            for (JsonNode rule : ing.path("spec").path("rules")) {
                if (!tlsHosts.contains(rule.path("host").asText())) {
                    out.add(Rendered.id(ing) + ": host " + rule.path("host").asText() + " is served without TLS (API keys in "
                            + "clear text); fix: spec.tls with the host and a secretName (cert-manager issues it)");
                }
            }
        }
        return out;
    });

    /** What the Ingress may route: the API, the console and the one webjar the console loads. */
    static final List<String> PUBLIC_PATHS = List.of("/api", "/console", "/webjars/uplot");

    static final Rule INGRESS_API_ONLY = new Rule("ingress-exposes-api-only", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode ing : r.all("Ingress")) {
            for (JsonNode rule : ing.path("spec").path("rules")) {
                for (JsonNode p : rule.path("http").path("paths")) {
                    String path = p.path("path").asText("/");
                    if (PUBLIC_PATHS.stream().noneMatch(path::startsWith)) {
                        out.add(Rendered.id(ing) + ": path " + path + " exposes /q/metrics, /q/health and Swagger UI to the "
                                + "internet; fix: route only " + String.join(", ", PUBLIC_PATHS));
                    }
                }
            }
        }
        return out;
    });

    static final Rule INGRESS_UPLOADS = new Rule("ingress-takes-dataset-uploads", r -> {
        List<String> out = new ArrayList<>();
        long maxZip = Long.parseLong(gatewayProperty("baton.gateway.uploads.max-zip-bytes"));
        for (ObjectNode ing : r.all("Ingress")) {
            JsonNode a = ing.path("metadata").path("annotations");
            String body = a.path("nginx.ingress.kubernetes.io/proxy-body-size").asText("1m");
            if (nginxBytes(body) < maxZip) {
                out.add(Rendered.id(ing) + ": proxy-body-size " + body + " is below the gateway's " + maxZip
                        + "-byte dataset limit; fix: raise it above that");
            }
            if (!"off".equals(a.path("nginx.ingress.kubernetes.io/proxy-request-buffering").asText())) {
                out.add(Rendered.id(ing) + ": the proxy buffers whole uploads before the gateway sees a byte; fix: "
                        + "nginx.ingress.kubernetes.io/proxy-request-buffering: \"off\"");
            }
            for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
                int seconds = a.path("nginx.ingress.kubernetes.io/" + timeout).asInt(60);
                if (seconds < 600) {
                    out.add(Rendered.id(ing) + ": " + timeout + " " + seconds + " s cuts off a large upload; fix: 600 s or more");
                }
            }
        }
        return out;
    });

    static final Rule KAFKA_LISTENERS = new Rule("kafka-listeners-authenticated-or-closed", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode k : r.all("Kafka")) {
            for (JsonNode l : k.path("spec").path("kafka").path("listeners")) {
                if (l.has("authentication")) {
                    continue;
                }
                boolean onlyServices = l.path("networkPolicyPeers").size() > 0;
                for (JsonNode peer : l.path("networkPolicyPeers")) {
                    onlyServices &= !peer.has("namespaceSelector") && selectsOnlyServices(peer.path("podSelector"));
                }
                if (!onlyServices) {
                    out.add(Rendered.id(k) + " listener " + l.path("name").asText() + ": no authentication and open to any pod, "
                            + "which could queue GPU jobs past the gateway; fix: authentication (scram-sha-512) or "
                            + "networkPolicyPeers that select only Baton's service pods");
                }
            }
            if (!"simple".equals(k.path("spec").path("kafka").path("authorization").path("type").asText())) {
                out.add(Rendered.id(k) + ": no authorization, so KafkaUser ACLs are not enforced; fix: authorization.type simple");
            }
        }
        return out;
    });

    static final Rule KAFKA_USERS = new Rule("kafka-users-least-privilege", r -> {
        List<String> out = new ArrayList<>();
        for (String user : List.of("baton-gateway", "baton-trainer", "baton-inference", "baton-keda")) {
            if (r.all("KafkaUser").stream().noneMatch(u -> u.path("metadata").path("name").asText().equals(user))) {
                out.add("KafkaUser/" + user + ": missing; fix: one KafkaUser per client with its own ACLs (base/kafka.yaml)");
            }
        }
        for (ObjectNode u : r.all("KafkaUser")) {
            JsonNode acls = u.path("spec").path("authorization").path("acls");
            if (acls.isEmpty()) {
                out.add(Rendered.id(u) + ": no ACLs; fix: list the topics and groups it may use");
            }
            for (JsonNode acl : acls) {
                String name = acl.path("resource").path("name").asText("");
                boolean all = false;
                for (JsonNode op : acl.path("operations")) {
                    all |= op.asText().equals("All");
                }
                if (all || name.equals("*") || acl.path("resource").path("type").asText().equals("cluster")) {
                    out.add(Rendered.id(u) + ": ACL " + acl + " grants more than one service needs; fix: name the topic or "
                            + "group and the operations");
                }
            }
        }
        return out;
    });

    static final Rule NETWORK_DEFAULT_DENY = new Rule("network-default-deny", r -> {
        boolean found = r.all("NetworkPolicy").stream().anyMatch(np -> {
            JsonNode spec = np.path("spec");
            Set<String> types = new HashSet<>();
            spec.path("policyTypes").forEach(t -> types.add(t.asText()));
            return spec.path("podSelector").isEmpty() && types.containsAll(Set.of("Ingress", "Egress"))
                    && spec.path("ingress").isEmpty() && spec.path("egress").isEmpty();
        });
        return found ? List.of() : List.of("NetworkPolicy/default-deny: missing, so any pod reaches Kafka and the object "
                + "store; fix: a policy with podSelector {} and policyTypes [Ingress, Egress] and no rules");
    });

    static final Rule NETWORK_FLOWS = new Rule("network-flows", r -> new NetworkPolicies(r).violations(Flow.expected(r)));

    static final Rule SPREAD_REPLICAS = new Rule("replicas-spread-over-nodes", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode d : r.all("Deployment")) {
            String name = d.path("metadata").path("name").asText();
            boolean several = d.path("spec").path("replicas").asInt(1) > 1 || r.all("ScaledObject").stream()
                    .anyMatch(so -> so.path("spec").path("scaleTargetRef").path("name").asText().equals(name)
                            && so.path("spec").path("maxReplicaCount").asInt() > 1);
            if (several && !spreadsOverNodes(d.path("spec").path("template").path("spec"))) {
                out.add(Rendered.id(d) + ": its replicas may all land on one node; fix: topologySpreadConstraints on "
                        + "kubernetes.io/hostname (or podAntiAffinity)");
            }
        }
        for (ObjectNode pool : r.all("KafkaNodePool")) {
            if (pool.path("spec").path("replicas").asInt() > 1 && !spreadsOverNodes(pool.path("spec").path("template").path("pod"))) {
                out.add(Rendered.id(pool) + ": all Kafka nodes may share one machine; fix: required podAntiAffinity on "
                        + "kubernetes.io/hostname in spec.template.pod");
            }
        }
        return out;
    });

    static final Rule POD_SECURITY_RESTRICTED = new Rule("pod-security-restricted", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode ns : r.all("Namespace")) {
            if (!"restricted".equals(ns.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText())) {
                out.add(Rendered.id(ns) + ": Pod Security is not enforced; fix: label pod-security.kubernetes.io/enforce: restricted");
            }
        }
        for (ObjectNode w : r.workloadResources()) {
            JsonNode pod = w.path("spec").path("template").path("spec");
            JsonNode psc = pod.path("securityContext");
            if (!psc.path("runAsNonRoot").asBoolean(false)) {
                out.add(Rendered.id(w) + ": may run as root; fix: securityContext.runAsNonRoot: true");
            }
            String seccomp = psc.path("seccompProfile").path("type").asText("");
            if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
                out.add(Rendered.id(w) + ": no seccomp profile; fix: securityContext.seccompProfile.type: RuntimeDefault");
            }
            if (pod.path("hostNetwork").asBoolean() || pod.path("hostPID").asBoolean() || pod.path("hostIPC").asBoolean()) {
                out.add(Rendered.id(w) + ": shares a host namespace; fix: remove hostNetwork/hostPID/hostIPC");
            }
            for (JsonNode v : pod.path("volumes")) {
                if (v.has("hostPath")) {
                    out.add(Rendered.id(w) + ": hostPath volume " + v.path("name").asText() + "; fix: an emptyDir or a PVC");
                }
            }
            for (JsonNode c : containers(w)) {
                JsonNode sc = c.path("securityContext");
                String at = Rendered.id(w) + " container " + c.path("name").asText();
                if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                    out.add(at + ": may escalate privileges; fix: securityContext.allowPrivilegeEscalation: false");
                }
                if (sc.path("privileged").asBoolean(false)) {
                    out.add(at + ": privileged; fix: remove privileged");
                }
                boolean dropsAll = false;
                for (JsonNode cap : sc.path("capabilities").path("drop")) {
                    dropsAll |= cap.asText().equals("ALL");
                }
                if (!dropsAll || sc.path("capabilities").path("add").size() > 0) {
                    out.add(at + ": keeps Linux capabilities; fix: securityContext.capabilities.drop: [ALL], add none");
                }
                if (sc.path("runAsUser").asInt(psc.path("runAsUser").asInt(-1)) == 0) {
                    out.add(at + ": runs as user 0; fix: a non-zero runAsUser");
                }
            }
        }
        return out;
    });

    static final Rule READ_ONLY_ROOT = new Rule("read-only-root-filesystem-with-tmp", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode w : r.workloadResources()) {
            JsonNode pod = w.path("spec").path("template").path("spec");
            for (JsonNode c : containers(w)) {
                String at = Rendered.id(w) + " container " + c.path("name").asText();
                if (!c.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false)) {
                    out.add(at + ": writes to the image's filesystem; fix: readOnlyRootFilesystem: true and volumes for what it writes");
                }
                if (!mountsEmptyDir(pod, c, "/tmp")) {
                    out.add(at + ": /tmp is not a volume, so temporary files fail on a read-only root (or fill the node's "
                            + "image layer); fix: an emptyDir with a sizeLimit mounted at /tmp");
                }
            }
        }
        return out;
    });

    static final Rule PROBE_TIMEOUTS = new Rule("probe-timeouts", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode w : r.workloadResources()) {
            for (JsonNode c : containers(w)) {
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    JsonNode p = c.path(probe);
                    if (p.isMissingNode()) {
                        continue;
                    }
                    String at = Rendered.id(w) + " container " + c.path("name").asText() + " " + probe;
                    if (!p.has("timeoutSeconds")) {
                        out.add(at + ": the 1 s default timeout fails the probe on any slow answer; fix: set timeoutSeconds");
                    }
                    // The services' readiness asks Kafka (two calls of up to 3 s) and the object store.
                    if (probe.equals("readinessProbe") && SERVICES.contains(c.path("name").asText())
                            && p.path("timeoutSeconds").asInt(1) < 7) {
                        out.add(at + ": timeoutSeconds " + p.path("timeoutSeconds").asInt(1) + " is shorter than the readiness "
                                + "checks' own Kafka and S3 timeouts, so one slow dependency empties the Service; fix: 10");
                    }
                }
            }
        }
        return out;
    });

    static final Rule GATEWAY_DRAINS = new Rule("gateway-drains-on-rollout", r -> {
        List<String> out = new ArrayList<>();
        ObjectNode d = r.get("Deployment", "api-gateway");
        JsonNode pod = d.path("spec").path("template").path("spec");
        JsonNode c = Rendered.container(pod, "api-gateway");
        JsonNode preStop = c.path("lifecycle").path("preStop");
        int preStopSeconds = preStop.path("sleep").path("seconds").asInt(0);
        String shutdown = Rendered.env(c, "QUARKUS_SHUTDOWN_TIMEOUT");
        if (preStopSeconds < 5) {
            out.add(Rendered.id(d) + ": stops while still in the Service's endpoints, so requests land on a closing pod; fix: "
                    + "lifecycle.preStop.sleep.seconds of 5 or more");
        }
        if (shutdown == null || !shutdown.matches("\\d+s")) {
            out.add(Rendered.id(d) + ": Quarkus drops running requests on SIGTERM; fix: QUARKUS_SHUTDOWN_TIMEOUT (e.g. 90s)");
        } else if (preStopSeconds + Integer.parseInt(shutdown.replace("s", "")) >= pod.path("terminationGracePeriodSeconds").asInt(30)) {
            out.add(Rendered.id(d) + ": preStop plus shutdown timeout do not fit terminationGracePeriodSeconds; fix: raise the grace");
        }
        return out;
    });

    static final Rule PROGRESS_DEADLINE = new Rule("progress-deadline-covers-grace", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode d : r.all("Deployment")) {
            int deadline = d.path("spec").path("progressDeadlineSeconds").asInt(600);
            int grace = d.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt(30);
            if (deadline <= grace) {
                out.add(Rendered.id(d) + ": progressDeadlineSeconds " + deadline + " <= terminationGracePeriodSeconds " + grace
                        + ", so a rollout waiting on a pod that checkpoints is reported failed; fix: a deadline above the grace");
            }
        }
        return out;
    });

    static final Rule TRAINERS_NOT_EVICTED = new Rule("busy-trainers-not-evicted-by-autoscaler", r -> {
        ObjectNode d = r.get("Deployment", "trainer-worker");
        String value = d.path("spec").path("template").path("metadata").path("annotations")
                .path("cluster-autoscaler.kubernetes.io/safe-to-evict").asText("");
        return value.equals("false") ? List.of() : List.of(Rendered.id(d) + ": the cluster autoscaler may evict a training "
                + "trainer to empty its node; fix: pod annotation cluster-autoscaler.kubernetes.io/safe-to-evict: \"false\"");
    });

    static final Rule DEVICE_PLUGIN_OWNS_GPUS = new Rule("device-plugin-owns-gpus", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode w : r.workloadResources()) {
            for (JsonNode c : containers(w)) {
                if (Rendered.env(c, "NVIDIA_VISIBLE_DEVICES") != null) {
                    out.add(Rendered.id(w) + ": sets NVIDIA_VISIBLE_DEVICES, which can override the device plugin's per-pod GPU "
                            + "allocation; fix: remove it and request nvidia.com/gpu");
                }
            }
        }
        return out;
    });

    static final Rule S3_LEAST_PRIVILEGE = new Rule("services-not-object-store-root", r -> {
        List<String> out = new ArrayList<>();
        for (ObjectNode w : r.workloadResources()) {
            for (JsonNode c : containers(w)) {
                boolean readsServiceKey = c.path("env").findValues("secretKeyRef").stream()
                        .anyMatch(ref -> ref.path("name").asText().equals("baton-s3"));
                if (readsServiceKey && !SERVICES.contains(c.path("name").asText())) {
                    out.add(Rendered.id(w) + ": reads the services' S3 key (Secret baton-s3), which makes that key the store's "
                            + "root or admin; fix: the store gets its own identities (Secret baton-seaweedfs-s3) and the "
                            + "services a key limited to Baton's buckets");
                }
            }
        }
        return out;
    });

    /** Every rule, in the order of the review. */
    static final List<Rule> ALL = List.of(API_KEYS_FROM_SECRET, NO_SECRET_OBJECTS, IMMUTABLE_IMAGES, NO_REMOVED_IMAGES,
            KEDA_FULLY_QUALIFIED, KEDA_FALLBACK, KEDA_OWNS_REPLICAS, SCALE_ON_WHAT_REPLICAS_LOWER, GUARANTEED_QOS,
            MEMORY_BUDGET, INGRESS_TLS, INGRESS_API_ONLY, INGRESS_UPLOADS, KAFKA_LISTENERS, KAFKA_USERS,
            NETWORK_DEFAULT_DENY, NETWORK_FLOWS, SPREAD_REPLICAS, POD_SECURITY_RESTRICTED, READ_ONLY_ROOT,
            PROBE_TIMEOUTS, GATEWAY_DRAINS, PROGRESS_DEADLINE, TRAINERS_NOT_EVICTED, DEVICE_PLUGIN_OWNS_GPUS,
            S3_LEAST_PRIVILEGE);

    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode pod = workload.path("spec").path("template").path("spec");
        pod.path("initContainers").forEach(out::add);
        pod.path("containers").forEach(out::add);
        return out;
    }

    /** @return the heap share a container's JAVA_TOOL_OPTIONS sets (the JVM's default, 25 %, if none) */
    static int heapPercent(JsonNode container) {
        String options = Rendered.env(container, "JAVA_TOOL_OPTIONS");
        Matcher m = HEAP_SHARE.matcher(options == null ? "" : options);
        return m.find() ? Integer.parseInt(m.group(1)) : 25;
    }

    static String gatewayProperty(String key) {
        return property(Project.root().resolve("api-gateway/src/main/resources/application.properties"), key);
    }

    static String property(Path file, String key) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = p.getProperty(key);
        if (value == null) {
            throw new AssertionError(file + " has no " + key);
        }
        return value;
    }

    /** @return bytes of an NGINX size ("512m", "2g", "1024k", "100") */
    static long nginxBytes(String size) {
        String s = size.trim().toLowerCase(Locale.ROOT);
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }

    private static boolean selectsOnlyServices(JsonNode podSelector) {
        for (JsonNode e : podSelector.path("matchExpressions")) {
            if (e.path("key").asText().equals("app.kubernetes.io/name") && e.path("operator").asText().equals("In")) {
                boolean only = e.path("values").size() > 0;
                for (JsonNode v : e.path("values")) {
                    only &= SERVICES.contains(v.asText());
                }
                return only;
            }
        }
        return SERVICES.contains(podSelector.path("matchLabels").path("app.kubernetes.io/name").asText());
    }

    private static boolean spreadsOverNodes(JsonNode podSpec) {
        for (JsonNode t : podSpec.path("topologySpreadConstraints")) {
            if (t.path("topologyKey").asText().equals("kubernetes.io/hostname")) {
                return true;
            }
        }
        JsonNode anti = podSpec.path("affinity").path("podAntiAffinity");
        for (String kind : List.of("requiredDuringSchedulingIgnoredDuringExecution", "preferredDuringSchedulingIgnoredDuringExecution")) {
            for (JsonNode term : anti.path(kind)) {
                JsonNode t = term.has("podAffinityTerm") ? term.path("podAffinityTerm") : term;
                if (t.path("topologyKey").asText().equals("kubernetes.io/hostname")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mountsEmptyDir(JsonNode pod, JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(path)) {
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(m.path("name").asText()) && v.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
