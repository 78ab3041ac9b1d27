package dev.laurel.dataset;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "laurel.datasets")
public interface DatasetConfig {

    /**
     * Key of the HMAC that turns labeler ids into pseudonyms in exports. Keep it secret (labeler
     * ids are small integers: without the key a pseudonym is easy to reverse) and stable (another
     * key gives other pseudonyms, so a regenerated snapshot would no longer match its hash). Empty in a
     * process that makes no exports (a worker pod is not given it); a web process does not start without it.
     */
    java.util.Optional<String> pseudonymSecret();

    /** Prompts whose texts are fetched together while a download streams. */
    @WithDefault("200")
    int promptsPerChunk();
}
