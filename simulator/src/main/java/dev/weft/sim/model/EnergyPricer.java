package dev.weft.sim.model;

import java.util.Map;

/**
 * Prices a simulated operator in picojoules by component. The simulator's own pricer reads
 * the architecture's table ({@link ArchEnergy}); the command line can pass others, such as
 * the per-operation convention of efficient-attention papers.
 */
public interface EnergyPricer {

    /** The name results.json records as {@code energy_model}. */
    String name();

    Map<String, Double> energyPj(SimulatedOperator simulated);
}
