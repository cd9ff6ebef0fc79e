package dev.baton.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.contracts.messages.BatonMessage;
import dev.baton.contracts.messages.ModelAliasChanged;
import dev.baton.contracts.messages.ModelPublished;
import dev.baton.contracts.messages.ModelVersionDeleted;
import dev.baton.contracts.messages.ObjectRef;
import dev.baton.contracts.storage.ObjectKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a request names, resolved against the catalog: every miss a typed error that says what is missing. */
class VersionResolverTest {

    private final ModelCatalog catalog = new ModelCatalog();
    private final VersionResolver resolver = new VersionResolver(catalog);
    private final ServingPolicy latest = new ServingPolicy.Latest();

    private void publish(String model, int version) {
        catalog.add(new ModelPublished(BatonMessage.CURRENT_SCHEMA_VERSION, model, version,
                new ObjectRef("bucket", model + "/v" + version), "job", null, null, null, Map.of(), Instant.now()));
    }

    @Test
    void pinnedAliasAndPolicyResolveToTheirVersion() throws Exception {
        publish("flowers", 1);
        publish("flowers", 2);
        catalog.add(new ModelAliasChanged(BatonMessage.CURRENT_SCHEMA_VERSION, "flowers", "production", 1, "test",
                Instant.now()));
        assertEquals(new ModelVersion("flowers", 1), resolver.resolve("flowers", 1, "production", latest),
                "a pinned version wins over an alias");
        assertEquals(new ModelVersion("flowers", 1), resolver.resolve("flowers", null, "production", latest));
        assertEquals(new ModelVersion("flowers", 2), resolver.resolve("flowers", null, null, latest));
        assertEquals(new ModelVersion("flowers", 1),
                resolver.resolve("flowers", null, null, ServingPolicy.parse("alias:production")));
        assertEquals(new ModelVersion("flowers", 7), resolver.resolve("flowers", 7, null, latest),
                "a pinned version not seen yet is resolved; loading it checks the object store");
    }

    @Test
    void missesAreTypedErrorsThatSayWhatIsMissing() {
        publish("flowers", 1);
        catalog.remove(new ModelVersionDeleted(BatonMessage.CURRENT_SCHEMA_VERSION, "flowers", 1, "test", Instant.now()));
        assertTrue(assertThrows(UnknownModelException.class, () -> resolver.resolve("flowers", 1, null, latest))
                .getMessage().contains("was deleted"));
        assertTrue(assertThrows(UnknownModelException.class, () -> resolver.resolve("flowers", null, "staging", latest))
                .getMessage().contains("has no alias 'staging'"));
        assertTrue(assertThrows(UnknownModelException.class, () -> resolver.resolve("flowers", null, null, latest))
                .getMessage().contains("has no version for policy latest"));
        assertTrue(assertThrows(UnknownModelException.class, () -> resolver.resolve("roses", null, null, latest))
                .getMessage().contains("no model named 'roses' is published"));
    }

    @Test
    void aBundleIsWhereItWasPublishedElseAtItsStandardKeyWhenComplete() throws Exception {
        publish("flowers", 1);
        List<ObjectRef> asked = new ArrayList<>();
        assertEquals(new ObjectRef("bucket", "flowers/v1"), resolver.bundle(new ModelVersion("flowers", 1), ref -> {
            asked.add(ref);
            return false;
        }));
        assertTrue(asked.isEmpty(), "a published bundle needs no look-up");

        ModelVersion unseen = new ModelVersion("flowers", 2);
        assertEquals(ObjectKeys.modelVersion("flowers", 2), resolver.bundle(unseen, ref -> true));
        assertTrue(assertThrows(UnknownModelException.class, () -> resolver.bundle(unseen, ref -> false))
                .getMessage().contains("has no published version 2"));

        catalog.remove(new ModelVersionDeleted(BatonMessage.CURRENT_SCHEMA_VERSION, "flowers", 1, "test", Instant.now()));
        assertTrue(resolver.isDeleted(new ModelVersion("flowers", 1)));
        assertFalse(resolver.isDeleted(unseen));
        assertTrue(assertThrows(UnknownModelException.class,
                () -> resolver.bundle(new ModelVersion("flowers", 1), ref -> true)).getMessage().contains("was deleted"),
                "a deleted version is never loaded, even though its bundle is still stored");
    }
}
