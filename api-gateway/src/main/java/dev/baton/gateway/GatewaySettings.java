package dev.baton.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

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

    /** @return asynchronous batch predictions */
    Batches batches();

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

    /**
     * Asynchronous batch predictions. A batch is run by one gateway at a time, which holds its lease in the
     * object store; its finished chunks are stored as they finish, so a batch resumes where it stopped.
     */
    interface Batches {
        /** @return images sent to the inference workers at once, and stored together as one chunk */
        @WithDefault("32")
        int chunkSize();

        /**
         * @return how long a batch waits for one image's answer before recording it as {@code TIMEOUT}: long
         *     enough for an inference worker to restart and for its consumer group to hand its requests on
         */
        @WithDefault("3m")
        Duration answerWithin();

        /** @return how often the gateway running a batch renews its lease */
        @WithDefault("10s")
        Duration heartbeat();

        /** @return after how long without a renewal any gateway takes a running batch over */
        @WithDefault("45s")
        Duration staleAfter();

        /** @return how many times a batch is started or resumed before it is marked FAILED */
        @WithDefault("10")
        int maxAttempts();

        /** @return batches this gateway runs at once (the others wait, or another gateway takes them) */
        @WithDefault("2")
        int maxRunning();

        /**
         * @return this gateway's name as the owner of batches (default: host name and HTTP port); a gateway
         *     restarted under the same name takes its batches back at once. Two live gateways must not share it.
         */
        Optional<String> instance();
    }

    /** Live job event streams (SSE). */
    interface Events {
        /** @return the most event streams this gateway keeps open at once; beyond it 429 */
        @WithDefault("1024")
        int maxStreams();
    }
}
