package dev.weft.hdl;

import java.nio.file.Path;

/**
 * Where extracted tools and Verilator builds are kept between runs: {@code $WEFT_CACHE_DIR},
 * else the {@code weft.cache.dir} system property (the tests point it under target/), else
 * {@code ~/.cache/weft}. Entries are named by a hash of everything that went into them, so a
 * stale entry is never reused and the directory can be deleted at any time.
 */
public final class WeftCache {
    private WeftCache() {
    }

    public static Path root() {
        String env = System.getenv("WEFT_CACHE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String property = System.getProperty("weft.cache.dir");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "weft");
    }
}
