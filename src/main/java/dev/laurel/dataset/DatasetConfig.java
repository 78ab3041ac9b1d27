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

    /** Share of prompts the Hugging Face export holds out as its test split, unless a download asks for another. */
    @WithDefault("0.1")
    double testFraction();

    /** Seed of the Hugging Face export's train/test split by prompt, unless a download asks for another. */
    @WithDefault("42")
    long splitSeed();

    /**
     * The license id the dataset card declares unless a download names one (a Hugging Face license id such as
     * cc-by-4.0). "other" claims nothing: the card asks the owners to choose before publishing.
     */
    @WithDefault("other")
    String license();

    /** Prompts whose texts are fetched together while a download streams. */
    @WithDefault("200")
    int promptsPerChunk();
}
