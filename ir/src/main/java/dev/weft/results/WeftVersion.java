package dev.weft.results;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version stamped into every result, so a figure can be traced to the code that made it. */
public final class WeftVersion {
    private static final String VERSION = load();

    private WeftVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = WeftVersion.class.getResourceAsStream("/weft/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
