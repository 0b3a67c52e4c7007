package dev.weft.nest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.arch.ArchitectureLoader;
import dev.weft.arch.ArrayDim;
import dev.weft.arch.Hierarchy;
import dev.weft.arch.Memory;
import dev.weft.arch.Operand;
import dev.weft.arch.PeKind;
import dev.weft.arch.Port;
import dev.weft.arch.SpatialArray;
import dev.weft.arch.StorageKind;
import dev.weft.workload.DType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The branch and bound cuts only what cannot win: on random small operators and random
 * machines (array shapes, memories keeping random operands, random capacities, ports and
 * energies) it returns exactly the mapping, and the score, that evaluating every mapping does.
 */
class PrunedEqualsBruteForceTest {
    private static final int CASES = 300;
    private static final String[] LOOP_DIMS = {"m", "n", "k"};
    private static final int CONV_CASES = 150;
    private static final String[] CONV_LOOP_DIMS = {"n", "k", "p", "q", "r"};

    @Test
    void prunedSearchFindsTheBruteForceOptimum() {
        SplittableRandom random = new SplittableRandom(20261130);
        int found = 0;
        long pruned = 0;
        long full = 0;
        for (int c = 0; c < CASES; c++) {
            Hierarchy hierarchy = randomHierarchy(random);
            NestProblem problem = NestProblem.gemm("case" + c, 1 + random.nextInt(2), 1 + random.nextInt(12),
                    1 + random.nextInt(12), 1 + random.nextInt(12));
            Objective objective = Objective.values()[random.nextInt(Objective.values().length)];
            NestMapper search = new NestMapper(hierarchy, objective, 6);
            NestMapper brute = new NestMapper(hierarchy, objective, 6);
            Optional<NestMapper.Best> fast = search.map(problem);
            Optional<NestMapper.Best> reference = brute.bruteForce(problem);
            assertEquals(reference.isPresent(), fast.isPresent(), "case " + c + ": feasibility");
            if (reference.isEmpty()) {
                continue;
            }
            found++;
            assertEquals(reference.get().score(), fast.get().score(), 1e-9 * reference.get().score(),
                    "case " + c + " (" + objective + "): score");
            assertEquals(reference.get().mapping(), fast.get().mapping(), "case " + c + ": the same mapping");
            pruned += search.evaluated();
            full += brute.evaluated();
        }
        assertTrue(found > CASES / 2, "most random machines fit their operator: " + found);
        assertTrue(pruned < full, "the bound cuts something: " + pruned + " of " + full);
    }

    /**
     * The same on random small convolutions (strides 1 and 2, kernels up to 3, inputs cropped or
     * padded by a pixel), whose input tiles are windows over partially relevant loops.
     */
    @Test
    void prunedSearchFindsTheBruteForceOptimumOfConvolutions() {
        SplittableRandom random = new SplittableRandom(20261201);
        int found = 0;
        for (int c = 0; c < CONV_CASES; c++) {
            Hierarchy hierarchy = randomHierarchy(random, CONV_LOOP_DIMS);
            long rows = 1 + random.nextInt(4);
            long cols = 1 + random.nextInt(4);
            long kernel = 1 + random.nextInt(3);
            long stride = 1 + random.nextInt(2);
            long inRows = Math.max(1, (rows - 1) * stride + kernel - random.nextInt(2));
            long inCols = Math.max(1, (cols - 1) * stride + kernel - random.nextInt(2));
            NestProblem problem = NestProblem.conv("conv" + c, 1, 1 + random.nextInt(4), 1 + random.nextInt(3), rows,
                    cols, kernel, kernel, stride, stride, inRows, inCols);
            Objective objective = Objective.values()[random.nextInt(Objective.values().length)];
            NestMapper search = new NestMapper(hierarchy, objective, 6);
            Optional<NestMapper.Best> fast = search.map(problem);
            Optional<NestMapper.Best> reference = new NestMapper(hierarchy, objective, 6).bruteForce(problem);
            assertEquals(reference.isPresent(), fast.isPresent(), "conv case " + c + ": feasibility");
            if (reference.isEmpty()) {
                continue;
            }
            found++;
            assertEquals(reference.get().score(), fast.get().score(), 1e-9 * reference.get().score(),
                    "conv case " + c + " (" + objective + "): score");
            assertEquals(reference.get().mapping(), fast.get().mapping(), "conv case " + c + ": the same mapping");
        }
        assertTrue(found > CONV_CASES / 2, "most random machines fit their convolution: " + found);
    }

    /**
     * BERT-base's attention scores for one head (128x128x64) on ZigZag's tpu_like: n and k fill
     * the 32x32 array, leaving k2, m2 m2 m2 m4 m4 (m128 in at most 8 factors) and n2 n2. The
     * SRAM and the weight registers keep every loop, the one-sum output register keeps k2: once
     * k2 and one loop indexing the output are placed, the rest of the order only moves the late
     * arrivals, none is late, and the first completion stands for all of them. Brute force
     * scores all 1,680 orders; the search the six seeds and one completion for each of the
     * three prefixes its bound lets through: k2 then m2 (standing for 90 orders of the rest),
     * m4 (60) or n2 (60).
     */
    @Test
    void aSettledOrderIsScoredOnceForAllItsCompletions() {
        Hierarchy hierarchy = ArchitectureLoader.preset("zigzag-tpu-like").hierarchy();
        NestProblem scores = NestProblem.gemm("attention scores", 1, 128, 128, 64);
        NestMapper search = new NestMapper(hierarchy, Objective.EDP);
        NestMapper brute = new NestMapper(hierarchy, Objective.EDP);
        NestMapper.Best fast = search.map(scores).orElseThrow();
        NestMapper.Best reference = brute.bruteForce(scores).orElseThrow();
        assertEquals(reference.mapping(), fast.mapping());
        assertEquals(reference.score(), fast.score());
        assertEquals(1680, brute.evaluated());
        assertEquals(9, search.evaluated());
    }

    private static Hierarchy randomHierarchy(SplittableRandom random) {
        return randomHierarchy(random, LOOP_DIMS);
    }

    private static Hierarchy randomHierarchy(SplittableRandom random, String[] loopDims) {
        int dimCount = 1 + random.nextInt(3);
        List<ArrayDim> dims = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int d = 0; d < dimCount; d++) {
            List<String> unrolls = new ArrayList<>();
            for (String loop : loopDims) {
                if (random.nextBoolean()) {
                    unrolls.add(loop);
                }
            }
            dims.add(new ArrayDim("D" + d, 2 + random.nextInt(3), unrolls));
            names.add("D" + d);
        }
        SpatialArray array = new SpatialArray("pe", dims, new PeKind.Mac(DType.INT8), 0.1 + random.nextDouble(),
                Optional.empty());
        List<Memory> memories = new ArrayList<>();
        memories.add(memory("dram", StorageKind.DRAM, Long.MAX_VALUE, EnumSet.allOf(Operand.class), names, random));
        int onChip = 1 + random.nextInt(3);
        List<String> served = new ArrayList<>(names);
        for (int i = 0; i < onChip; i++) {
            Set<Operand> holds = EnumSet.noneOf(Operand.class);
            for (Operand operand : Operand.values()) {
                if (random.nextInt(3) > 0) {
                    holds.add(operand);
                }
            }
            if (holds.isEmpty()) {
                holds.add(Operand.values()[random.nextInt(3)]);
            }
            if (random.nextBoolean() && !served.isEmpty()) {
                served = new ArrayList<>(served.subList(0, random.nextInt(served.size())));
            }
            long size = 16L << random.nextInt(8);
            memories.add(memory("m" + i, i == onChip - 1 ? StorageKind.REGISTER : StorageKind.SRAM, size, holds,
                    served, random));
        }
        return new Hierarchy(memories, array, Map.of(Operand.INPUT, 8, Operand.WEIGHT, 8, Operand.OUTPUT, 8),
                random.nextBoolean() ? 16 : 24);
    }

    private static Memory memory(String name, StorageKind kind, long sizeBits, Set<Operand> holds, List<String> served,
                                 SplittableRandom random) {
        double width = 8 << random.nextInt(4);
        List<Port> ports = random.nextBoolean()
                ? List.of(new Port(Port.Direction.READ_WRITE, width, 8, holds))
                : List.of(new Port(Port.Direction.READ, width, 8, holds), new Port(Port.Direction.WRITE, width, 8, holds));
        return new Memory(name, kind, sizeBits, holds, served, 0.01 + 10 * random.nextDouble(),
                0.01 + 10 * random.nextDouble(), ports, Map.of());
    }
}
