package dev.weft.explore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.arch.Architecture;
import dev.weft.area.AreaModel;
import dev.weft.energy.ArchEnergyTable;
import dev.weft.error.WeftInputException;
import dev.weft.mapper.Estimator;
import dev.weft.results.Results;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.Workloads;
import java.util.List;

/**
 * Evaluates one design point on one workload: build its architecture, map the workload with the
 * spec's seed and budget, price it with the architecture's energy table, add leakage over the
 * run, and check the budgets. A design that cannot be built or mapped is a row marked infeasible
 * with the reason, not an error: finding such designs is part of exploring. Safe to share
 * between threads.
 */
public final class PointEvaluator {
    private final ExploreSpec spec;
    private final ObjectNode base;
    private final List<Workloads> workloads;

    public PointEvaluator(ExploreSpec spec) {
        this.spec = spec;
        this.base = Architectures.tree(spec.baseText(), spec.base());
        this.workloads = spec.workloads().stream().map(WorkloadCase::workloads).toList();
    }

    public ExploreSpec spec() {
        return spec;
    }

    public Row evaluate(DesignPoint point, int workload) {
        String design = point.label(spec.parameters());
        List<String> values = point.values(spec.parameters());
        String label = spec.workloads().get(workload).label();
        Architecture arch;
        try {
            arch = architecture(point);
        } catch (WeftInputException | IllegalArgumentException e) {
            return Row.infeasible(point.index(), workload, design, label, values, e.getMessage(), Double.NaN);
        }
        AreaModel.Report area = AreaModel.of(arch).orElse(null);
        if (area == null) {
            return Row.infeasible(point.index(), workload, design, label, values, "technology '" + arch.technology()
                    + "' has no area scaling rule", Double.NaN);
        }
        Results results;
        try {
            WorkloadCase at = spec.workloads().get(workload);
            results = Pipeline.analytic(arch, new ArchEnergyTable(arch),
                            new Estimator.Options(spec.mapperSeed(), spec.searchBudget(), null, null))
                    .run(workloads.get(workload).build(at.spec(arch.nativeDtype()))).results();
        } catch (WeftInputException | IllegalArgumentException e) {
            return Row.infeasible(point.index(), workload, design, label, values, e.getMessage(), area.totalMm2());
        }
        Results.Totals t = results.totals();
        double leakagePj = area.totalLeakageW() * t.latencyS() * 1e12;
        double energyPj = t.energyPj() + leakagePj;
        Row row = new Row(point.index(), workload, design, label, values, true, "", t.latencyS(), t.energyPj(),
                leakagePj, energyPj / t.tokens(), area.totalMm2(), energyPj * 1e-12 / t.latencyS(), t.cycles(),
                t.utilization(), t.tokens());
        return spec.constraints().broken(row).map(row::breaking).orElse(row);
    }

    Architecture architecture(DesignPoint point) {
        ObjectNode tree = base.deepCopy();
        for (int p = 0; p < spec.parameters().size(); p++) {
            Architectures.set(tree, spec.parameters().get(p), point.choices().get(p));
        }
        return Architectures.build(tree, spec.sramEnergy(), spec.base() + " at " + point.label(spec.parameters()));
    }
}
