package dev.weft.energy;

import dev.weft.actions.ActionCounts;
import dev.weft.actions.ComputeAction;
import dev.weft.error.WeftInputException;
import dev.weft.workload.DType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The convention of efficient-attention papers: count multiplications and additions, and
 * price each at a per-operation energy for its type. Memory traffic and non-linear
 * functions (exp, division) are not priced, as in those papers (EcoFormer's released code
 * prices {@code muls * 3.7 + adds * 0.9} pJ); the results still report their counts.
 *
 * <p>Operations are priced at one type, {@code pricedAs}, whatever type the hardware runs
 * them at: papers price every operation as fp32 even for models they deploy quantised, so
 * the hardware's cycles and the paper's energy convention can sit side by side.
 *
 * @param mulPj    energy of one multiplication by type, in pJ
 * @param addPj    energy of one addition by type, in pJ
 * @param pricedAs the type every operation is priced at
 */
public record OpsEnergyModel(String name, Map<DType, Double> mulPj, Map<DType, Double> addPj, DType pricedAs)
        implements EnergyModel {
    public static final String NAME = "ops-45nm";

    /**
     * Horowitz, "Computing's energy problem", ISSCC 2014, 45 nm at 0.9 V. bf16 has no entry
     * of its own; it is priced as fp16, whose multiplier and adder it matches in width.
     */
    public static final OpsEnergyModel HOROWITZ_45NM = new OpsEnergyModel(NAME,
            table(3.7, 1.1, 1.1, 3.1, 0.2), table(0.9, 0.4, 0.4, 0.1, 0.03), DType.FP32);

    private static Map<DType, Double> table(double fp32, double fp16, double bf16, double int32, double int8) {
        Map<DType, Double> table = new EnumMap<>(DType.class);
        table.put(DType.FP32, fp32);
        table.put(DType.FP16, fp16);
        table.put(DType.BF16, bf16);
        table.put(DType.INT32, int32);
        table.put(DType.INT8, int8);
        return table;
    }

    public OpsEnergyModel {
        mulPj = Map.copyOf(mulPj);
        addPj = Map.copyOf(addPj);
        if (!mulPj.containsKey(pricedAs) || !addPj.containsKey(pricedAs)) {
            throw new WeftInputException("--energy " + name, "--ops-dtype", "the 45 nm table has no energy for "
                    + pricedAs.label(), "use --ops-dtype fp32, fp16, bf16, int32 or int8");
        }
    }

    /** The same table, pricing every operation at {@code dtype}. */
    public OpsEnergyModel pricedAs(DType dtype) {
        return new OpsEnergyModel(name, mulPj, addPj, dtype);
    }

    @Override
    public Map<String, Double> energyPj(ActionCounts counts) {
        Map<String, Double> energy = new LinkedHashMap<>();
        energy.put("mul." + pricedAs.label(), counts.count(ComputeAction.Arithmetic.MUL) * mulPj.get(pricedAs));
        energy.put("add." + pricedAs.label(), counts.count(ComputeAction.Arithmetic.ADD) * addPj.get(pricedAs));
        return energy;
    }
}
