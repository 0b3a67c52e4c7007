package dev.weft.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.weft.arch.Architecture;
import dev.weft.arch.PeKind;
import dev.weft.arch.StorageLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results contract: what {@code results.json} holds and what scripts, reports and the
 * other backends read. Field names become snake_case keys; units are in the names
 * ({@code _s} seconds, {@code _pj} picojoules, {@code _bytes}) or documented in the README.
 */
public record Results(String weftVersion, Model model, Hardware hardware, WorkloadInfo workload, String energyModel,
                      Totals totals, List<Layer> layers, MapperStats mapper) {

    public Results {
        layers = List.copyOf(layers);
    }

    public record Model(String name, String family, long params) {
    }

    /**
     * The hardware and the ceilings of its roofline.
     *
     * @param peakMacsPerCycle       MACs per cycle of all PE arrays together: dense-equivalent MACs for N:M
     *                               arrays (a 2:4 PE covers 4 weights per action), one-bit MACs for
     *                               XNOR-popcount arrays (one per code bit)
     * @param bandwidthBytesPerCycle sustained bandwidth of each shared storage level (PE-local ones excluded)
     */
    public record Hardware(String name, String source, double clockHz, double peakMacsPerCycle,
                           Map<String, Double> bandwidthBytesPerCycle) {

        private static double macsPerAction(PeKind pe) {
            if (pe instanceof PeKind.SparseNM sparse) {
                return (double) sparse.m() / sparse.n();
            }
            return pe instanceof PeKind.XnorPopcount xnor ? xnor.wordBits() : 1;
        }
        public static Hardware of(Architecture arch) {
            Map<String, Double> bandwidth = new LinkedHashMap<>();
            for (StorageLevel level : arch.levels()) {
                if (!level.perPe()) {
                    bandwidth.put(level.name(), level.bandwidthBytesPerCycle());
                }
            }
            double peak = arch.loopNest() ? arch.cores().count() * arch.hierarchy().array().pes()
                    * macsPerAction(arch.hierarchy().array().pe())
                    : arch.arrays().stream().mapToDouble(a -> a.pes() * macsPerAction(a.pe())).sum();
            return new Hardware(arch.name(), arch.source(), arch.clockHz(), peak, bandwidth);
        }
    }

    /** @param tokenReduction {@code none}, or the token pruning or merging schedule, e.g. {@code tome-r=13} */
    public record WorkloadInfo(int batch, int seq, int image, String phase, int kv, String attention,
                               String sparsity, String dtype, boolean spatialReduction, String tokenReduction) {
    }

    /**
     * @param macs            multiply-accumulates the hardware performed: what the cycles and the compute
     *                        energy are for. A dense array multiplies the zeros of sparse weights too;
     *                        a zero-skipping (N:M) array running its own pattern does not
     * @param usefulMacs      multiply-accumulates with no zero weight: the workload's own count, whatever
     *                        the hardware
     * @param muls            multiplications, those of useful MACs included (what {@code ops-45nm} prices)
     * @param adds            additions, those of useful MACs included
     * @param nonlinear       non-linear function evaluations (exp, division, square root, tanh)
     * @param tokens          tokens the step produces or consumes (images, for vision models)
     * @param stallCycles     cycles the arrays waited for data (simulated results only)
     * @param accessesBytes   bytes read and written per storage level and tensor (simulated results only)
     * @param measuredS       seconds measured on a device by {@code weft run}, summed over the layers it
     *                        executed (executed results only)
     */
    public record Totals(double macs, double usefulMacs, double muls, double adds, double nonlinear, long cycles,
                         double latencyS, double energyPj, long tokens, double energyPerTokenPj,
                         Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long stallCycles,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Map<String, Access>> accessesBytes,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double measuredS) {

        /** Totals of an analytic estimate, which has no stalls or per-tensor accesses of its own. */
        public Totals(double macs, double usefulMacs, double muls, double adds, double nonlinear, long cycles,
                      double latencyS, double energyPj, long tokens, double energyPerTokenPj,
                      Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization) {
            this(macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj, tokens, energyPerTokenPj,
                    energyBreakdownPj, trafficBytes, utilization, null, null, null);
        }

        /** Totals of simulated results: stalls and accesses, nothing measured. */
        public Totals(double macs, double usefulMacs, double muls, double adds, double nonlinear, long cycles,
                      double latencyS, double energyPj, long tokens, double energyPerTokenPj,
                      Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization,
                      Long stallCycles, Map<String, Map<String, Access>> accessesBytes) {
            this(macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj, tokens, energyPerTokenPj,
                    energyBreakdownPj, trafficBytes, utilization, stallCycles, accessesBytes, null);
        }
    }

    /** Bytes read from and written to one storage level for one tensor. */
    public record Access(double readBytes, double writeBytes) {
    }

    /**
     * One operator's figures.
     *
     * @param unit          array or vector unit that ran it
     * @param macs          multiply-accumulates the unit performed, zeros of sparse weights included
     *                      unless the array skips them (see {@link Totals})
     * @param usefulMacs    multiply-accumulates with no zero weight
     * @param bound         what set its cycle count: {@code compute} or a storage level's name
     * @param trafficBytes    bytes read plus written at each storage level
     * @param estimatedCycles the analytic model's cycles, beside simulated ones (simulated results only)
     * @param measuredS       seconds the layer took on a real device (executed results only)
     */
    public record Layer(String name, String op, String block, String unit, double macs, double usefulMacs,
                        double muls, double adds, double nonlinear, long cycles, double latencyS, double energyPj,
                        Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization,
                        String bound, @JsonInclude(JsonInclude.Include.NON_NULL) Long estimatedCycles,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double measuredS,
                        @JsonInclude(JsonInclude.Include.NON_NULL) LoopNest loopNest) {

        /** A layer of an analytic estimate: the estimate is its only figure. */
        public Layer(String name, String op, String block, String unit, double macs, double usefulMacs,
                     double muls, double adds, double nonlinear, long cycles, double latencyS, double energyPj,
                     Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization,
                     String bound, LoopNest loopNest) {
            this(name, op, block, unit, macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj,
                    energyBreakdownPj, trafficBytes, utilization, bound, null, null, loopNest);
        }

        Layer withEstimatedCycles(Long estimate) {
            return new Layer(name, op, block, unit, macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj,
                    energyBreakdownPj, trafficBytes, utilization, bound, estimate, measuredS, loopNest);
        }

        Layer withMeasured(Double seconds) {
            return new Layer(name, op, block, unit, macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj,
                    energyBreakdownPj, trafficBytes, utilization, bound, estimatedCycles, seconds, loopNest);
        }
    }

    /**
     * How a contraction ran on a {@code weft-arch/2} machine, explained.
     *
     * @param energyPj      per memory, per operand ({@code input}, {@code weight}, {@code output}): pJ of its
     *                      reads and writes there
     * @param idealCycles   the loop nest's temporal iterations: cycles if data never waited
     * @param stallCycles   cycles the array waited for a port in between
     * @param onloadCycles  bringing the first tiles in before the first MAC
     * @param offloadCycles taking the last outputs out after the last MAC
     * @param mapping       the loop nest, outermost loop first, with the memory each operand is in
     *                      under each loop, then the spatial unrolling
     */
    public record LoopNest(Map<String, Map<String, Double>> energyPj, long idealCycles, long stallCycles,
                           long onloadCycles, long offloadCycles, List<String> mapping) {
    }

    /**
     * These results with the seconds each executed layer took on a device beside its estimate
     * (matched by name), and their sum in the totals; layers not executed keep none.
     */
    public Results withMeasured(Map<String, Double> secondsByLayer) {
        Totals t = totals;
        Double sum = secondsByLayer.isEmpty() ? null
                : secondsByLayer.values().stream().mapToDouble(Double::doubleValue).sum();
        Totals measured = new Totals(t.macs(), t.usefulMacs(), t.muls(), t.adds(), t.nonlinear(), t.cycles(),
                t.latencyS(), t.energyPj(), t.tokens(), t.energyPerTokenPj(), t.energyBreakdownPj(), t.trafficBytes(),
                t.utilization(), t.stallCycles(), t.accessesBytes(), sum);
        return new Results(weftVersion, model, hardware, workload, energyModel, measured,
                layers.stream().map(layer -> layer.withMeasured(secondsByLayer.get(layer.name()))).toList(), mapper);
    }

    /** These results with each layer's cycles from {@code estimate} beside its own (matched by name). */
    public Results withEstimatedCycles(Results estimate) {
        Map<String, Long> byName = new LinkedHashMap<>();
        estimate.layers().forEach(layer -> byName.put(layer.name(), layer.cycles()));
        return new Results(weftVersion, model, hardware, workload, energyModel, totals,
                layers.stream().map(layer -> layer.withEstimatedCycles(byName.get(layer.name()))).toList(), mapper);
    }

    /** How the mapper searched: evaluated mappings and their rate. */
    public record MapperStats(long seed, long mappingsEvaluated, double searchSeconds, double mappingsPerSecond,
                              boolean replayedSchedule) {
    }
}
