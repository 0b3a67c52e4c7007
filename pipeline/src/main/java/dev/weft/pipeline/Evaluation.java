package dev.weft.pipeline;

import dev.weft.arch.Architecture;
import dev.weft.energy.EnergyModel;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.sim.Engine;
import dev.weft.sim.model.ModelSimulator;

/**
 * The evaluate stage: what a mapping costs. Every evaluation prices the action counts it
 * produces through the run's one {@link EnergyModel}, so analytic and simulated energies differ
 * only where the counts do.
 */
public sealed interface Evaluation permits Evaluation.Analytic, Evaluation.Simulated {

    /** The mapper's own cost model; its results are the estimate itself. */
    Evaluation ANALYTIC = new Analytic();

    /** Refuses, before any mapping work, hardware this evaluation cannot run. */
    void check(Architecture arch);

    /**
     * The results of {@code mapping}; {@code estimate} is its analytic evaluation, which every
     * other evaluation reports beside its own figures.
     */
    Results evaluate(Estimator.Mapping mapping, Results estimate, EnergyModel energy, Progress progress);

    /** The analytic model of the mapper: each operator's cost from its mapping, in closed form. */
    record Analytic() implements Evaluation {
        @Override
        public void check(Architecture arch) {
        }

        @Override
        public Results evaluate(Estimator.Mapping mapping, Results estimate, EnergyModel energy, Progress progress) {
            return estimate;
        }
    }

    /**
     * The cycle-level simulator executing the mapping's schedule (a loop nest tile by tile on a
     * general spatial array; folds, buffers and DRAM on a systolic array; fusion groups as one
     * kernel each), each layer carrying the analytic estimate's cycles beside its own.
     *
     * @param dramLatencyCycles cycles from the end of a DRAM read until its data can be used
     * @param engine            how a systolic array's folds are stepped
     */
    record Simulated(long dramLatencyCycles, Engine engine) implements Evaluation {
        public Simulated {
            // the command line refuses a negative --dram-latency with its own message before this
            if (dramLatencyCycles < 0) {
                throw new IllegalArgumentException("DRAM latency must be 0 or more cycles, was " + dramLatencyCycles);
            }
        }

        @Override
        public void check(Architecture arch) {
            if (arch.cores().many()) {
                // its schedule keeps one core's loop nest of the first wave, not every wave's tiles
                throw new WeftInputException(arch.source(), "cores.count", arch.name() + " has "
                        + arch.cores().count() + " cores, which the simulator does not execute yet (estimate deals "
                        + "tiles to them in waves)", "use ./weft estimate for " + arch.name()
                        + ", or simulate a single-core machine");
            }
        }

        @Override
        public Results evaluate(Estimator.Mapping mapping, Results estimate, EnergyModel energy, Progress progress) {
            ModelSimulator simulator = new ModelSimulator(mapping.arch(), dramLatencyCycles, engine);
            try (Progress.Bar bar = progress.open("simulating", mapping.operators().size())) {
                return simulator.run(mapping.workload(), mapping.schedule(), energy, estimate.mapper(),
                        estimate.totals().dram().fusion(), bar).results().withEstimatedCycles(estimate);
            }
        }
    }
}
