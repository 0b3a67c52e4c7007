package dev.weft.arch;

import dev.weft.io.Labels;
import java.util.Locale;

/** The technology of a storage level, which decides what its energy and capacity figures mean. */
public enum StorageKind {
    DRAM, SRAM, REGISTER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }


    public static StorageKind parse(String text, String source, String field) {
        return Labels.parse(values(), StorageKind::label, text, "storage kind", source, field);
    }
}
