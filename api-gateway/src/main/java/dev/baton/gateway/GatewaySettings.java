package dev.baton.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The gateway's own settings ({@code baton.gateway.*}). */
@ConfigMapping(prefix = "baton.gateway")
public interface GatewaySettings {
    /** @return how long start-up waits for the job view to replay the training events */
    @WithDefault("60s")
    Duration jobViewStartupWait();


    /** @return dataset upload limits */
    Uploads uploads();

    /** @return synchronous prediction settings */
    Predictions predictions();

    /** @return base-model import limits */
    BaseModels baseModels();

    /** @return live job event streams (SSE) */
    Events events();

    /** Dataset upload limits. */
    interface Uploads {
        /** @return the largest zip accepted, in bytes */
        @WithDefault("2147483648")
        long maxZipBytes();

        /** @return the largest image inside a zip, in bytes */
        @WithDefault("20971520")
        long maxImageBytes();

        /** @return the most files a zip may hold */
        @WithDefault("200000")
        int maxFiles();

        /** @return the most pixels (width times height) an image's header may declare */
        @WithDefault("40000000")
        long maxImagePixels();
    }

    /** Synchronous prediction settings. */
    interface Predictions {
        /** @return how long a predict call waits for a worker's answer */
        @WithDefault("10s")
        Duration timeout();

        /** @return the largest image accepted for a synchronous predict, in bytes, counted as the body streams in */
        @WithDefault("700000")
        int maxImageBytes();

        /** @return the most pixels (width times height) a predicted image's header may declare */
        @WithDefault("25000000")
        long maxImagePixels();

        /** @return the most synchronous predicts this gateway waits on at once; beyond it 429 */
        @WithDefault("64")
        int maxInFlight();
    }

    /**
     * Limits on a base-model zip ({@code PUT /base-models/{name}}), each counted as bytes are
     * written, so an archive that unpacks to more is refused before it fills the disk.
     */
    interface BaseModels {
        /** @return the most bytes all entries may unpack to together */
        @WithDefault("1073741824")
        long maxUnpackedBytes();

        /** @return the most bytes one entry may unpack to */
        @WithDefault("1073741824")
        long maxEntryBytes();

        /** @return the most entries (files and folders) the zip may hold */
        @WithDefault("64")
        int maxEntries();

        /** @return the most bytes {@code base-manifest.json} may have */
        @WithDefault("1048576")
        long maxManifestBytes();
    }

    /** Live job event streams (SSE). */
    interface Events {
        /** @return the most event streams this gateway keeps open at once; beyond it 429 */
        @WithDefault("1024")
        int maxStreams();
    }
}
