package dev.weft.explore;

import dev.weft.arch.ArchitectureLoader;

/** Small specs for tests, read from text with presets as bases. */
final class Specs {
    private Specs() {
    }

    static ExploreSpec parse(String yaml) {
        return SpecParser.parse(yaml, "test.yaml", (base, field) ->
                new SpecParser.Base(ArchitectureLoader.presetText(base), "preset:" + base));
    }

    /** 2 arrays x 2 buffers x 2 dataflows on bert-tiny prefill and gpt2 decode: 8 points, 16 rows. */
    static final String SMALL = """
            format: weft-explore/1
            base: systolic-32x32-int8
            parameters:
              - name: array
                paths: [array.dims.rows.size, array.dims.cols.size, memories.GLB.ports.0.bits_per_cycle]
                values: [[8, 8, 576], [16, 16, 1152]]
              - name: buffer_kib
                path: memories.GLB.size_kib
                range: {from: 64, to: 128, times: 2}
              - name: dataflow
                path: array.systolic
                values: [ws, os]
            workloads:
              - {model: bert-tiny, seq: 32}
              - {model: gpt2, phase: decode, kv: 64}
            objectives: [energy_per_token, latency, area]
            mapper: {seed: 1, search_budget: 64}
            """;
}
