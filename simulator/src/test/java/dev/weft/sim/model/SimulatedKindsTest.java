package dev.weft.sim.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.Architecture;
import dev.weft.arch.ArchitectureLoader;
import dev.weft.error.WeftInputException;
import dev.weft.schedule.OperatorSchedule;
import dev.weft.sim.Engine;
import dev.weft.workload.Axis;
import dev.weft.workload.Compute;
import dev.weft.workload.DType;
import dev.weft.workload.Dim;
import dev.weft.workload.Operator;
import dev.weft.workload.OperatorKind;
import dev.weft.workload.StorageFormat;
import dev.weft.workload.TensorRole;
import dev.weft.workload.TensorSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator runs each kind by its job; a kind it has no job for is refused by name, not guessed. */
class SimulatedKindsTest {

    record Lookup() implements OperatorKind.Extension {
        @Override
        public boolean fits(Compute compute) {
            return true;
        }

        @Override
        public String label() {
            return "lookup";
        }
    }

    private static Operator operator(OperatorKind kind, Compute compute) {
        return new Operator("probe", "probe", "b", List.of(new Dim("M", 64), new Dim("N", 32)), List.of(
                new TensorSpec("x", TensorRole.INPUT, List.of(Axis.of("M"), Axis.of("N")), DType.INT8,
                        StorageFormat.DENSE),
                new TensorSpec("probe.out", TensorRole.OUTPUT, List.of(Axis.of("M"), Axis.of("N")), DType.INT8,
                        StorageFormat.DENSE)), compute, kind);
    }

    @Test
    void aKindWithoutAJobIsRefusedByName() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        ModelSimulator simulator = new ModelSimulator(arch, 0, Engine.FAST);
        WeftInputException e = assertThrows(WeftInputException.class, () -> simulator.simulate(
                operator(new Lookup(), new Compute.Vector(DType.INT8, 0, 1, 0)), OperatorSchedule.vector("probe")));
        assertEquals("probe", e.field());
        assertTrue(e.getMessage().contains("is a lookup, which the simulator cannot execute"), e.getMessage());
    }

    /** 64 x 32 additions over the lanes; the same operator as a row reduction streams alike. */
    @Test
    void vectorKindsStreamOnTheLanes() {
        Architecture arch = ArchitectureLoader.preset("systolic-32x32-int8");
        ModelSimulator simulator = new ModelSimulator(arch, 0, Engine.FAST);
        Compute add = new Compute.Vector(DType.INT8, 0, 1, 0);
        SimulatedOperator elementWise = simulator.simulate(operator(OperatorKind.ELEMENT_WISE, add),
                OperatorSchedule.vector("probe"));
        long lanes = arch.vector().lanes();
        assertEquals((64 * 32 + lanes - 1) / lanes, elementWise.computeCycles());
        SimulatedOperator row = simulator.simulate(operator(new OperatorKind.RowReduction("N", 1, false), add),
                OperatorSchedule.vector("probe"));
        assertEquals(elementWise.cycles(), row.cycles());
    }
}
