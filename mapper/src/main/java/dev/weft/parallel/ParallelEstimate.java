package dev.weft.parallel;

import dev.weft.arch.Architecture;
import dev.weft.arch.Interconnect;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.workload.Operator;
import dev.weft.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A model on {@code tp x pp} identical devices. Every device of a stage does the same work (its
 * tensor-parallel share, estimated once), then the stage's all-reduces and, but for the last
 * stage, the hand-over of its activations to the next; stages follow each other for one batch
 * (no micro-batch overlap), so the latency is the sum over stages of compute and transfers.
 * Energy counts every device and every bit sent over the interconnect.
 *
 * @param device            the estimate of one tensor-parallel share of the whole model (every
 *                          stage's operators; a stage's device runs its blocks only)
 * @param latencyS          one step (prefill of the batch, or one decoded token for the batch)
 * @param energyPj          all devices and the interconnect
 * @param energyPerTokenPj  {@code energyPj} over the step's tokens
 */
public record ParallelEstimate(Estimator.Estimate device, Parallelism parallelism, Interconnect link,
                               List<Stage> stages, double latencyS, double energyPj, double energyPerTokenPj) {

    /**
     * One pipeline stage, figures per device unless said.
     *
     * @param computeS          its devices' operators
     * @param computeEnergyPj   one device's operators
     * @param transfersS        its all-reduces and the hand-over to the next stage
     * @param transferEnergyPj  the bits its devices send, all of them together
     */
    public record Stage(int index, List<String> blocks, double computeS, double computeEnergyPj,
                        List<Collective> collectives, double transfersS, double transferEnergyPj) {
    }

    public static ParallelEstimate run(Workload workload, Architecture arch, EnergyModel energy,
                                       Estimator.Options options, Parallelism parallelism, IntConsumer progress) {
        Interconnect link = arch.interconnect().orElseThrow(() -> new WeftInputException(arch.source(),
                "interconnect", arch.name() + " has no interconnect to split a model over " + parallelism.devices()
                        + " devices", "add interconnect: {name, topology, gb_per_s, latency_us, pj_per_bit} to a weft-arch/2 file, as a100-sxm-80gb has"));
        List<Set<String>> blocks = PipelineStages.assign(workload, parallelism.pp());
        TensorParallel.Split split = TensorParallel.split(workload, parallelism.tp());
        Estimator.Estimate device = Estimator.run(split.device(), arch, energy, options, progress);
        // a transfer costs the link's energy per bit whichever convention prices the devices' work
        ArchEnergyTable links = new ArchEnergyTable(arch);
        List<Stage> stages = new ArrayList<>();
        double latency = 0;
        double total = 0;
        for (int s = 0; s < blocks.size(); s++) {
            Set<String> own = blocks.get(s);
            double computeS = 0;
            double computePj = 0;
            for (Results.Layer layer : device.results().layers()) {
                if (own.contains(layer.block())) {
                    computeS += layer.latencyS();
                    computePj += layer.energyPj();
                }
            }
            List<Collective> collectives = new ArrayList<>();
            Operator last = null;
            for (Operator operator : split.device().operators()) {
                if (own.contains(operator.block())) {
                    last = operator;
                    for (Collective.AllReduce reduce : split.allReduces()) {
                        if (reduce.after().equals(operator.name())) {
                            collectives.add(reduce);
                        }
                    }
                }
            }
            if (s < blocks.size() - 1 && last != null) {
                collectives.add(new Collective.PointToPoint(last.name(),
                        last.output().storedBits(last.output().elements(last.dimSizes())) / 8, parallelism.tp()));
            }
            double transfersS = collectives.stream().mapToDouble(c -> c.seconds(link)).sum();
            double transferPj = collectives.stream().mapToDouble(c -> links.totalPj(c.actions())).sum();
            stages.add(new Stage(s, List.copyOf(own), computeS, computePj, List.copyOf(collectives), transfersS,
                    transferPj));
            latency += computeS + transfersS;
            total += computePj * parallelism.tp() + transferPj;
        }
        long tokens = device.results().totals().tokens();
        return new ParallelEstimate(device, parallelism, link, List.copyOf(stages), latency, total,
                tokens == 0 ? 0 : total / tokens);
    }
}
