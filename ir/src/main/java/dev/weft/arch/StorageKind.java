package dev.weft.arch;

import dev.weft.error.WeftInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The technology of a storage level, which decides what its energy and capacity figures mean. */
public enum StorageKind {
    DRAM, SRAM, REGISTER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StorageKind parse(String text, String source, String field) {
        for (StorageKind kind : values()) {
            if (kind.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return kind;
            }
        }
        throw new WeftInputException(source, field, "unknown storage kind '" + text + "'",
                "use one of " + Arrays.stream(values()).map(StorageKind::label).collect(Collectors.joining(", ")));
    }
}
