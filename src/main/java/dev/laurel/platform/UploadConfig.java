package dev.laurel.platform;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "laurel.upload")
public interface UploadConfig {
    /** Largest accepted upload (prompt sets, model outputs), in bytes; larger ones get a 413. */
    long maxBytes();
}
