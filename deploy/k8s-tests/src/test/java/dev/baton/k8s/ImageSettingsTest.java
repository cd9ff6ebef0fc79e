package dev.baton.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The container images (the `image` Maven profiles, deploy/images/build-base.sh) and the manifests that run
 * them agree: where DJL finds the natives baked into the base, the user, the image names and ports. Static:
 * building and running the images is deploy/images/smoke-test.sh, outside `./mvnw verify`.
 */
class ImageSettingsTest {
    private static final Map<String, String> SERVICE_POM = Map.of("api-gateway", "api-gateway",
            "trainer-worker", "trainer-worker", "inference-worker", "inference-worker");

    @Test
    void cpuImagesAndManifestsReadTheNativesWhereTheBaseHasThem() throws IOException {
        Map<String, String> image = profileProperties(Project.root().resolve("pom.xml"));
        String engineCache = image.get("quarkus.jib.environment-variables.ENGINE_CACHE_DIR");
        String baseScript = Files.readString(Project.root().resolve("deploy/images/build-base.sh"));
        assertTrue(baseScript.contains("--config.env ENGINE_CACHE_DIR=" + engineCache + " "),
                "the base image sets the ENGINE_CACHE_DIR the image profile sets: " + engineCache);
        assertTrue(baseScript.contains("$NATIVES" + engineCache + "/pytorch/"),
                "build-base.sh puts the natives under " + engineCache);
        for (String overlay : List.of("base", "overlays/cpu")) {
            assertEquals(engineCache, Rendered.of(overlay).get("ConfigMap", "baton-platform").path("data")
                    .path("ENGINE_CACHE_DIR").asText(), overlay + ": pods look for the natives where the image has them");
        }
        // The GPU trainer's DJL extracts its CUDA JNI library at start: its engine cache must be a writable volume.
        JsonNode gpu = Rendered.container(Rendered.of("overlays/gpu").podSpec("Deployment", "trainer-worker"), "trainer-worker");
        String gpuCache = Rendered.env(gpu, "ENGINE_CACHE_DIR");
        boolean mounted = false;
        for (JsonNode m : gpu.path("volumeMounts")) {
            mounted |= m.path("mountPath").asText().equals(gpuCache);
        }
        assertTrue(mounted, "the GPU trainer's ENGINE_CACHE_DIR " + gpuCache + " is a mounted volume");
    }

    @Test
    void imageProfileBuildsOnTheProjectBaseAsItsUserAndWritesTarballs() throws IOException {
        Map<String, String> image = profileProperties(Project.root().resolve("pom.xml"));
        String baseScript = Files.readString(Project.root().resolve("deploy/images/build-base.sh"));
        assertEquals("tar://${baton.root}/.baton/images/baton-base-jvm.tar", image.get("baton.image.base"));
        assertTrue(baseScript.contains("WORK=${BATON_IMAGES_DIR:-$ROOT/.baton/images}")
                && baseScript.contains("BASE_TAR=$WORK/baton-base-jvm.tar"), "build-base.sh writes the base the profile reads");
        String user = image.get("quarkus.jib.user");
        assertTrue(baseScript.contains("useradd --uid " + user + " "), "the base has user " + user);
        Path shim = Project.root().resolve(image.get("quarkus.jib.docker-executable-name").replace("${baton.root}/", ""));
        assertTrue(Files.isExecutable(shim), shim + " is executable");
        assertTrue(image.get("quarkus.jib.docker-environment.BATON_IMAGE_TAR").endsWith("-image.tar"));
        assertTrue(image.get("quarkus.jib.jvm-additional-arguments").contains("-Dai.djl.offline=true"));
        for (String overlay : List.of("overlays/cpu", "overlays/gpu")) {
            Rendered r = Rendered.of(overlay);
            for (String service : SERVICE_POM.keySet()) {
                JsonNode pod = r.podSpec("Deployment", service);
                assertEquals(user, pod.path("securityContext").path("runAsUser").asText(), overlay + " " + service + " runs as the image's user");
            }
        }
    }

    @Test
    void manifestsRunTheImagesTheProfilesName() throws IOException {
        Map<String, String> parent = profileProperties(Project.root().resolve("pom.xml"));
        Rendered r = Rendered.of("overlays/cpu");
        for (Map.Entry<String, String> e : SERVICE_POM.entrySet()) {
            Map<String, String> image = profileProperties(Project.root().resolve(e.getValue()).resolve("pom.xml"));
            JsonNode c = Rendered.container(r.podSpec("Deployment", e.getKey()), e.getKey());
            String expected = parent.get("quarkus.container-image.group") + "/" + image.get("quarkus.container-image.name");
            assertTrue(c.path("image").asText().startsWith(expected + ":"), e.getKey() + ": " + c.path("image") + " vs " + expected);
            assertEquals(image.get("quarkus.jib.ports"), c.path("ports").get(0).path("containerPort").asText(), e.getKey() + " port");
        }
    }

    /** @return the properties of the POM's profile `image` */
    private static Map<String, String> profileProperties(Path pom) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            NodeList profiles = doc.getElementsByTagName("profile");
            for (int i = 0; i < profiles.getLength(); i++) {
                Element profile = (Element) profiles.item(i);
                if (!"image".equals(child(profile, "id").getTextContent().trim())) {
                    continue;
                }
                Map<String, String> properties = new HashMap<>();
                NodeList nodes = child(profile, "properties").getChildNodes();
                for (int j = 0; j < nodes.getLength(); j++) {
                    if (nodes.item(j).getNodeType() == Node.ELEMENT_NODE) {
                        properties.put(nodes.item(j).getNodeName(), nodes.item(j).getTextContent().trim());
                    }
                }
                return properties;
            }
            throw new AssertionError("no profile `image` in " + pom);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + pom + ": " + e, e);
        }
    }

    private static Element child(Element parent, String name) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }
}
