package dev.weft.hdl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2:4 sparse array in Verilator against a dense Java product of the same (expanded) weights,
 * on a GEMM with edge folds in both weight dimensions, and with the weight-stationary timing
 * over its folds (each array row covers a group of four reduction indices).
 */
class SparseArraySimTest {
    private static final int R = 2, C = 3, M = 5, K = 20, N = 4;

    @Test
    void sparseArrayMatchesTheDenseProductOfItsWeights(@TempDir Path dir) {
        Optional<String> missing = ExternalTool.missing(ExternalTool.VERILATOR, ExternalTool.MAKE, ExternalTool.CXX);
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        Random random = new Random(11);
        int groups = K / 4;
        int[] a = new int[M * K];
        Arrays.setAll(a, x -> random.nextInt(256) - 128);
        int[][] w0 = new int[groups][N], w1 = new int[groups][N], i0 = new int[groups][N], i1 = new int[groups][N];
        int[] dense = new int[K * N];
        for (int g = 0; g < groups; g++) {
            for (int n = 0; n < N; n++) {
                int first = random.nextInt(3);
                int second = first + 1 + random.nextInt(3 - first);
                i0[g][n] = first;
                i1[g][n] = second;
                w0[g][n] = random.nextInt(256) - 128;
                w1[g][n] = random.nextInt(256) - 128;
                dense[(4 * g + first) * N + n] = w0[g][n];
                dense[(4 * g + second) * N + n] = w1[g][n];
            }
        }
        int[] expected = new int[M * N];
        for (int m = 0; m < M; m++) {
            for (int n = 0; n < N; n++) {
                for (int k = 0; k < K; k++) {
                    expected[m * N + n] += a[m * K + k] * dense[k * N + n];
                }
            }
        }
        CoreSpec.SparseArray spec = new CoreSpec.SparseArray(R, C);
        VerilatorBuild.Bench bench = VerilatorBuild.bench(Rtl.generate(spec),
                bench(spec.topModule(), a, w0, w1, i0, i1));
        ExternalTool.Run run = ExternalTool.run(List.of(bench.executable().toString()), dir, dir.resolve("run.log"), 60);
        List<String> lines = run.output().lines().toList();
        int folds = ((groups + R - 1) / R) * ((N + C - 1) / C);
        assertEquals("cycles " + folds * (2 * R + C + M - 2), lines.get(0));
        assertArrayEquals(expected, lines.stream().skip(1).mapToInt(Integer::parseInt).toArray());
    }

    private static String table(int[][] values) {
        return Arrays.stream(values).map(row -> "{" + Arrays.stream(row).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")) + "}").collect(Collectors.joining(","));
    }

    private static String bench(String top, int[] a, int[][] w0, int[][] w1, int[][] i0, int[][] i1) {
        StringBuilder ports = new StringBuilder("static void set_w(int j, int w0, int w1, int i0, int i1) {\n switch (j) {\n");
        for (int j = 0; j < C; j++) {
            ports.append("  case ").append(j).append(": top->io_w_").append(j).append("_w0 = w0; top->io_w_").append(j)
                    .append("_w1 = w1; top->io_w_").append(j).append("_idx0 = i0; top->io_w_").append(j)
                    .append("_idx1 = i1; break;\n");
        }
        ports.append(" }\n}\nstatic void set_a(int i, int l, int v) {\n switch (4 * i + l) {\n");
        for (int i = 0; i < R; i++) {
            for (int l = 0; l < 4; l++) {
                ports.append("  case ").append(4 * i + l).append(": top->io_a_").append(i).append('_').append(l)
                        .append(" = v; break;\n");
            }
        }
        ports.append(" }\n}\nstatic bool valid(int j) {\n switch (j) {\n");
        for (int j = 0; j < C; j++) {
            ports.append("  case ").append(j).append(": return top->io_outValid_").append(j).append(";\n");
        }
        ports.append(" }\n return false;\n}\nstatic uint32_t out(int j) {\n switch (j) {\n");
        for (int j = 0; j < C; j++) {
            ports.append("  case ").append(j).append(": return top->io_out_").append(j).append(";\n");
        }
        ports.append(" }\n return 0;\n}\n");
        return """
                #include <cstdint>
                #include <cstdio>
                #include "verilated.h"
                #include "V@TOP@.h"
                static const int R = @R@, C = @C@, M = @M@, K = @K@, N = @N@, G = K / 4;
                static const int A[M * K] = {@A@};
                static const int W0[G][N] = {@W0@}, W1[G][N] = {@W1@}, I0[G][N] = {@I0@}, I1[G][N] = {@I1@};
                static V@TOP@* top;
                static uint32_t OUT[M * N];
                static long seen[C];
                static long long tick = 0, first_input = -1, last_output = -1;
                static long fold_n0 = 0;
                @PORTS@
                static void cycle() {
                  top->clock = 0; top->eval();
                  for (int j = 0; j < C; j++) {
                    if (!valid(j)) continue;
                    long row = seen[j]++;
                    if (fold_n0 + j < N) OUT[row * N + fold_n0 + j] += out(j);
                    last_output = tick;
                  }
                  top->clock = 1; top->eval();
                  tick++;
                }
                static void idle() {
                  top->io_wLoad = 0; top->io_in_valid = 0; top->io_in_last = 0;
                  for (int j = 0; j < C; j++) set_w(j, 0, 0, 0, 1);
                  for (int i = 0; i < R; i++) for (int l = 0; l < 4; l++) set_a(i, l, 0);
                }
                int main() {
                  VerilatedContext ctx;
                  top = new V@TOP@{&ctx};
                  idle(); top->reset = 1;
                  for (int r = 0; r < 4; r++) cycle();
                  top->reset = 0;
                  for (int g0 = 0; g0 < G; g0 += R) {
                    for (int n0 = 0; n0 < N; n0 += C) {
                      idle(); top->clock = 0; top->eval();
                      while (!top->io_ready) cycle();
                      fold_n0 = n0;
                      for (int j = 0; j < C; j++) seen[j] = 0;
                      for (int r = 0; r < R; r++) {
                        if (first_input < 0) first_input = tick;
                        int g = g0 + (R - 1 - r);
                        top->io_wLoad = 1;
                        for (int j = 0; j < C; j++) {
                          if (g < G && n0 + j < N) set_w(j, W0[g][n0 + j], W1[g][n0 + j], I0[g][n0 + j], I1[g][n0 + j]);
                          else set_w(j, 0, 0, 0, 1);
                        }
                        cycle();
                      }
                      top->io_wLoad = 0;
                      for (int t = 0; t < M; t++) {
                        top->io_in_valid = 1; top->io_in_last = t == M - 1;
                        for (int i = 0; i < R; i++)
                          for (int l = 0; l < 4; l++) set_a(i, l, g0 + i < G ? A[t * K + 4 * (g0 + i) + l] : 0);
                        cycle();
                      }
                      idle();
                      bool done = false;
                      while (!done) { done = true; for (int j = 0; j < C; j++) done = done && seen[j] == M; if (!done) cycle(); }
                    }
                  }
                  printf("cycles %lld\\n", last_output - first_input + 1);
                  for (int x = 0; x < M * N; x++) printf("%d\\n", (int32_t) OUT[x]);
                  delete top;
                  return 0;
                }
                """.replace("@PORTS@", ports).replace("@TOP@", top).replace("@R@", Integer.toString(R))
                .replace("@C@", Integer.toString(C)).replace("@M@", Integer.toString(M)).replace("@K@", Integer.toString(K))
                .replace("@N@", Integer.toString(N))
                .replace("@A@", Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(",")))
                .replace("@W0@", table(w0)).replace("@W1@", table(w1)).replace("@I0@", table(i0)).replace("@I1@", table(i1));
    }
}
