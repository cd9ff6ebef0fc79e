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
    }

    /** Synchronous prediction settings. */
    interface Predictions {
        /** @return how long a predict call waits for a worker's answer */
        @WithDefault("10s")
        Duration timeout();

        /** @return the largest image accepted for a synchronous predict, in bytes */
        @WithDefault("700000")
        int maxImageBytes();
    }
}
