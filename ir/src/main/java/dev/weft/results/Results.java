package dev.weft.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weft.area.AreaModel;
import dev.weft.arch.Architecture;
import dev.weft.arch.PeKind;
import dev.weft.arch.StorageLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The results contract: what {@code results.json} holds and what scripts, reports and the
 * other backends read. Field names become snake_case keys; units are in the names
 * ({@code _s} seconds, {@code _pj} picojoules, {@code _bytes}) or documented in the README.
 */
public record Results(String weftVersion, Model model, Hardware hardware, WorkloadInfo workload, String energyModel,
                      Totals totals, List<Layer> layers, MapperStats mapper,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Packing packing) {

    public Results {
        layers = List.copyOf(layers);
    }

    /** Results without a padded batch to compare with. */
    public Results(String weftVersion, Model model, Hardware hardware, WorkloadInfo workload, String energyModel,
                   Totals totals, List<Layer> layers, MapperStats mapper) {
        this(weftVersion, model, hardware, workload, energyModel, totals, layers, mapper, null);
    }

    /**
     * A batch of sequences of different lengths (ByteTransformer): these results are the packed run (real tokens
     * only, attention per sequence); beside it, the same batch padded to its longest sequence.
     *
     * @param seqLens         the sequences' lengths
     * @param paddedTokens    tokens the padded run computes: sequences x longest
     * @param packedTokens    real tokens: the sum of the lengths
     */
    public record Packing(List<Integer> seqLens, long paddedTokens, long packedTokens, double paddedMacs,
                          double packedMacs, long paddedCycles, long packedCycles, double paddedEnergyPj,
                          double packedEnergyPj, double paddedDramBytes, double packedDramBytes) {
        public Packing {
            seqLens = List.copyOf(seqLens);
        }

        /** Share of the padded run's cycles that packing saves. */
        public double cyclesSaved() {
            return 1 - (double) packedCycles / paddedCycles;
        }

        /** Share of the padded run's energy that packing saves. */
        public double energySaved() {
            return 1 - packedEnergyPj / paddedEnergyPj;
        }
    }

    /** These results as the packed run of a batch, with the padded run's figures beside them. */
    public Results withPacking(Packing compared) {
        return new Results(weftVersion, model, hardware, workload, energyModel, totals, layers, mapper, compared);
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
     * @param technology             the node the architecture's figures are quoted for
     * @param areaMm2                silicon area per component ({@code compute}, {@code vector}, each on-chip
     *                               memory) and {@code total}, at {@code technology} ({@link AreaModel}); absent
     *                               when Weft has no scaling rule for that node
     * @param leakageW               leakage power per component and {@code total}, beside the dynamic energy
     */
    public record Hardware(String name, String source, double clockHz, double peakMacsPerCycle,
                           Map<String, Double> bandwidthBytesPerCycle, String technology,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> areaMm2,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> leakageW) {

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
            Optional<AreaModel.Report> area = AreaModel.of(arch);
            return new Hardware(arch.name(), arch.source(), arch.clockHz(), peak, bandwidth, arch.technology(),
                    area.map(AreaModel.Report::areaMm2).orElse(null), area.map(AreaModel.Report::leakageW).orElse(null));
        }
    }

    /**
     * @param qkProjection   EcoFormer's queries and keys, {@code shared} or {@code separate}; null (left out)
     *                       for other attention, which the option does not change
     * @param tokenReduction {@code none}, or the token pruning or merging schedule, e.g. {@code tome-r=13}
     */
    public record WorkloadInfo(int batch, int seq, int image, String phase, int kv, String attention,
                               String sparsity, String dtype, boolean spatialReduction,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String qkProjection,
                               String tokenReduction) {
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
     * @param dram            DRAM traffic with the fusion the schedule chose and with every operator on its own
     * @param splitKDecode    in decode with fused softmax attention, Lean Attention's split-K against no split
     */
    public record Totals(double macs, double usefulMacs, double muls, double adds, double nonlinear, long cycles,
                         double latencyS, double energyPj, long tokens, double energyPerTokenPj,
                         Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long stallCycles,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Map<String, Access>> accessesBytes,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double measuredS,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Dram dram,
                         @JsonProperty("split_k_decode") @JsonInclude(JsonInclude.Include.NON_NULL)
                         SplitK splitKDecode) {

        /** Totals of an analytic estimate, which has no stalls or per-tensor accesses of its own. */
        public Totals(double macs, double usefulMacs, double muls, double adds, double nonlinear, long cycles,
                      double latencyS, double energyPj, long tokens, double energyPerTokenPj,
                      Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization) {
            this(macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj, tokens, energyPerTokenPj,
                    energyBreakdownPj, trafficBytes, utilization, null, null, null, null, null);
        }

        /** Totals of simulated results: stalls and accesses, nothing measured. */
        public Totals(double macs, double usefulMacs, double muls, double adds, double nonlinear, long cycles,
                      double latencyS, double energyPj, long tokens, double energyPerTokenPj,
                      Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization,
                      Long stallCycles, Map<String, Map<String, Access>> accessesBytes) {
            this(macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj, tokens, energyPerTokenPj,
                    energyBreakdownPj, trafficBytes, utilization, stallCycles, accessesBytes, null, null, null);
        }
    }

    /**
     * DRAM traffic of a layer or of the whole run, with and without fusion.
     *
     * @param fusion            {@code none}, {@code attention} or {@code all}: what the mapper was allowed to fuse
     * @param dramBytes         bytes read plus written at DRAM under the schedule's fusion groups
     * @param dramBytesUnfused  the same operators each reading its inputs from DRAM and writing its output back
     * @param group             the fusion group a layer belongs to, or null (layers only)
     */
    public record Dram(@JsonInclude(JsonInclude.Include.NON_NULL) String fusion, double dramBytes,
                       double dramBytesUnfused, @JsonInclude(JsonInclude.Include.NON_NULL) String group) {
        /** Unfused over fused traffic: how many times less DRAM traffic fusion moves. */
        public double reduction() {
            return dramBytes == 0 ? 1 : dramBytesUnfused / dramBytes;
        }
    }

    /**
     * Decode attention of every layer with its key/value sequence split across array slices (Lean Attention's
     * stream-K), against the fused kernel on the whole array.
     *
     * @param splits                 key/value parts per head at the fastest split (1: splitting does not help)
     * @param attentionCyclesUnsplit the fused attention cores, unsplit
     * @param attentionCyclesSplit   the same, split, partial softmax states merged
     * @param cores                  each attention core (fusion group): its split and its cycles both ways
     */
    public record SplitK(long splits, long attentionCyclesUnsplit, long attentionCyclesSplit, double speedup,
                         List<SplitKCore> cores) {
        public SplitK {
            cores = List.copyOf(cores);
        }

        /** The cores' figures summed, at the largest split any of them takes. */
        public static SplitK of(List<SplitKCore> cores) {
            long unsplit = cores.stream().mapToLong(SplitKCore::cyclesUnsplit).sum();
            long split = cores.stream().mapToLong(SplitKCore::cyclesSplit).sum();
            return new SplitK(cores.stream().mapToLong(SplitKCore::splits).max().orElseThrow(), unsplit, split,
                    split == 0 ? 1 : (double) unsplit / split, cores);
        }
    }

    /** One attention core of {@link SplitK}: its fusion group, its key/value parts, its cycles unsplit and split. */
    public record SplitKCore(String group, long splits, long cyclesUnsplit, long cyclesSplit) {
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
     * @param dram            its DRAM traffic with and without fusion, and its fusion group
     */
    public record Layer(String name, String op, String block, String unit, double macs, double usefulMacs,
                        double muls, double adds, double nonlinear, long cycles, double latencyS, double energyPj,
                        Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization,
                        String bound, @JsonInclude(JsonInclude.Include.NON_NULL) Long estimatedCycles,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Double measuredS,
                        @JsonInclude(JsonInclude.Include.NON_NULL) LoopNest loopNest,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Dram dram) {

        /** A layer of an analytic estimate: the estimate is its only figure. */
        public Layer(String name, String op, String block, String unit, double macs, double usefulMacs,
                     double muls, double adds, double nonlinear, long cycles, double latencyS, double energyPj,
                     Map<String, Double> energyBreakdownPj, Map<String, Double> trafficBytes, double utilization,
                     String bound, LoopNest loopNest, Dram dram) {
            this(name, op, block, unit, macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj,
                    energyBreakdownPj, trafficBytes, utilization, bound, null, null, loopNest, dram);
        }

        Layer withEstimatedCycles(Long estimate) {
            return new Layer(name, op, block, unit, macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj,
                    energyBreakdownPj, trafficBytes, utilization, bound, estimate, measuredS, loopNest, dram);
        }

        Layer withMeasured(Double seconds) {
            return new Layer(name, op, block, unit, macs, usefulMacs, muls, adds, nonlinear, cycles, latencyS, energyPj,
                    energyBreakdownPj, trafficBytes, utilization, bound, estimatedCycles, seconds, loopNest, dram);
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
     * @param launchCycles  the kernel's launch, waited out before it runs (a device's run costs);
     *                      null (absent) without one; the parts add up to the layer's cycles
     */
    public record LoopNest(Map<String, Map<String, Double>> energyPj, long idealCycles, long stallCycles,
                           long onloadCycles, long offloadCycles, List<String> mapping,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Long launchCycles) {
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
                t.utilization(), t.stallCycles(), t.accessesBytes(), sum, t.dram(), t.splitKDecode());
        return new Results(weftVersion, model, hardware, workload, energyModel, measured,
                layers.stream().map(layer -> layer.withMeasured(secondsByLayer.get(layer.name()))).toList(), mapper,
                packing);
    }

    /** These results with each layer's cycles from {@code estimate} beside its own (matched by name). */
    public Results withEstimatedCycles(Results estimate) {
        Map<String, Long> byName = new LinkedHashMap<>();
        estimate.layers().forEach(layer -> byName.put(layer.name(), layer.cycles()));
        return new Results(weftVersion, model, hardware, workload, energyModel, totals,
                layers.stream().map(layer -> layer.withEstimatedCycles(byName.get(layer.name()))).toList(), mapper,
                packing);
    }

    /** How the mapper searched: evaluated mappings and their rate. */
    public record MapperStats(long seed, long mappingsEvaluated, double searchSeconds, double mappingsPerSecond,
                              boolean replayedSchedule) {
    }
}
