package dev.baton.contracts.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real S3Proxy. */
class BaseModelRegistryTest {
    private final ObjectStore store = TestServices.objectStore();
    private final BaseModelRegistry registry = new BaseModelRegistry(store);

    @Test
    void registeredBaseIsListedDescribedAndDownloaded(@TempDir Path tmp) throws Exception {
        store.ensureBucket(ObjectKeys.MODELS_BUCKET);
        String name = "test-base-" + UUID.randomUUID().toString().substring(0, 8);
        Path folder = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(folder.resolve(BaseModelRegistry.MANIFEST_FILE), "{\"architecture\":{\"name\":\"mobilenet_v2\"}}");
        Files.write(folder.resolve("weights.safetensors"), new byte[2048]);

        assertFalse(registry.contains(name));
        registry.register(name, folder);
        assertTrue(registry.list().contains(name));
        assertEquals("mobilenet_v2", registry.manifest(name).orElseThrow().path("architecture").path("name").asText());

        Path local = registry.download(name, tmp.resolve("cache"));
        assertEquals(2048, Files.size(local.resolve("weights.safetensors")));
        assertTrue(Files.isRegularFile(local.resolve(BaseModelRegistry.MANIFEST_FILE)));
        new AtomicPublisher(store).unpublish(ObjectKeys.MODELS_BUCKET, ObjectKeys.baseModelPrefix(name));
    }

    @Test
    void unknownBaseSaysHowToImportOne(@TempDir Path tmp) {
        BaseModelRegistry.UnknownBaseModelException e = assertThrows(BaseModelRegistry.UnknownBaseModelException.class,
                () -> registry.download("no-such-base", tmp));
        assertEquals("pretrained base 'no-such-base' is not registered: import it first, e.g. "
                + "'deploy/local/baton base import-nsfwjs' for the offline MobileNetV2 base or "
                + "'deploy/local/baton base import-torchvision FILE --name NAME' for a torchvision export, or use pretrained "
                + "'none' with strategy 'full' for a randomly initialised base", e.getMessage());
    }
}
