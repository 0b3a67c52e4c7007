package dev.weft.sim;

/**
 * What simulating one job gives.
 *
 * @param cycles        from the first DRAM request to the last write-back
 * @param computeCycles cycles the array spends on folds (fill and drain included)
 * @param stallCycles   cycles the array waits for data or for a free output buffer,
 *                      the first load and the last write-back included: {@code cycles - computeCycles}
 * @param arrayOps      PE actions: MACs, skipped-zero MACs or word XNOR-popcounts
 * @param usefulMacs    multiply-accumulates that do useful work
 * @param folds         array folds executed
 * @param steps         buffer tiles executed
 * @param dramBusyCycles cycles the DRAM channel transfers data
 */
public record GemmResult(long cycles, long computeCycles, long stallCycles, double arrayOps, double usefulMacs,
                         long folds, long steps, long dramBusyCycles, Accesses accesses) {

    /** Useful MACs over the array's peak during the job's cycles. */
    public double utilization(ArraySpec array) {
        return cycles == 0 ? 0 : usefulMacs / ((double) cycles * array.pes());
    }
}
