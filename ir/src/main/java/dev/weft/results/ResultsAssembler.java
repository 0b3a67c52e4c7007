package dev.weft.results;

import dev.weft.arch.Architecture;
import dev.weft.workload.AttentionKind;
import dev.weft.workload.Compute;
import dev.weft.workload.Operator;
import dev.weft.workload.Workload;
import dev.weft.workload.WorkloadSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the results contract layer by layer, for every backend that prices a workload's
 * operators (the analytic estimate, the simulator): one place sums the totals, the energy by
 * component and the traffic by level, so the backends' results differ only in their figures.
 */
public final class ResultsAssembler {
    private final Workload workload;
    private final Architecture arch;
    private final List<Results.Layer> layers = new ArrayList<>();
    private final Map<String, Double> breakdown = new LinkedHashMap<>();
    private final Map<String, Double> traffic = new LinkedHashMap<>();
    private double performedMacs;
    private long cycles;
    private double energyPj;
    private double nonlinear;
    private double peCycles;
    private double usefulOps;
    private double dramBytes;
    private double dramBytesUnfused;
    private String fusion;
    private Results.SplitK splitK;

    public ResultsAssembler(Workload workload, Architecture arch) {
        this.workload = workload;
        this.arch = arch;
    }

    /**
     * One operator's figures.
     *
     * @param unitOps       actions of the unit; for a MAC contraction, the MACs the hardware performed
     * @param energyParts   energy by component, in pJ
     * @param trafficBytes  bytes read plus written at each storage level
     * @param peCount       PEs of the unit that ran it, for the run's utilization
     * @param useful        operations that did useful work, for the run's utilization
     * @param loopNest      the loop-nest model's account of a contraction on a general spatial array, or null
     */
    public void add(Operator operator, String unit, double unitOps, long layerCycles, Map<String, Double> energyParts,
                    Map<String, Double> trafficBytes, double utilization, String bound, long peCount, double useful,
                    Results.LoopNest loopNest) {
        double dram = trafficBytes.getOrDefault(arch.dram().name(), 0.0);
        add(operator, unit, unitOps, layerCycles, energyParts, trafficBytes, utilization, bound, peCount, useful,
                loopNest, dram, null);
    }

    /**
     * One operator's figures, as {@link #add(Operator, String, double, long, Map, Map, double, String, long, double,
     * Results.LoopNest)} says, for a backend that fuses operators.
     *
     * @param dramBytesUnfused the operator's DRAM traffic had it run on its own
     * @param group            the fusion group it ran in, or null
     */
    public void add(Operator operator, String unit, double unitOps, long layerCycles, Map<String, Double> energyParts,
                    Map<String, Double> trafficBytes, double utilization, String bound, long peCount, double useful,
                    Results.LoopNest loopNest, double dramBytesUnfused, String group) {
        double dram = trafficBytes.getOrDefault(arch.dram().name(), 0.0);
        dramBytes += dram;
        this.dramBytesUnfused += dramBytesUnfused;
        double layerEnergy = energyParts.values().stream().mapToDouble(Double::doubleValue).sum();
        energyParts.forEach((component, pj) -> breakdown.merge(component, pj, Double::sum));
        trafficBytes.forEach((level, bytes) -> traffic.merge(level, bytes, Double::sum));
        // an XNOR array's actions are word popcounts of binary accumulations, which are no MACs
        double macs = operator.compute() instanceof Compute.Mac ? unitOps : 0;
        layers.add(new Results.Layer(operator.name(), operator.op(), operator.block(), unit, macs, operator.macs(),
                operator.muls(), operator.adds(), operator.nonlinear(), layerCycles,
                layerCycles * arch.cycleSeconds(), layerEnergy, energyParts, trafficBytes, utilization, bound,
                loopNest, new Results.Dram(null, dram, dramBytesUnfused, group)));
        performedMacs += macs;
        cycles += layerCycles;
        energyPj += layerEnergy;
        nonlinear += operator.nonlinear();
        peCycles += (double) layerCycles * peCount;
        usefulOps += useful;
    }

    /** What the operators were allowed to fuse ({@code none}, {@code attention}, {@code all}); none unless set. */
    public void fusion(String mode) {
        this.fusion = mode;
    }

    /** Decode attention split across array slices, beside the figures of the unsplit kernel. */
    public void splitK(Results.SplitK split) {
        this.splitK = split;
    }

    /**
     * The results of every operator added.
     *
     * @param stallCycles   cycles the arrays waited for data, or null where the backend does not know
     * @param accessesBytes bytes per level and tensor, or null where the backend does not know
     */
    public Results build(String energyModel, Results.MapperStats mapper, Long stallCycles,
                         Map<String, Map<String, Results.Access>> accessesBytes) {
        long tokens = workload.tokens();
        WorkloadSpec spec = workload.spec();
        Results.Totals totals = new Results.Totals(performedMacs, workload.macs(), workload.muls(), workload.adds(),
                nonlinear, cycles, cycles * arch.cycleSeconds(), energyPj, tokens, energyPj / tokens, breakdown, traffic,
                peCycles == 0 ? 0 : usefulOps / peCycles, stallCycles, accessesBytes, null,
                new Results.Dram(fusion == null ? "none" : fusion, dramBytes, dramBytesUnfused, null), splitK);
        return new Results(WeftVersion.get(),
                new Results.Model(workload.model(), workload.family(), workload.params()),
                Results.Hardware.of(arch),
                new Results.WorkloadInfo(spec.batch(), spec.seq(), spec.image(), spec.phase().label(),
                        spec.kvLength(), spec.attention().label(), spec.sparsity().label(), spec.dtype().label(),
                        spec.spatialReduction(), spec.attention() == AttentionKind.ECOFORMER
                                ? (spec.sharedQk() ? "shared" : "separate") : null,
                        spec.tokenReduction().label()),
                energyModel, totals, layers, mapper);
    }
}
