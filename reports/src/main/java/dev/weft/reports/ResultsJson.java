package dev.weft.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.weft.io.Json;
import dev.weft.results.Results;

/** {@code results.json}: the results contract, snake_case keys. */
public final class ResultsJson {
    private ResultsJson() {
    }

    public static String render(Results results) {
        try {
            return Json.MAPPER.writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise results", e);
        }
    }
}
