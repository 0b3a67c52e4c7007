package dev.weft.explore.spark;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.explore.ExploreRun;
import dev.weft.explore.ExploreSpec;
import dev.weft.explore.LocalEngine;
import dev.weft.explore.SpecParser;
import java.nio.file.Path;

/** A small sweep both engines run: 2 arrays x 2 buffers x 2 dataflows on two workloads, 16 rows. */
final class SweepFixture {
    static final String SPEC = """
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

    private SweepFixture() {
    }

    static ExploreSpec spec() {
        return SpecParser.parse(SPEC, "fixture.yaml", (base, field) ->
                new SpecParser.Base(ArchitectureLoader.presetText(base), "preset:" + base));
    }

    /** The local engine's files, to compare the Spark ones with. */
    static Path local(Path dir) {
        Path out = dir.resolve("local");
        ExploreRun.run(spec(), out, new LocalEngine(2), done -> { });
        return out;
    }
}
